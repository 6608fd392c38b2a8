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
)

var refNumber = regexp.MustCompile(`^[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:inf|infinity))$`)

func refParseNumber(s string) (float64, bool) {
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

// record skips blank lines and reports whether a record starts here.
func (s *refScanner) record() bool {
	for s.pos < len(s.data) {
		end := bytes.IndexByte(s.data[s.pos:], '\n')
		var ln []byte
		if end < 0 {
			ln = s.data[s.pos:]
		} else {
			ln = s.data[s.pos : s.pos+end]
		}
		blank := true
		for i, c := range ln {
			if !(s.space(c) || (c == '\r' && i == len(ln)-1)) {
				blank = false
			}
		}
		if !blank {
			s.field, s.eor = 0, false
			return true
		}
		if end < 0 {
			s.pos = len(s.data)
			return false
		}
		s.pos += end + 1
		s.line++
	}
	return false
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
			s.pos++
			if c == '"' {
				if s.pos < len(s.data) && s.data[s.pos] == '"' {
					out = append(out, '"')
					s.pos++
					continue
				}
				break
			}
			if c == '\n' {
				s.line++
			}
			out = append(out, c)
		}
		for s.pos < len(s.data) && s.space(s.data[s.pos]) {
			s.pos++
		}
		rest := s.data[s.pos:]
		switch {
		case len(rest) == 0:
			s.eor = true
		case rest[0] == s.delim:
			s.pos++
		case rest[0] == '\n':
			s.eor = true
			s.pos++
			s.line++
		case string(rest) == "\r":
			s.eor = true
			s.pos++
		case len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n':
			s.eor = true
			s.pos += 2
			s.line++
		default:
			return "", &refError{s.cellLine, s.field, true}
		}
	} else {
		for {
			if s.pos >= len(s.data) {
				s.eor = true
				break
			}
			c := s.data[s.pos]
			s.pos++
			if c == s.delim {
				break
			}
			if c == '\n' {
				s.eor = true
				s.line++
				break
			}
			if c == '"' {
				return "", &refError{s.cellLine, s.field, true}
			}
			out = append(out, c)
		}
		if s.eor && len(out) > 0 && out[len(out)-1] == '\r' {
			out = out[:len(out)-1]
		}
	}
	return string(bytes.Trim(out, " \t")), nil
}

type refResult struct {
	lists                    []ListStat
	values, skipped, invalid int64
	err                      *refError
	inputErr                 bool // not CSV text, empty, or no numbers
}

func reference(data []byte, o Options) refResult {
	o = o.withDefaults()
	var r refResult
	if len(data) == 0 {
		r.inputErr = true
		return r
	}
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(data, []byte{0xff, 0xfe}) ||
		bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte("PK\x03\x04")) ||
		bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		r.inputErr = true
		return r
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := &refScanner{data: data, line: 1, delim: o.Delimiter}
	first := true
	for s.record() {
		if first {
			first = false
			pos, line := s.pos, s.line
			header := o.Header == HeaderYes
			if o.Header == HeaderAuto {
				for {
					c, err := s.cell()
					if err != nil {
						r.err = err
						return r
					}
					_, num := refParseNumber(c)
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
			v, num := refParseNumber(c)
			switch {
			case s.field == 1 && o.Label == LabelFirst:
				l.Label = c
			case num:
				vals = append(vals, v)
			case IsMissing([]byte(c)):
				r.skipped++
			case s.field == 1 && o.Label == LabelAuto:
				l.Label = c
			case o.SkipInvalid:
				r.invalid++
			default:
				r.err = &refError{s.cellLine, s.field, false}
				return r
			}
		}
		l.Index = len(r.lists)
		l.Count = len(vals)
		l.Median = refMedian(vals)
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
