package compute

// A slow, obvious reference implementation of Medianscope's semantics, for
// property and fuzz tests: the whole input in memory, a character-at-a-time
// CSV reader, a regular expression for the number grammar, a full sort for
// the median and exact big.Float arithmetic for the even midpoint. It shares
// no code with the engine except the exported missing-marker list.

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// refLabel reads a label as the engine's EncodingAuto does: UTF-8, or
// Windows-1252 when it is not valid UTF-8.
func refLabel(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	t, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		panic(err)
	}
	return t
}

var refNumber = regexp.MustCompile(`^[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:inf|infinity))$`)

// refParseNumber reads s with mark as the decimal mark.
func refParseNumber(s string, mark byte) (float64, bool) {
	if mark == ',' {
		if strings.Contains(s, ".") {
			return 0, false
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	if !refNumber.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		panic("grammar accepted what ParseFloat refuses: " + s)
	}
	return f, true
}

func refMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2] + 0
	}
	a, b := s[n/2-1], s[n/2]
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		if math.IsInf(a, -1) && math.IsInf(b, 1) {
			return math.NaN()
		}
		if math.IsInf(a, 0) {
			return a
		}
		return b
	}
	sum := new(big.Float).SetPrec(4096).SetFloat64(a)
	sum.Add(sum, new(big.Float).SetFloat64(b))
	sum.Quo(sum, big.NewFloat(2))
	m, _ := sum.Float64()
	return m + 0
}

type refError struct {
	line, col int
	quoting   bool // else not a number
}

type refScanner struct {
	data  []byte
	pos   int
	line  int
	delim byte
	// per cell
	cellLine, field int
	eor             bool
}

func (s *refScanner) space(c byte) bool { return c == ' ' || (c == '\t' && s.delim != '\t') }

// lineEnd reports whether a line ends at data[i] and how many bytes it
// takes: LF, CRLF or a lone CR.
func (s *refScanner) lineEnd(i int) (int, bool) {
	switch {
	case s.data[i] == '\n':
		return 1, true
	case s.data[i] == '\r' && i+1 < len(s.data) && s.data[i+1] == '\n':
		return 2, true
	case s.data[i] == '\r':
		return 1, true
	}
	return 0, false
}

// record skips blank lines and reports whether a record starts here.
func (s *refScanner) record() bool {
	for {
		p := s.pos
		for p < len(s.data) && s.space(s.data[p]) {
			p++
		}
		if p == len(s.data) {
			s.pos = p
			return false
		}
		n, ok := s.lineEnd(p)
		if !ok {
			s.field, s.eor = 0, false
			return true
		}
		s.pos = p + n
		s.line++
	}
}

func (s *refScanner) cell() (string, *refError) {
	s.field++
	for s.pos < len(s.data) && s.space(s.data[s.pos]) {
		s.pos++
	}
	s.cellLine = s.line
	var out []byte
	if s.pos < len(s.data) && s.data[s.pos] == '"' {
		s.pos++
		for {
			if s.pos >= len(s.data) {
				return "", &refError{s.cellLine, s.field, true}
			}
			c := s.data[s.pos]
			if c == '"' {
				if s.pos+1 < len(s.data) && s.data[s.pos+1] == '"' {
					out = append(out, '"')
					s.pos += 2
					continue
				}
				s.pos++
				break
			}
			if n, ok := s.lineEnd(s.pos); ok {
				s.line++
				out = append(out, s.data[s.pos:s.pos+n]...)
				s.pos += n
				continue
			}
			out = append(out, c)
			s.pos++
		}
		for s.pos < len(s.data) && s.space(s.data[s.pos]) {
			s.pos++
		}
		switch {
		case s.pos == len(s.data):
			s.eor = true
		case s.data[s.pos] == s.delim:
			s.pos++
		default:
			n, ok := s.lineEnd(s.pos)
			if !ok {
				return "", &refError{s.cellLine, s.field, true}
			}
			s.eor = true
			s.pos += n
			s.line++
		}
	} else {
		for {
			if s.pos >= len(s.data) {
				s.eor = true
				break
			}
			c := s.data[s.pos]
			if c == s.delim {
				s.pos++
				break
			}
			if n, ok := s.lineEnd(s.pos); ok {
				s.eor = true
				s.line++
				s.pos += n
				break
			}
			if c == '"' {
				return "", &refError{s.cellLine, s.field, true}
			}
			out = append(out, c)
			s.pos++
		}
	}
	return string(bytes.Trim(out, " \t")), nil
}

type refResult struct {
	lists                    []ListStat
	values, skipped, invalid int64
	err                      *refError
	inputErr                 bool // not CSV text, empty, or no numbers
	// skip: the input starts like a container, a compressed stream or
	// UTF-16 text, which the reference does not read: only "no panic".
	skip bool
}

func reference(data []byte, o Options) refResult {
	o = o.withDefaults()
	var r refResult
	if len(data) == 0 {
		r.inputErr = true
		return r
	}
	for _, magic := range []string{"\xff\xfe", "\xfe\xff", "PK\x03\x04", "\x1f\x8b", "\x28\xb5\x2f\xfd", "\xfd7zXZ\x00", "BZh", "\xd0\xcf\x11\xe0"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			r.skip = true
			return r
		}
	}
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		r.inputErr = true
		return r
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := &refScanner{data: data, line: 1, delim: o.Dialect.Delimiter}
	mark := o.Dialect.Decimal.Mark()
	first := true
	for s.record() {
		if first {
			first = false
			pos, line := s.pos, s.line
			header := o.Dialect.Header == HeaderYes
			if o.Dialect.Header == HeaderAuto {
				for {
					c, err := s.cell()
					if err != nil {
						r.err = err
						return r
					}
					_, num := refParseNumber(c, mark)
					if num || IsMissing([]byte(c)) {
						break
					}
					if s.eor {
						header = s.field >= 2
						break
					}
				}
				s.pos, s.line = pos, line
				s.field, s.eor = 0, false
			}
			if header {
				for !s.eor {
					if _, err := s.cell(); err != nil {
						r.err = err
						return r
					}
				}
				continue
			}
		}
		l := ListStat{Line: s.line}
		var vals []float64
		for !s.eor {
			c, err := s.cell()
			if err != nil {
				r.err = err
				return r
			}
			v, num := refParseNumber(c, mark)
			switch {
			case s.field == 1 && o.Dialect.Label == LabelFirst:
				l.Label = refLabel(c)
			case num:
				vals = append(vals, v)
				if math.IsInf(v, 0) && !strings.ContainsAny(c, "iI") {
					l.Overflow++
				}
			case IsMissing([]byte(c)):
				r.skipped++
				l.Missing++
			case s.field == 1 && o.Dialect.Label == LabelAuto:
				l.Label = refLabel(c)
			case o.SkipInvalid:
				r.invalid++
				l.Invalid++
			default:
				r.err = &refError{s.cellLine, s.field, false}
				return r
			}
		}
		l.Index = len(r.lists)
		l.Count = len(vals)
		l.Median = refMedian(vals)
		setRefSpread(&l, vals)
		r.values += int64(len(vals))
		r.lists = append(r.lists, l)
	}
	if r.values == 0 {
		r.inputErr = true
	}
	return r
}

func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}
