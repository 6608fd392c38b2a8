package plot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image/png"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"medianscope/compute"
)

// testProvenance is a provenance naming input, with every field set.
func testProvenance(input string) compute.Provenance {
	return compute.Provenance{
		Input: input, SHA256: strings.Repeat("ab", 32), Shape: "long", Group: 2, Value: 3, Sheet: "Sheet 1",
		Delimiter: "tab", Decimal: "comma", Header: true, Labels: false, Encoding: "utf-16le", Workers: 4,
		Median: compute.MedianDefinition, Quartiles: compute.QuartileDefinition,
		Software: "Medianscope 9.8.7", Created: "2025-11-24T09:38:00Z",
	}
}

// pngChunk is one chunk as read back from a PNG file.
type pngChunk struct {
	typ  string
	data []byte
}

// readChunks splits a PNG file into its chunks, checking the signature,
// every length and every CRC.
func readChunks(t *testing.T, b []byte) []pngChunk {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		t.Fatal("no PNG signature")
	}
	b = b[len(pngSignature):]
	var chunks []pngChunk
	for len(b) > 0 {
		if len(b) < 12 {
			t.Fatalf("%d stray bytes after chunk %d", len(b), len(chunks))
		}
		n := int(binary.BigEndian.Uint32(b))
		if len(b) < 12+n {
			t.Fatalf("chunk %d (%q) runs past the end", len(chunks), b[4:8])
		}
		body := b[4 : 8+n]
		if got := binary.BigEndian.Uint32(b[8+n:]); got != crc32.ChecksumIEEE(body) {
			t.Fatalf("chunk %d (%q): bad CRC", len(chunks), body[:4])
		}
		chunks = append(chunks, pngChunk{string(body[:4]), body[4:]})
		b = b[12+n:]
	}
	return chunks
}

// decodeText reads a tEXt or iTXt chunk back into UTF-8.
func decodeText(t *testing.T, c pngChunk) (keyword, text string) {
	t.Helper()
	key, rest, ok := bytes.Cut(c.data, []byte{0})
	if !ok {
		t.Fatalf("%s chunk without a keyword", c.typ)
	}
	switch c.typ {
	case "tEXt":
		r := make([]rune, len(rest))
		for i, b := range rest { // Latin-1: one byte, one code point
			r[i] = rune(b)
		}
		return string(key), string(r)
	case "iTXt":
		if len(rest) < 4 || rest[0] != 0 || rest[1] != 0 || rest[2] != 0 || rest[3] != 0 {
			t.Fatalf("iTXt %q: want uncompressed, no language tag, no translated keyword: % x", key, rest[:min(4, len(rest))])
		}
		if !utf8.Valid(rest[4:]) {
			t.Fatalf("iTXt %q: text is not UTF-8", key)
		}
		return string(key), string(rest[4:])
	}
	t.Fatalf("not a text chunk: %s", c.typ)
	return "", ""
}

// TestPNGProvenance writes charts with provenance for input names that
// tEXt can hold and names it cannot, and reads them back: the PNG still
// decodes to the same image, the text chunks come right after IHDR with
// valid CRCs, and what they say is the provenance.
func TestPNGProvenance(t *testing.T) {
	tests := []struct {
		name, input string
		nameChunk   string // the type of the chunks that hold the name as text
		want        string // the name as read back
	}{
		{"ascii", "data.csv", "tEXt", "data.csv"},
		{"latin-1", "données à 5 €.csv", "iTXt", "données à 5 €.csv"}, // € is not Latin-1
		{"latin-1 only", "données.csv", "tEXt", "données.csv"},
		{"markup", `R&D <1> "q".csv`, "tEXt", `R&D <1> "q".csv`},
		{"cyrillic", "данные.csv", "iTXt", "данные.csv"},
		{"beyond the BMP", "📈.csv", "iTXt", "📈.csv"},
		{"control character", "a\x01b.csv", "iTXt", "a\x01b.csv"},
		{"invalid UTF-8", "a\xffb.csv", "iTXt", "a\uFFFDb.csv"},
	}
	d := sampleData()
	for _, k := range []Kind{MediansChart, DistributionChart} {
		c := Chart{Kind: k, Size: Size{W: 320, H: 200, Scale: 1}, Theme: Light}
		var plain bytes.Buffer
		if err := c.Write(&plain, PNG, d, nil); err != nil {
			t.Fatal(err)
		}
		for _, tc := range tests {
			t.Run(k.String()+"/"+tc.name, func(t *testing.T) {
				p := testProvenance(tc.input)
				var buf bytes.Buffer
				if err := c.Write(&buf, PNG, d, &p); err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(buf.Bytes()))
				if err != nil {
					t.Fatalf("image/png cannot decode the result: %v", err)
				}
				if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 200 {
					t.Fatalf("decoded %v", b)
				}
				chunks := readChunks(t, buf.Bytes())
				if chunks[0].typ != "IHDR" || chunks[len(chunks)-1].typ != "IEND" {
					t.Fatalf("first %s, last %s", chunks[0].typ, chunks[len(chunks)-1].typ)
				}
				texts := map[string]string{}
				var types []string
				for _, ch := range chunks[1:] {
					if ch.typ != "tEXt" && ch.typ != "iTXt" {
						break // every text chunk comes right after IHDR
					}
					key, text := decodeText(t, ch)
					texts[key] = text
					types = append(types, key+":"+ch.typ)
				}
				want := map[string]string{
					pngKeyTitle:    k.String() + " chart of " + tc.want,
					pngKeySoftware: "Medianscope 9.8.7",
					pngKeyCreated:  "2025-11-24T09:38:00Z",
				}
				for key, v := range want {
					if texts[key] != v {
						t.Errorf("%s = %q, want %q", key, texts[key], v)
					}
				}
				wantP := p
				wantP.Input = tc.want
				var lines []string
				for _, f := range wantP.Fields() {
					lines = append(lines, f.Key+": "+f.Value)
				}
				if got := texts[pngKeyDescription]; got != strings.Join(lines, "\n") {
					t.Errorf("description:\n%s\nwant:\n%s", got, strings.Join(lines, "\n"))
				}
				var gotP compute.Provenance
				if err := json.Unmarshal([]byte(texts[pngKeyProvenance]), &gotP); err != nil || gotP != wantP {
					t.Errorf("provenance JSON %q: %v\nwant %+v", texts[pngKeyProvenance], err, wantP)
				}
				if strings.Contains(texts[pngKeyProvenance], `\u0026`) {
					t.Errorf("provenance JSON escapes & for HTML: %s", texts[pngKeyProvenance])
				}
				wantTypes := []string{pngKeyTitle + ":" + tc.nameChunk, pngKeyDescription + ":" + tc.nameChunk,
					pngKeySoftware + ":tEXt", pngKeyCreated + ":tEXt", pngKeyProvenance + ":tEXt"} // the JSON is ASCII
				if strings.Join(types, " ") != strings.Join(wantTypes, " ") {
					t.Errorf("text chunks %v, want %v", types, wantTypes)
				}
				// Without the text chunks, the file is the chart as written
				// without provenance, byte for byte.
				var stripped bytes.Buffer
				stripped.WriteString(pngSignature)
				for _, ch := range chunks {
					if ch.typ != "tEXt" && ch.typ != "iTXt" {
						stripped.Write(appendChunk(nil, ch.typ, ch.data))
					}
				}
				if !bytes.Equal(stripped.Bytes(), plain.Bytes()) {
					t.Error("the chart itself differs from the one written without provenance")
				}
			})
		}
	}
}

