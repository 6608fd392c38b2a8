package plot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"medianscope/compute"
)

// Keywords of the text chunks a chart's PNG carries: the PNG
// specification's predefined ones (§11.3.4.2) where one fits, and one of
// ours for the whole provenance as JSON, for programs.
const (
	pngKeyTitle       = "Title"
	pngKeyDescription = "Description" // the provenance, one "key: value" a line, for people
	pngKeySoftware    = "Software"
	pngKeyCreated     = "Creation Time" // RFC 3339; the specification suggests but does not require RFC 1123
	pngKeyProvenance  = "Medianscope Provenance"
)

// pngText is one text chunk: a keyword and its text.
type pngText struct{ Keyword, Text string }

// pngTexts is what the PNG of chart k says of where it came from. (The
// PNG "Source" keyword means the device that made the image, not the data
// it shows, so the input is named in the title and the description.)
func pngTexts(k Kind, p compute.Provenance) []pngText {
	var desc strings.Builder
	for i, f := range p.Fields() {
		if i > 0 {
			desc.WriteByte('\n')
		}
		desc.WriteString(f.Key + ": " + f.Value)
	}
	// As the command line's -json writes it ("R&D.csv", not
	// "R\u0026D.csv"), but in ASCII: the chunk for programs is tEXt
	// whatever the input's name, and tools that skip iTXt (ImageMagick 6)
	// still read it.
	var js strings.Builder
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.Encode(p) // plain strings, ints and bools: cannot fail
	return []pngText{
		{pngKeyTitle, k.String() + " chart of " + p.Input},
		{pngKeyDescription, desc.String()},
		{pngKeySoftware, p.Software},
		{pngKeyCreated, p.Created},
		{pngKeyProvenance, asciiJSON(strings.TrimSuffix(js.String(), "\n"))},
	}
}

// asciiJSON writes every non-ASCII character of a JSON text as a \u escape
// (a UTF-16 surrogate pair beyond U+FFFF); such characters can only be
// inside strings, where the escape means the same.
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// pngHeadLen is the signature and the IHDR chunk, which must come first
// and always holds 13 bytes: length, type, data, CRC.
const pngHeadLen = len(pngSignature) + 4 + 4 + 13 + 4

// pngMetaWriter passes a PNG stream through to w, inserting text chunks
// right after the IHDR chunk (image/png, which go-chart encodes with,
// writes none). It holds back only the first pngHeadLen bytes; Close
// reports a stream that ended before its header.
type pngMetaWriter struct {
	w      io.Writer
	chunks []byte // the encoded text chunks
	head   []byte // the signature and IHDR, until complete
	done   bool   // head and chunks written: the rest passes through
	err    error
}

func newPNGMetaWriter(w io.Writer, texts []pngText) *pngMetaWriter {
	var chunks []byte
	for _, t := range texts {
		chunks = appendTextChunk(chunks, t)
	}
	return &pngMetaWriter{w: w, chunks: chunks, head: make([]byte, 0, pngHeadLen)}
}

func (m *pngMetaWriter) Write(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n := 0
	if !m.done {
		n = min(len(p), pngHeadLen-len(m.head))
		m.head = append(m.head, p[:n]...)
		p = p[n:]
		if len(m.head) < pngHeadLen {
			return n, nil
		}
		if m.err = checkPNGHead(m.head); m.err != nil {
			return n, m.err
		}
		if _, m.err = m.w.Write(m.head); m.err != nil {
			return n, m.err
		}
		if _, m.err = m.w.Write(m.chunks); m.err != nil {
			return n, m.err
		}
		m.done = true
	}
	k, err := m.w.Write(p)
	m.err = err
	return n + k, err
}

// Close reports an error if the stream never got past its header.
func (m *pngMetaWriter) Close() error {
	if m.err == nil && !m.done {
		m.err = errors.New("PNG stream ended inside its header")
	}
	return m.err
}

func checkPNGHead(h []byte) error {
	if string(h[:8]) != pngSignature || binary.BigEndian.Uint32(h[8:12]) != 13 || string(h[12:16]) != "IHDR" {
		return errors.New("not a PNG stream starting with its IHDR chunk")
	}
	return nil
}

// appendChunk appends a PNG chunk: length, type, data, CRC-32 of type and
// data.
func appendChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// appendTextChunk appends t as a tEXt chunk when its text is Latin-1 (the
// only text tEXt may hold), else as an uncompressed iTXt chunk in UTF-8
// with no language tag: a file named "данные.csv" keeps its name instead
// of turning into question marks. The keyword is always Latin-1 (ours are
// ASCII constants).
func appendTextChunk(b []byte, t pngText) []byte {
	data := append([]byte(t.Keyword), 0)
	if latin1, ok := toLatin1(t.Text); ok {
		return appendChunk(b, "tEXt", append(data, latin1...))
	}
	// Compression flag and method, an empty language tag and an empty
	// translated keyword, each of the last two ended by a NUL; then the
	// text with every invalid byte made U+FFFD, as encoding/json does.
	data = append(data, 0, 0, 0, 0)
	return appendChunk(b, "iTXt", append(data, string([]rune(t.Text))...))
}

// toLatin1 encodes s in ISO 8859-1 when every character is one that a
// tEXt chunk gives a meaning to: printable Latin-1 and the line feed (no
// other control character, no invalid UTF-8).
func toLatin1(s string) ([]byte, bool) {
	if !utf8.ValidString(s) {
		return nil, false
	}
	var b bytes.Buffer
	for _, r := range s {
		if r != '\n' && (r < 0x20 || r > 0xFF || (r >= 0x7F && r < 0xA0)) {
			return nil, false
		}
		b.WriteByte(byte(r))
	}
	return b.Bytes(), true
}
