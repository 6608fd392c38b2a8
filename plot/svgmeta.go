package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"

	"medianscope/compute"
)

// svgProvenanceNS is the namespace of the provenance element in an SVG's
// <metadata>. It names the format and need not resolve.
const svgProvenanceNS = "https://medianscope.io/ns/provenance/1"

// svgMetadata is the <metadata> element saying where a chart came from:
// one child element a Provenance field, named by its JSON key, in a
// namespace of ours (SVG allows any such content in <metadata>):
//
//	<metadata><provenance xmlns="…"><input>data.csv</input>…</provenance></metadata>
func svgMetadata(p compute.Provenance) []byte {
	var b bytes.Buffer
	b.WriteString(`<metadata><provenance xmlns="` + svgProvenanceNS + `">`)
	for _, f := range p.Fields() {
		b.WriteString("<" + f.Key + ">")
		// Escaped; invalid UTF-8 and characters XML does not allow become
		// U+FFFD. Writing to a bytes.Buffer cannot fail.
		xml.EscapeText(&b, []byte(f.Value))
		b.WriteString("</" + f.Key + ">")
	}
	b.WriteString("</provenance></metadata>")
	return b.Bytes()
}

// maxSVGHead bounds what svgMetaWriter holds back looking for the end of
// the opening <svg …> tag (go-chart's is under 200 bytes).
const maxSVGHead = 4096

// svgMetaWriter passes an SVG document through to w, inserting a
// <metadata> element right after the opening <svg …> tag, which must start
// the document (go-chart writes no XML declaration). Close reports a
// document that ended before that tag did.
type svgMetaWriter struct {
	w    io.Writer
	meta []byte
	head []byte // the opening tag, until its '>'
	done bool
	err  error
}

func newSVGMetaWriter(w io.Writer, p compute.Provenance) *svgMetaWriter {
	return &svgMetaWriter{w: w, meta: svgMetadata(p)}
}

func (m *svgMetaWriter) Write(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n := 0
	if !m.done {
		i := bytes.IndexByte(p, '>')
		if i < 0 {
			m.head = append(m.head, p...)
			if len(m.head) > maxSVGHead {
				m.err = errors.New("SVG document does not start with an <svg> tag")
			}
			return len(p), m.err
		}
		n = i + 1
		m.head = append(m.head, p[:n]...)
		p = p[n:]
		if !bytes.HasPrefix(m.head, []byte("<svg")) {
			m.err = errors.New("SVG document does not start with an <svg> tag")
			return n, m.err
		}
		if _, m.err = m.w.Write(m.head); m.err != nil {
			return n, m.err
		}
		if _, m.err = m.w.Write(m.meta); m.err != nil {
			return n, m.err
		}
		m.done = true
	}
	k, err := m.w.Write(p)
	m.err = err
	return n + k, err
}

// Close reports an error if the document never got past its opening tag.
func (m *svgMetaWriter) Close() error {
	if m.err == nil && !m.done {
		m.err = errors.New("SVG document ended inside its opening tag")
	}
	return m.err
}

// escapedSVG is go-chart's SVG renderer with text escaped: go-chart writes
// text into the document as it is, so a title naming "R&D.csv" or a label
// "<5" made the SVG ill-formed XML that browsers refuse to show.
func escapedSVG(w, h int) (chart.Renderer, error) {
	r, err := chart.SVG(w, h)
	if err != nil {
		return nil, err
	}
	return svgTextEscaper{r}, nil
}

// svgTextEscaper escapes the text it draws; measuring (MeasureText) still
// sees the text as shown.
type svgTextEscaper struct{ chart.Renderer }

func (e svgTextEscaper) Text(body string, x, y int) {
	var b strings.Builder
	xml.EscapeText(&b, []byte(body))
	e.Renderer.Text(b.String(), x, y)
}
