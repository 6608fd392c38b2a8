package peers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"sync"
)

// The probe is an anchor for the parse+select core, not a product: two
// goroutines each read their half of the file with ReadAt in 4 MiB chunks
// cut at line starts (a line longer than a chunk grows the chunk), parse
// cells with a small exact decimal parser (Clinger's fast path, else
// strconv.ParseFloat), quickselect every row's values for its median and
// keep only the smallest and the largest median. It knows no quoting, no
// header detection and no missing markers but the empty cell: a row's first
// cell is its label when it does not parse as a number. Groups and columns
// are done simply: each half collects its values, the halves are merged,
// and the two goroutines select the medians.

const probeWorkers = 2

// probeChunk is the read size (a variable so that tests can make lines
// longer than a chunk).
var probeChunk = 4 << 20

// Probe runs the probe on path.
func Probe(path string, kind Kind) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	cut, err := lineStartAfter(f, st.Size()/2, st.Size())
	if err != nil {
		return nil, err
	}
	spans := [probeWorkers]span{{f: f, pos: 0, end: cut}, {f: f, pos: cut, end: st.Size()}}
	switch kind {
	case Rows:
		return probeRows(spans[:])
	case Groups:
		return probeGroups(spans[:])
	case Columns:
		return probeColumns(spans[:])
	}
	return nil, fmt.Errorf("probe: unknown kind %q", kind)
}

// lineStartAfter is the offset just past the first '\n' at or after off
// (size when there is none).
func lineStartAfter(f *os.File, off, size int64) (int64, error) {
	if off == 0 {
		return 0, nil
	}
	buf := make([]byte, 64<<10)
	for pos := off - 1; pos < size; pos += int64(len(buf)) {
		n, err := f.ReadAt(buf, pos)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i) + 1, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
	}
	return size, nil
}

// span is one goroutine's part of the file, [pos, end), read in chunks
// that end at a line start.
type span struct {
	f        *os.File
	pos, end int64
	buf      []byte
}

// next returns the next chunk of whole lines, or io.EOF.
func (s *span) next() ([]byte, error) {
	if s.pos >= s.end {
		return nil, io.EOF
	}
	size, have := probeChunk, 0
	for {
		n := int(min(int64(size), s.end-s.pos))
		if cap(s.buf) < n {
			grown := make([]byte, n)
			copy(grown, s.buf[:have])
			s.buf = grown
		}
		if _, err := s.f.ReadAt(s.buf[have:n], s.pos+int64(have)); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if s.pos+int64(n) == s.end {
			s.pos = s.end
			return s.buf[:n], nil
		}
		if i := bytes.LastIndexByte(s.buf[have:n], '\n'); i >= 0 {
			s.pos += int64(have + i + 1)
			return s.buf[:have+i+1], nil
		}
		have, size = n, 2*size // a line longer than the chunk: grow it
	}
}

// lines calls fn for every line of the span (without its "\n" or "\r\n").
func (s *span) lines(fn func(line []byte)) error {
	for {
		chunk, err := s.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for len(chunk) > 0 {
			i := bytes.IndexByte(chunk, '\n')
			line := chunk
			if i >= 0 {
				line, chunk = chunk[:i], chunk[i+1:]
			} else {
				chunk = nil
			}
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			fn(line)
		}
	}
}

// half is what one goroutine found in the rows of its span.
type half struct {
	lines, lists int
	t            tracker
	err          error
}

func probeRows(spans []span) (*Result, error) {
	var halves [probeWorkers]half
	var wg sync.WaitGroup
	for w := range spans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &halves[w]
			var vals []float64
			h.err = spans[w].lines(func(line []byte) {
				h.lines++
				if len(line) == 0 {
					return // a blank line is no list
				}
				label := ""
				vals = vals[:0]
				for i := 0; len(line) > 0 || i == 0; i++ {
					cell := line
					if c := bytes.IndexByte(line, ','); c >= 0 {
						cell, line = line[:c], line[c+1:]
					} else {
						line = nil
					}
					if len(cell) == 0 {
						continue
					}
					if v, ok := parseNumber(cell); ok {
						if !math.IsNaN(v) {
							vals = append(vals, v)
						}
					} else if i == 0 {
						label = string(cell)
					}
				}
				if len(vals) > 0 {
					h.t.offer(List{Index: h.lists, Line: h.lines, Label: label, Count: len(vals), Median: Median(selectMedian(vals))})
				}
				h.lists++
			})
		}()
	}
	wg.Wait()
	for _, h := range halves {
		if h.err != nil {
			return nil, h.err
		}
	}
	res := halves[0].t.res
	lists, lines := halves[0].lists, halves[0].lines
	for _, h := range halves[1:] {
		for _, l := range []*List{h.t.res.Min, h.t.res.Max} {
			if l != nil {
				l.Index += lists
				l.Line += lines
			}
		}
		res.Lists += h.t.res.Lists
		res.Values += h.t.res.Values
		if m := h.t.res.Min; m != nil && (res.Min == nil || m.Median < res.Min.Median) {
			res.Min = m
		}
		if m := h.t.res.Max; m != nil && (res.Max == nil || m.Median > res.Max.Median) {
			res.Max = m
		}
		lists += h.lists
		lines += h.lines
	}
	return &res, nil
}

// collected is one goroutine's values of groups or columns, by name, in
// order of first appearance.
type collected struct {
	names []string
	index map[string]int
	vals  [][]float64
	err   error
}

