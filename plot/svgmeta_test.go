package plot

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// svgRead decodes a whole SVG document — it must be well-formed XML to the
// end — and returns the provenance fields of its <metadata>, in order, the
// text of every <text> element, and whether <metadata> is the first
// element inside <svg>.
func svgRead(t *testing.T, doc []byte) (fields [][2]string, texts []string, metaFirst bool) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var path []string
	var text strings.Builder
	elements := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elements++
			if len(path) == 1 && tok.Name.Local == "metadata" && elements == 2 {
				metaFirst = true
			}
			if len(path) == 2 && path[1] == "metadata" && (tok.Name.Local != "provenance" || tok.Name.Space != svgProvenanceNS) {
				t.Errorf("metadata holds %v", tok.Name)
			}
			path = append(path, tok.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			switch {
			case len(path) == 4 && path[2] == "provenance":
				fields = append(fields, [2]string{tok.Name.Local, text.String()})
			case tok.Name.Local == "text":
				texts = append(texts, text.String())
			}
			path = path[:len(path)-1]
		}
	}
	if len(path) != 0 {
		t.Fatalf("document ends inside %v", path)
	}
	return fields, texts, metaFirst
}

// TestSVGProvenance writes charts with provenance for names that need
// escaping and reads the whole document back with encoding/xml.
func TestSVGProvenance(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"plain", "data.csv", "data.csv"},
		{"markup", `R&D <1> "q" 'a' ]]>.csv`, `R&D <1> "q" 'a' ]]>.csv`},
		{"cyrillic", "данные.csv", "данные.csv"},
		{"newline", "a\nb.csv", "a\nb.csv"},
		{"not allowed in XML", "a\x01b.csv", "a\uFFFDb.csv"},
		{"invalid UTF-8", "a\xffb.csv", "a\uFFFDb.csv"},
	}
	for _, k := range []Kind{MediansChart, DistributionChart} {
		for _, tc := range tests {
			t.Run(k.String()+"/"+tc.name, func(t *testing.T) {
				d := NewSeries(tc.input, sampleMedians()) // the title names the input too
				p := testProvenance(tc.input)
				var buf bytes.Buffer
				c := Chart{Kind: k, Size: Size{W: 640, H: 360, Scale: 1}, Theme: Light}
				if err := c.Write(&buf, SVG, d, &p); err != nil {
					t.Fatal(err)
				}
				fields, texts, metaFirst := svgRead(t, buf.Bytes())
				if !metaFirst {
					t.Error("<metadata> is not the first element inside <svg>")
				}
				wantP := p
				wantP.Input = tc.want
				want := wantP.Fields()
				if len(fields) != len(want) {
					t.Fatalf("fields %q, want %d", fields, len(want))
				}
				for i, f := range want {
					if fields[i] != [2]string{f.Key, f.Value} {
						t.Errorf("field %d: %q, want %q", i, fields[i], [2]string{f.Key, f.Value})
					}
				}
				// The chart's title, which go-chart writes unescaped, names the
				// input as it was given (up to what XML cannot hold).
				if tc.name != "newline" && tc.name != "not allowed in XML" && tc.name != "invalid UTF-8" &&
					!strings.Contains(strings.Join(texts, "\n"), tc.want) {
					t.Errorf("no chart text names %q: %q", tc.want, texts)
				}
			})
		}
	}
}

// TestSVGMetaWriter feeds the writer in pieces, and gives it what is not
// an SVG document.
func TestSVGMetaWriter(t *testing.T) {
	const doc = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0"/></svg>`
	p := testProvenance("x.csv")
	want := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">` + string(svgMetadata(p)) + `<path d="M0 0"/></svg>`
	for _, piece := range []int{1, 3, 50, len(doc)} {
		var got bytes.Buffer
		w := newSVGMetaWriter(&got, p)
		total := 0
		for s := doc; len(s) > 0; {
			n, err := w.Write([]byte(s[:min(piece, len(s))]))
			if err != nil {
				t.Fatalf("pieces of %d: %v", piece, err)
			}
			total += n
			s = s[n:]
		}
		if err := w.Close(); err != nil || total != len(doc) || got.String() != want {
			t.Errorf("pieces of %d: %v, %d bytes taken:\n%s\nwant\n%s", piece, err, total, got.String(), want)
		}
	}
	tests := []struct{ name, doc, err string }{
		{"XML declaration first", `<?xml version="1.0"?><svg/>`, "does not start with an <svg> tag"},
		{"HTML", `<html><svg/></html>`, "does not start with an <svg> tag"},
		{"no tag end", `<svg ` + strings.Repeat("x", maxSVGHead), "does not start with an <svg> tag"},
		{"cut in the tag", `<svg xmlns="`, "ended inside its opening tag"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newSVGMetaWriter(&bytes.Buffer{}, p)
			_, err := w.Write([]byte(tc.doc))
			if err == nil {
				err = w.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("error %v, want %q", err, tc.err)
			}
		})
	}
}