// TestPNGMetaWriterStreams feeds the writer in pieces of every size around
// the header's: the output is the same as from one write.
func TestPNGMetaWriterStreams(t *testing.T) {
	var src bytes.Buffer
	if err := (Chart{Kind: MediansChart, Size: Size{W: 120, H: 80}, Theme: Dark}).Write(&src, PNG, sampleData(), nil); err != nil {
		t.Fatal(err)
	}
	texts := pngTexts(MediansChart, testProvenance("x.csv"))
	var want bytes.Buffer
	w := newPNGMetaWriter(&want, texts)
	if _, err := w.Write(src.Bytes()); err != nil || w.Close() != nil {
		t.Fatal(err)
	}
	for _, piece := range []int{1, 2, 7, pngHeadLen - 1, pngHeadLen, pngHeadLen + 1, 1000} {
		var got bytes.Buffer
		w := newPNGMetaWriter(&got, texts)
		total := 0
		for b := src.Bytes(); len(b) > 0; {
			n, err := w.Write(b[:min(piece, len(b))])
			if err != nil {
				t.Fatalf("pieces of %d: %v", piece, err)
			}
			total += n
			b = b[n:]
		}
		if err := w.Close(); err != nil || total != src.Len() || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("pieces of %d: %v, %d of %d bytes taken, same output %v", piece, err, total, src.Len(), bytes.Equal(got.Bytes(), want.Bytes()))
		}
	}
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestPNGMetaWriterErrors(t *testing.T) {
	var src bytes.Buffer
	if err := (Chart{Kind: MediansChart, Size: Size{W: 120, H: 80}, Theme: Light}).Write(&src, PNG, sampleData(), nil); err != nil {
		t.Fatal(err)
	}
	texts := pngTexts(DistributionChart, testProvenance("x.csv"))
	tests := []struct {
		name  string
		input []byte
		out   io.Writer
		want  string
	}{
		{"not a PNG", []byte(strings.Repeat("GIF89a", 10)), &bytes.Buffer{}, "not a PNG"},
		{"no IHDR first", append([]byte(pngSignature), appendChunk(nil, "tEXt", make([]byte, 13))...), &bytes.Buffer{}, "not a PNG"},
		{"ends in the header", src.Bytes()[:20], &bytes.Buffer{}, "ended inside its header"},
		{"empty", nil, &bytes.Buffer{}, "ended inside its header"},
		{"writer fails", src.Bytes(), errWriter{}, "disk full"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newPNGMetaWriter(tc.out, texts)
			_, err := w.Write(tc.input)
			if err == nil {
				err = w.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	// A failing chart write reaches the caller of Chart.Write.
	p := testProvenance("x.csv")
	if err := (Chart{Kind: MediansChart, Size: Size{W: 120, H: 80}, Theme: Light}).Write(errWriter{}, PNG, sampleData(), &p); err == nil {
		t.Error("Write to a failing writer succeeded")
	}
}

// TestPNGKeywords checks our keywords against the PNG rules: 1 to 79
// printable Latin-1 characters, no leading, trailing or double space.
func TestPNGKeywords(t *testing.T) {
	for _, tx := range pngTexts(MediansChart, testProvenance("x")) {
		k := tx.Keyword
		ok := len(k) >= 1 && len(k) <= 79 && k[0] != ' ' && k[len(k)-1] != ' ' && !strings.Contains(k, "  ")
		for _, c := range []byte(k) {
			ok = ok && c >= 0x20 && c <= 0x7E
		}
		if !ok {
			t.Errorf("keyword %q breaks the PNG rules", k)
		}
	}
}