func (c *collected) add(name []byte, v float64) {
	i, ok := c.index[string(name)]
	if !ok {
		i = len(c.names)
		c.names = append(c.names, string(name))
		c.index[string(name)] = i
		c.vals = append(c.vals, nil)
	}
	c.vals[i] = append(c.vals[i], v)
}

func probeGroups(spans []span) (*Result, error) {
	all, err := probeCollect(spans, func(w int, c *collected) error {
		first := w == 0
		return spans[w].lines(func(line []byte) {
			if first || len(line) == 0 {
				first = false // the header
				return
			}
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				return
			}
			if v, ok := parseNumber(line[i+1:]); ok && !math.IsNaN(v) {
				c.add(line[:i], v)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return probeMedians(all), nil
}

func probeColumns(spans []span) (*Result, error) {
	var header []string
	all, err := probeCollect(spans, func(w int, c *collected) error {
		return spans[w].lines(func(line []byte) {
			if w == 0 && header == nil {
				header = []string{}
				for _, name := range bytes.Split(line, []byte{','}) {
					header = append(header, string(name))
				}
				return
			}
			for i := 0; len(line) > 0; i++ {
				cell := line
				if j := bytes.IndexByte(line, ','); j >= 0 {
					cell, line = line[:j], line[j+1:]
				} else {
					line = nil
				}
				for len(c.vals) <= i {
					c.vals = append(c.vals, nil)
				}
				if v, ok := parseNumber(cell); ok && !math.IsNaN(v) {
					c.vals[i] = append(c.vals[i], v)
				}
			}
		})
	})
	if err != nil {
		return nil, err
	}
	for i := range all.vals {
		name := "column " + strconv.Itoa(i+1)
		if i < len(header) {
			name = header[i]
		}
		all.names = append(all.names, name)
	}
	return probeMedians(all), nil
}

// probeCollect runs collect on both halves and merges them: lists with a
// name by name (the first half's order first), nameless ones (columns) by
// position.
func probeCollect(spans []span, collect func(w int, c *collected) error) (*collected, error) {
	var parts [probeWorkers]collected
	var wg sync.WaitGroup
	for w := range spans {
		parts[w].index = map[string]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w].err = collect(w, &parts[w])
		}()
	}
	wg.Wait()
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
	}
	all := &parts[0]
	for _, p := range parts[1:] {
		for i, v := range p.vals {
			j := i
			if len(p.names) > 0 {
				var ok bool
				if j, ok = all.index[p.names[i]]; !ok {
					j = len(all.names)
					all.names = append(all.names, p.names[i])
					all.index[p.names[i]] = j
				}
			}
			for len(all.vals) <= j {
				all.vals = append(all.vals, nil)
			}
			all.vals[j] = append(all.vals[j], v...)
		}
	}
	return all, nil
}

// probeMedians selects every list's median on both goroutines and keeps
// the smallest and the largest.
func probeMedians(all *collected) *Result {
	medians := make([]float64, len(all.vals))
	var wg sync.WaitGroup
	for w := range probeWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(all.vals); i += probeWorkers {
				if len(all.vals[i]) > 0 {
					medians[i] = selectMedian(all.vals[i])
				}
			}
		}()
	}
	wg.Wait()
	var t tracker
	for i, vals := range all.vals {
		if len(vals) > 0 {
			t.offer(List{Index: i, Label: all.names[i], Count: len(vals), Median: Median(medians[i])})
		}
	}
	return &t.res
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber converts a decimal cell exactly. Clinger's fast path: at most
// 19 significant digits, a mantissa of at most 2^53 and a power of ten of
// at most 22 either way make float64(m)*10^e (or /10^-e) correctly rounded,
// since both operands are exact; anything else goes to strconv.ParseFloat.
func parseNumber(b []byte) (float64, bool) {
	i, neg := 0, false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var m uint64
	nd, exp, digits := 0, 0, 0
	for ; i < len(b) && b[i]-'0' < 10; i++ {
		digits++
		if m == 0 && b[i] == '0' {
			continue
		}
		if nd == 19 {
			return slowParse(b)
		}
		m = m*10 + uint64(b[i]-'0')
		nd++
	}
	if i < len(b) && b[i] == '.' {
		for i++; i < len(b) && b[i]-'0' < 10; i++ {
			digits++
			if m == 0 && b[i] == '0' {
				exp--
				continue
			}
			if nd == 19 {
				return slowParse(b)
			}
			m = m*10 + uint64(b[i]-'0')
			nd++
			exp--
		}
	}
	if digits == 0 || i != len(b) || m > 1<<53 || exp < -22 {
		return slowParse(b) // an exponent, inf, text, or too many digits
	}
	f := float64(m)
	if m != 0 {
		f /= pow10[-exp]
	}
	if neg {
		f = -f
	}
	return f, true
}

func slowParse(b []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}

// selectMedian is the median of a (which it reorders): quickselect for the
// upper middle, then the largest of the lower part for an even count.
func selectMedian(a []float64) float64 {
	k := len(a) / 2
	quickselect(a, k)
	if len(a)%2 == 1 {
		return a[k]
	}
	lo := a[0]
	for _, v := range a[1:k] {
		lo = max(lo, v)
	}
	return midpoint(lo, a[k])
}

// quickselect reorders a so that a[k] is the k-th smallest, nothing after
// it smaller and nothing before it larger (median-of-three Hoare
// partitioning, insertion sort for short ranges).
func quickselect(a []float64, k int) {
	lo, hi := 0, len(a)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		p := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < p {
				i++
			}
			for a[j] > p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
