package compute

import "bytes"

// byte classes for the cell scanner's table lookup.
const (
	clsPlain = iota
	clsDelim
	clsNewline
	clsQuote
)

// tokenizer cuts a block of RFC 4180 CSV into cells, one record at a time,
// without allocating: a cell is a slice of the block, or of scratch when a
// quoted cell had "" escapes to undo. The block always starts at a record
// boundary (the reader cuts there) and ends at one or at end of input.
//
// Differences from encoding/csv, on purpose: spaces and tabs around a cell
// (and around its quotes) are trimmed; a lone CR ends a line as LF and CRLF
// do (old Mac exports, some instruments); CRLF inside a quoted field is
// kept as written, as RFC 4180 says, where encoding/csv turns it into LF.
type tokenizer struct {
	buf     []byte
	pos     int
	line    int // line number at pos
	delim   byte
	class   *[256]uint8
	scratch []byte

	// Set by next for the cell it returned.
	cellLine int  // line the cell starts on
	field    int  // 1-based field number of the cell
	quoted   bool // the cell was quoted (so it is never blank)
	inCopy   bool // the cell is in scratch (it had "" escapes): the next cell reuses that
	eor      bool // the cell was the last of its record
}

var classTables = map[byte]*[256]uint8{}

func classTable(delim byte) *[256]uint8 {
	if t, ok := classTables[delim]; ok {
		return t
	}
	t := new([256]uint8)
	t[delim] = clsDelim
	t['\n'] = clsNewline
	t['\r'] = clsNewline
	t['"'] = clsQuote
	return t
}

func init() {
	for _, d := range []byte{',', ';', '\t', '|'} {
		classTables[d] = classTable(d)
	}
}

func newTokenizer(buf []byte, line int, delim byte) *tokenizer {
	return &tokenizer{buf: buf, line: line, delim: delim, class: classTable(delim)}
}

func (t *tokenizer) isSpace(c byte) bool {
	return c == ' ' || (c == '\t' && t.delim != '\t')
}

// startRecord skips blank lines (nothing but spaces and tabs before a line
// end) and reports whether a record follows. It must be called before the
// first cell of every record. A line ends at LF, CRLF or a lone CR.
func (t *tokenizer) startRecord() bool {
	for t.pos < len(t.buf) {
		p := t.pos
		for p < len(t.buf) && t.isSpace(t.buf[p]) {
			p++
		}
		switch {
		case p == len(t.buf):
			t.pos = p // a last line of nothing but blanks
			return false
		case t.buf[p] == '\n':
			t.pos = p + 1
			t.line++
		case t.buf[p] == '\r':
			t.pos = skipCR(t.buf, p)
			t.line++
		default:
			t.field = 0
			t.eor = false
			return true
		}
	}
	return false
}

// endLine reports whether a line ends at buf[p] (LF, CRLF or a lone CR),
// counts it and returns the position after it.
func (t *tokenizer) endLine(p int) (int, bool) {
	if p == len(t.buf) {
		return p, false
	}
	switch t.buf[p] {
	case '\n':
		t.line++
		return p + 1, true
	case '\r':
		t.line++
		return skipCR(t.buf, p), true
	}
	return p, false
}

// skipCR returns the position after the line end that starts with the CR
// at buf[p]: CRLF or a lone CR.
func skipCR(buf []byte, p int) int {
	if p+1 < len(buf) && buf[p+1] == '\n' {
		return p + 2
	}
	return p + 1
}

// next returns the record's next cell, trimmed. After a cell with t.eor set
// the caller must call startRecord before asking for more.
func (t *tokenizer) next() ([]byte, *ParseError) {
	buf := t.buf
	t.field++
	p := t.pos
	for p < len(buf) && t.isSpace(buf[p]) {
		p++
	}
	t.cellLine = t.line
	if p < len(buf) && buf[p] == '"' {
		return t.quotedCell(p)
	}
	t.quoted, t.inCopy = false, false
	start := p
	class := t.class
scan:
	for p < len(buf) {
		switch class[buf[p]] {
		case clsPlain:
			p++
		case clsQuote:
			return nil, t.errAt(errBareQuote, buf[start:p+1])
		default:
			break scan
		}
	}
	end := p
	t.eor = true
	if q, ok := t.endLine(p); ok {
		p = q
	} else if p < len(buf) { // a delimiter
		t.eor = false
		p++
	}
	t.pos = p
	for end > start && (buf[end-1] == ' ' || buf[end-1] == '\t') {
		end--
	}
	return buf[start:end], nil
}

