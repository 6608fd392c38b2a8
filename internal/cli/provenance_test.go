package cli

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"medianscope/compute"
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// provenanceOf is the "provenance" object of a -json output, which must be
// its last key.
func provenanceOf(t *testing.T, out string) compute.Provenance {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.Token() // {
	var last string
	var p compute.Provenance
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		last = key.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if last == "provenance" {
			if err := json.Unmarshal(v, &p); err != nil {
				t.Fatal(err)
			}
		}
	}
	if last != "provenance" {
		t.Fatalf("the last key is %q, not provenance: %s", last, out)
	}
	return p
}

// TestJSONProvenance: -json ends with where the result came from, the
// digest being of the input as stored (compressed, or piped).
func TestJSONProvenance(t *testing.T) {
	defer func(v string) { Version = v }(Version)
	Version = "1.2.3"
	const rows = "a;1,5;2\nb;3;4\n"
	csvPath := writeFile(t, "R&D data.csv", rows)
	gzPath := writeFile(t, "d.csv.gz", string(gzipped(rows)))
	tests := []struct {
		name      string
		stdin     string
		args      []string
		input     string
		sha256    string
		shape     string
		delimiter string
	}{
		{"file", "", []string{"-workers", "2", csvPath}, "R&D data.csv", sha256Hex([]byte(rows)), "rows", ";"},
		{"gzip, as stored", "", []string{"-workers", "2", gzPath}, "d.csv.gz", sha256Hex(gzipped(rows)), "rows", ";"},
		{"standard input", rows, []string{"-workers", "2", "-"}, "<stdin>", sha256Hex([]byte(rows)), "rows", ";"},
		{"columns, given", "", []string{"-workers", "2", "-by", "columns", "-delim", ";", csvPath}, "R&D data.csv", sha256Hex([]byte(rows)), "columns", ";"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now().UTC().Truncate(time.Second)
			code, out, errs := runCLI(t, tc.stdin, append([]string{"-headless", "-json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			p := provenanceOf(t, out)
			if p.Input != tc.input || p.SHA256 != tc.sha256 || p.Shape != tc.shape || p.Delimiter != tc.delimiter ||
				p.Decimal != "comma" || p.Workers != 2 || p.Software != "Medianscope 1.2.3" ||
				p.Median != compute.MedianDefinition || p.Quartiles != compute.QuartileDefinition {
				t.Errorf("provenance %+v", p)
			}
			if c, err := time.Parse(time.RFC3339, p.Created); err != nil || c.Before(start) || !strings.HasSuffix(p.Created, "Z") {
				t.Errorf("created %q: %v", p.Created, err)
			}
			if !strings.Contains(out, `"input":"`+tc.input+`"`) {
				t.Errorf("the name is escaped: %s", out)
			}
		})
	}
}

// TestChartProvenance: -png and an SVG -hist-png carry the provenance that
// -json reports for the same run.
func TestChartProvenance(t *testing.T) {
	const rows = "a,1,2\nb,5\nc,3\n"
	p := writeFile(t, "données.csv", rows)
	dir := t.TempDir()
	m, h := filepath.Join(dir, "m.png"), filepath.Join(dir, "h.svg")
	code, out, errs := runCLI(t, "", "-headless", "-json", "-png", m, "-hist-png", h, "-size", "400x300", p)
	if code != 0 {
		t.Fatal(errs)
	}
	want := provenanceOf(t, out)
	if want.SHA256 != sha256Hex([]byte(rows)) || want.Input != "données.csv" {
		t.Fatalf("provenance %+v", want)
	}

	raw, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	texts := pngTextChunks(t, raw)
	var got compute.Provenance
	if err := json.Unmarshal([]byte(texts["Medianscope Provenance"]), &got); err != nil || got != want {
		t.Errorf("PNG provenance %q: %v\nwant %+v", texts["Medianscope Provenance"], err, want)
	}
	if texts["Title"] != "medians chart of données.csv" || texts["Software"] != want.Software || texts["Creation Time"] != want.Created {
		t.Errorf("PNG texts %q", texts)
	}

	raw, err = os.ReadFile(h)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Metadata struct {
			Provenance struct {
				Input  string `xml:"input"`
				SHA256 string `xml:"sha256"`
				Shape  string `xml:"shape"`
			} `xml:"https://medianscope.io/ns/provenance/1 provenance"`
		} `xml:"metadata"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("SVG: %v", err)
	}
	if sp := doc.Metadata.Provenance; sp.Input != want.Input || sp.SHA256 != want.SHA256 || sp.Shape != want.Shape {
		t.Errorf("SVG provenance %+v, want %+v", sp, want)
	}
}

// pngTextChunks reads the tEXt chunks of a PNG (Latin-1) into UTF-8.
func pngTextChunks(t *testing.T, b []byte) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for b = b[8:]; len(b) >= 12; {
		n := binary.BigEndian.Uint32(b)
		typ, data := string(b[4:8]), b[8:8+n]
		if typ == "tEXt" {
			key, val, _ := bytes.Cut(data, []byte{0})
			r := make([]rune, len(val))
			for i, c := range val {
				r[i] = rune(c)
			}
			texts[string(key)] = string(r)
		}
		b = b[12+n:]
	}
	return texts
}

// TestDigestReader: the digest covers what the engine left unread, and a
// read error makes it unavailable rather than wrong.
func TestDigestReader(t *testing.T) {
	data := []byte(strings.Repeat("0123456789", 1000))
	tests := []struct {
		name string
		read int // bytes the engine reads before stopping
		r    io.Reader
		want string
	}{
		{"read to the end", len(data) + 1, bytes.NewReader(data), sha256Hex(data)},
		{"left unread", 100, bytes.NewReader(data), sha256Hex(data)},
		{"nothing read", 0, bytes.NewReader(data), sha256Hex(data)},
		{"read error", 100, io.MultiReader(bytes.NewReader(data[:500]), iotest.ErrReader(errors.New("bad sector"))), "unavailable (reading the input: bad sector)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDigestReader(tc.r)
			io.CopyN(io.Discard, d, int64(tc.read))
			if got := d.sum(); got != tc.want {
				t.Errorf("sum %s, want %s", got, tc.want)
			}
		})
	}
	// The engine still learns a file's size through the wrapper.
	f, err := os.Open(writeFile(t, "s.csv", "1,2\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fi, err := newDigestReader(f).Stat(); err != nil || fi.Size() != 4 {
		t.Errorf("Stat: %v %v", fi, err)
	}
	if _, err := newDigestReader(strings.NewReader("x")).Stat(); err == nil {
		t.Error("Stat of a reader without one succeeded")
	}
}