// quotedCell reads a quoted cell whose opening quote is at buf[open].
func (t *tokenizer) quotedCell(open int) ([]byte, *ParseError) {
	buf := t.buf
	t.quoted = true
	p := open + 1
	var cell []byte
	escaped := false
	for {
		q := bytes.IndexByte(buf[p:], '"')
		if q < 0 {
			t.line = t.cellLine
			return nil, t.errAt(errUnterminated, nil)
		}
		q += p
		t.line += countLines(buf[p:q])
		if q+1 < len(buf) && buf[q+1] == '"' {
			if !escaped {
				escaped = true
				t.scratch = append(t.scratch[:0], buf[open+1:q+1]...)
			} else {
				t.scratch = append(t.scratch, buf[p:q+1]...)
			}
			p = q + 2
			continue
		}
		t.inCopy = escaped
		if escaped {
			t.scratch = append(t.scratch, buf[p:q]...)
			cell = t.scratch
		} else {
			cell = buf[open+1 : q]
		}
		p = q + 1
		break
	}
	for p < len(buf) && t.isSpace(buf[p]) {
		p++
	}
	t.eor = true
	if q, ok := t.endLine(p); ok {
		p = q
	} else if p < len(buf) && buf[p] == t.delim {
		t.eor = false
		p++
	} else if p < len(buf) {
		end := min(len(buf), p+1)
		return nil, t.errAt(errExtraneous, buf[open:end])
	}
	t.pos = p
	return trimSpace(cell), nil
}

// countLines counts the line ends in b: LF, CRLF (once) and lone CR. A CR
// at the very end of b counts as a line end of its own.
func countLines(b []byte) int {
	n := bytes.Count(b, nl)
	if bytes.IndexByte(b, '\r') < 0 {
		return n
	}
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			n++
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

var nl = []byte{'\n'}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func (t *tokenizer) errAt(kind error, text []byte) *ParseError {
	return &ParseError{Line: t.cellLine, Field: t.field, Text: string(text), Err: kind}
}

// pair reads a whole record of two cells in one pass when it is the
// plainest long-table row: a first cell of plain bytes (no quote, no
// blank at either end, not empty) and a second that number reads, ending
// the record. It returns the first cell and the second's value, and moves
// past the record as next and number would. Any other record is left
// untouched, ok false, for the cell-by-cell path.
func (t *tokenizer) pair(mark byte) (first []byte, v float64, ok bool) {
	buf, p := t.buf, t.pos
	start := p
	class := t.class
	for p < len(buf) && class[buf[p]] == clsPlain {
		p++
	}
	if p == start || p == len(buf) || class[buf[p]] != clsDelim || t.isSpace(buf[start]) || t.isSpace(buf[p-1]) {
		return nil, 0, false
	}
	pos, line := t.pos, t.line
	t.pos, t.field = p+1, 1
	if v, ok = t.number(mark); !ok || !t.eor {
		t.pos, t.line, t.field, t.eor = pos, line, 0, false
		return nil, 0, false
	}
	return buf[start:p], v, true
}

// number reads the record's next cell in one pass when it is a plain
// decimal, [+-]? digits [mark digits], of at most 19 digits that Clinger's
// fast path converts exactly, followed at once by the delimiter, a line
// end or the end of the block: the shape of nearly every cell of a numeric
// export. It then moves past the cell as next does and returns its value,
// bit for bit ParseDecimal's. Any other cell (blanks, quotes, exponents,
// long digit strings, text) is left untouched, ok false, for next and
// ParseDecimal: the tokenizer's scan and the parser's were each a third of
// a run over wide rows, mostly walking the same bytes twice.
func (t *tokenizer) number(mark byte) (v float64, ok bool) {
	buf := t.buf
	p := t.pos
	neg := false
	if p < len(buf) && (buf[p] == '-' || buf[p] == '+') {
		neg = buf[p] == '-'
		p++
	}
	// Digits read (leading zeros too; past 19, mant is unused), and the
	// decimal exponent.
	mant, nd, p := digits(buf, p, 0)
	exp := 0
	if p < len(buf) && buf[p] == mark {
		var nf int
		mant, nf, p = digits(buf, p+1, mant)
		nd += nf
		exp = -nf
	}
	if nd == 0 || nd > 19 || mant > 1<<53 {
		return 0, false
	}
	cellLine := t.line
	eor := true
	if p < len(buf) {
		switch t.class[buf[p]] {
		case clsDelim:
			eor = false
			p++
		case clsNewline:
			p, _ = t.endLine(p)
		default:
			return 0, false
		}
	}
	t.field++
	t.cellLine = cellLine
	t.quoted, t.inCopy, t.eor = false, false, eor
	t.pos = p
	if exp == 0 {
		v = float64(mant)
	} else {
		v = float64(mant) / pow10[-exp]
	}
	if neg {
		v = -v
	}
	return v, true
}

// digits reads the run of ASCII digits at buf[p:] onto mant (mant·10ⁿ plus
// their value) and returns the new mant, the run's length n and where it
// ends.
func digits(buf []byte, p int, mant uint64) (uint64, int, int) {
	n := 0
	for p < len(buf) {
		d := buf[p] - '0'
		if d > 9 {
			break
		}
		mant = mant*10 + uint64(d)
		n++
		p++
	}
	return mant, n, p
}
