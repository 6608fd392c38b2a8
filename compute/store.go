package compute

import (
	"math"
	"slices"
	"sort"
	"unsafe"
)

// Store holds the statistics of every list of a run in columns, in
// chunks (one per block of the input, for rows): pointer-free, so that the
// garbage collector never scans them, and never concatenated. A list's
// ListStat is put together on demand by At.
type Store struct {
	chunks []*chunk
	starts []int // index of each chunk's first list; len(chunks)+1 entries
}

// chunk is the statistics of consecutive lists.
type chunk struct {
	medians []float64 // NaN for an empty list
	// A list's line is lineBase + lines[i] (4 bytes a list, 40 MB fewer
	// for 10M lists), or lines64[i] in a chunk whose lines do not fit
	// (more than 4G lines apart, or out of order: only StoreOf's).
	// Made absolute by the aggregator for rows (shiftLines).
	// lines is nil too (both are) where list i is on line lineBase+i: a
	// file of rows without blank lines keeps no line numbers at all.
	lineBase int64
	lines    []uint32
	lines64  []int64
	// A list's count is counts[i], or counts8[i] in a chunk whose counts
	// all fit a byte (short rows: 3 bytes a list fewer).
	counts  []int32
	counts8 []uint8
	labels  []byte   // every list's label, back to back
	ends    []uint32 // label i is labels[ends[i-1]:ends[i]]; nil when no list has one
	// Or, in a chunk whose labels all have width bytes (run-1000000 to
	// run-1999999: 4 bytes a list fewer), label i is
	// labels[i*width:(i+1)*width] and ends is nil.
	width   int
	ledgers []ledger // nil when every list's is zero

	// The rest of the spread, for a run with Options.Spread; nil without.
	// q1s and q3s are nil also while every list of the chunk has at most
	// fewValues numbers (a file of short rows): such a list's quartiles
	// follow from its min, median and max (quartilesOfFew), and leaving
	// them out saves 16 bytes a list of fresh memory, whose page faults
	// cost as much as the quartiles' selection (BenchmarkSpread, tall).
	lows, highs, q1s, q3s []float64

	// Where each list's record starts in the text, for ShapeRows (nil
	// for the other shapes): offBase + offs[i], or noOffset.
	offBase int64
	offs    []uint32
}

// noOffset marks a record that starts too far into a huge block.
const noOffset = math.MaxUint32

func (c *chunk) len() int { return len(c.medians) }

// add appends a chunk of lists to the store.
func (s *Store) add(c *chunk) {
	if len(s.starts) == 0 {
		s.starts = append(s.starts, 0)
	}
	if c.len() == 0 {
		return
	}
	s.chunks = append(s.chunks, c)
	s.starts = append(s.starts, s.starts[len(s.starts)-1]+c.len())
}

// Len is the number of lists.
func (s *Store) Len() int {
	if s == nil || len(s.starts) == 0 {
		return 0
	}
	return s.starts[len(s.starts)-1]
}

// locate returns list i's chunk and its place in it.
func (s *Store) locate(i int) (*chunk, int) {
	k := sort.Search(len(s.chunks), func(k int) bool { return s.starts[k+1] > i })
	return s.chunks[k], i - s.starts[k]
}

// At returns list i (0 <= i < Len()). Its label shares the store's memory
// (no copy).
func (s *Store) At(i int) ListStat {
	c, j := s.locate(i)
	return s.at(c, i-j, j)
}

// Offset returns where list i's record starts in the text (the input
// after decompression and decoding, without a byte order mark), for the
// rows shape; ok is false for the other shapes, whose lists span the file.
func (s *Store) Offset(i int) (off int64, ok bool) {
	c, j := s.locate(i)
	if c.offs == nil || c.offs[j] == noOffset {
		return 0, false
	}
	return c.offBase + int64(c.offs[j]), true
}

// Count is list i's count of numbers, without the rest of At.
func (s *Store) Count(i int) int {
	c, j := s.locate(i)
	return c.count(j)
}

// Medians returns the medians in order, chunk by chunk (NaN for an empty
// list). The slices are the store's own: read, do not change them.
func (s *Store) Medians() [][]float64 { return s.Column(StatMedian) }

// Stat names one of the statistics a Store keeps for every list.
type Stat int

const (
	StatMedian Stat = iota
	StatQ1
	StatQ3
	StatMin // the smallest value of each list
	StatMax // the largest value of each list
)

// HasSpread reports whether the store holds the quartiles and extremes of
// its lists (a run with Options.Spread).
func (s *Store) HasSpread() bool {
	return s != nil && len(s.chunks) > 0 && s.chunks[0].lows != nil
}

// Column returns one statistic of every list in order, chunk by chunk
// (NaN for an empty list); nil for a spread statistic the run did not
// compute. The slices are the store's own: read, do not change them —
// except the quartiles of a chunk that left them out (lists of at most
// three numbers), made anew by each call: EachSegment reads a range
// without making them whole.
func (s *Store) Column(st Stat) [][]float64 {
	if st != StatMedian && !s.HasSpread() {
		return nil
	}
	out := make([][]float64, len(s.chunks))
	for k, c := range s.chunks {
		out[k] = c.column(st)
		if out[k] == nil { // quartiles left out
			out[k] = make([]float64, c.len())
			c.deriveInto(st, 0, out[k])
		}
	}
	return out
}

// EachSegment calls f with statistic st of lists from … to-1 in order, a
// run of a chunk at a time: seg[j] is list base+j's. It calls nothing for
// a spread statistic the run did not compute. A chunk's quartiles that it
// left out (Column) are derived into *buf (grown as needed, for the
// caller to reuse; nil: a buffer of its own), which f must not keep.
func (s *Store) EachSegment(st Stat, from, to int, buf *[]float64, f func(base int, seg []float64)) {
	if from >= to || st != StatMedian && !s.HasSpread() {
		return
	}
	if buf == nil {
		buf = new([]float64)
	}
	k := sort.Search(len(s.chunks), func(k int) bool { return s.starts[k+1] > from })
	for ; k < len(s.chunks) && s.starts[k] < to; k++ {
		c, start := s.chunks[k], s.starts[k]
		lo, hi := max(from, start)-start, min(to, s.starts[k+1])-start
		col := c.column(st)
		if col == nil { // quartiles left out
			seg := slices.Grow((*buf)[:0], hi-lo)[:hi-lo]
			c.deriveInto(st, lo, seg)
			*buf = seg
			f(start+lo, seg)
			continue
		}
		f(start+lo, col[lo:hi])
	}
}

// column is the chunk's column of st; nil for quartiles it left out.
func (c *chunk) column(st Stat) []float64 {
	switch st {
	case StatQ1:
		return c.q1s
	case StatQ3:
		return c.q3s
	case StatMin:
		return c.lows
	case StatMax:
		return c.highs
	}
	return c.medians
}

// Each calls f with every list in order.
func (s *Store) Each(f func(ListStat)) { s.EachIn(0, s.Len(), f) }

// EachIn calls f with lists from to to-1 in order: one lookup of the
// first, then a walk (At looks every list up).
func (s *Store) EachIn(from, to int, f func(ListStat)) {
	if from >= to {
		return
	}
	k := sort.Search(len(s.chunks), func(k int) bool { return s.starts[k+1] > from })
	for i := from; i < to; k++ {
		c, start := s.chunks[k], s.starts[k]
		for j := i - start; j < c.len() && i < to; j++ {
			f(s.at(c, start, j))
			i++
		}
	}
}

func (s *Store) at(c *chunk, start, j int) ListStat {
	l := ListStat{Index: start + j, Line: c.line(j), Count: c.count(j), Median: c.medians[j],
		Q1: math.NaN(), Q3: math.NaN(), MinValue: math.NaN(), MaxValue: math.NaN()}
	if c.lows != nil {
		l.MinValue, l.MaxValue = c.lows[j], c.highs[j]
		if c.q1s != nil {
			l.Q1, l.Q3 = c.q1s[j], c.q3s[j]
		} else {
			l.Q1, l.Q3 = quartilesOfFew(c.count(j), l.MinValue, l.Median, l.MaxValue)
		}
	}
	switch {
	case c.width > 0:
		l.Label = unsafe.String(&c.labels[j*c.width], c.width)
	case c.ends != nil:
		from := uint32(0)
		if j > 0 {
			from = c.ends[j-1]
		}
		if to := c.ends[j]; to > from {
			l.Label = unsafe.String(&c.labels[from], int(to-from))
		}
	}
	if c.ledgers != nil {
		g := c.ledgers[j]
		l.Missing, l.Invalid, l.Overflow = g.missing, g.invalid, g.over
	}
	return l
}

// StoreOf makes a store of lists (their Index is their place). It keeps
// their spread when one of them has it (HasSpread).
func StoreOf(lists []ListStat) *Store {
	b := newChunk(len(lists), slices.ContainsFunc(lists, ListStat.HasSpread))
	if b.c.lows != nil {
		// Keep the quartiles as given: the lists need not be any run's,
		// so they need not follow from min, median and max.
		b.c.q1s, b.c.q3s = make([]float64, 0, len(lists)), make([]float64, 0, len(lists))
	}
	for _, l := range lists {
		sp := l.Spread()
		if l.Count == 0 {
			sp = NoSpread // as the engine stores an empty list, whatever the zero ListStat says
		}
		b.list(l.Line, l.Count, sp, []byte(l.Label), ledger{l.Missing, l.Invalid, l.Overflow})
	}
	s := &Store{}
	s.add(b.c)
	return s
}

// chunkBuilder fills a chunk one list at a time.
type chunkBuilder struct{ c *chunk }

// newChunk starts a chunk for about guess lists, with the spread columns
// when spread is set.
func newChunk(guess int, spread bool) chunkBuilder {
	c := &chunk{medians: make([]float64, 0, guess), lines: make([]uint32, 0, guess), counts: make([]int32, 0, guess)}
	if spread {
		c.lows, c.highs = make([]float64, 0, guess), make([]float64, 0, guess)
	}
	return chunkBuilder{c}
}

// trim gives back the room a guess left unused when it is large (a block
// of blank lines, guessed a list per line, would keep 20–52 bytes a line),
// and keeps lines, counts and label ends in the least room that holds
// them: 10M lists of rows of 3 numbers, up to 11 bytes a list (110 MB)
// fewer, which the window holds for as long as it shows them.
func (c *chunk) trim() {
	n := c.len()
	if c.lines64 == nil && consecutive(c.lines) {
		c.lines = nil
	}
	if w := sameWidth(c.ends); w > 0 {
		c.width, c.ends = w, nil
	}
	if c.counts8 == nil && !slices.ContainsFunc(c.counts, func(k int32) bool { return k > math.MaxUint8 }) {
		c.counts8 = make([]uint8, n)
		for j, k := range c.counts {
			c.counts8[j] = uint8(k)
		}
		c.counts = nil
	}
	if cap(c.medians) <= n+n/4+64 {
		return
	}
	c.medians, c.counts = slices.Clone(c.medians), slices.Clone(c.counts)
	c.lines, c.lines64 = slices.Clone(c.lines), slices.Clone(c.lines64)
	c.ends, c.ledgers, c.offs = slices.Clone(c.ends), slices.Clone(c.ledgers), slices.Clone(c.offs)
	c.q1s, c.q3s = slices.Clone(c.q1s), slices.Clone(c.q3s)
	c.lows, c.highs = slices.Clone(c.lows), slices.Clone(c.highs)
}

// offset records where the next list's record starts in its block.
func (b chunkBuilder) offset(pos int) {
	c := b.c
	if c.offs == nil {
		c.offs = make([]uint32, 0, cap(c.medians))
	}
	c.offs = append(c.offs, uint32(min(pos, noOffset)))
}

// list appends a list; label may be empty. Of sp, only the median is kept
// in a chunk without spread.
func (b chunkBuilder) list(line int, count int, sp Spread, label []byte, l ledger) {
	c := b.c
	j := len(c.medians)
	if c.lows != nil && c.q1s == nil && count > fewValues {
		c.q1s, c.q3s = c.deriveQuartiles(cap(c.medians))
	}
	c.medians = append(c.medians, sp.Median)
	if c.lows != nil {
		c.lows, c.highs = append(c.lows, sp.Min), append(c.highs, sp.Max)
		if c.q1s != nil {
			c.q1s, c.q3s = append(c.q1s, sp.Q1), append(c.q3s, sp.Q3)
		}
	}
	c.addLine(int64(line))
	c.counts = append(c.counts, int32(count))
	if len(label) > 0 && c.ends == nil {
		c.ends = make([]uint32, j, cap(c.medians))
	}
	if c.ends != nil {
		c.labels = append(c.labels, label...)
		c.ends = append(c.ends, uint32(len(c.labels)))
	}
	if l != (ledger{}) && c.ledgers == nil {
		c.ledgers = make([]ledger, j, cap(c.medians))
	}
	if c.ledgers != nil {
		c.ledgers = append(c.ledgers, l)
	}
}

// fewValues is the count up to which a list's quartiles are not stored
// while its chunk's lists are all as short (chunk.q1s).
const fewValues = 3

// quartilesOfFew is Quartiles' Q1 and Q3 of a list of n <= fewValues
// numbers from its min, median and max: with n <= 3 they are its values,
// sorted (every zero +0, as Quartiles gives them, which does not change
// a quartile of so few values).
func quartilesOfFew(n int, lo, med, hi float64) (q1, q3 float64) {
	var sp Spread
	switch {
	case n == 0 || lo != lo || hi != hi: // NaN: no list of a run has it
		return math.NaN(), math.NaN()
	case n == 1:
		sp = Quartiles([]float64{lo})
	case n == 2:
		sp = Quartiles([]float64{lo, hi})
	default:
		_, q1, _, q3, _ = spread3(lo, med, hi)
		return q1, q3
	}
	return sp.Q1, sp.Q3
}

// deriveInto writes quartile st (StatQ1 or StatQ3) of the chunk's lists
// from, from+1, … into dst, for a chunk that left them out.
func (c *chunk) deriveInto(st Stat, from int, dst []float64) {
	for j := range dst {
		i := from + j
		q1, q3 := quartilesOfFew(c.count(i), c.lows[i], c.medians[i], c.highs[i])
		dst[j] = q1
		if st == StatQ3 {
			dst[j] = q3
		}
	}
}

// deriveQuartiles makes the quartile columns of a chunk that left them out
// (its lists so far), with room for room lists.
func (c *chunk) deriveQuartiles(room int) (q1s, q3s []float64) {
	n := c.len()
	q1s, q3s = make([]float64, n, max(room, n)), make([]float64, n, max(room, n))
	c.deriveInto(StatQ1, 0, q1s)
	c.deriveInto(StatQ3, 0, q3s)
	return q1s, q3s
}

// dropSpread forgets the chunk's spread (Options.SpreadLimit passed).
func (c *chunk) dropSpread() { c.q1s, c.q3s, c.lows, c.highs = nil, nil, nil, nil }

func (c *chunk) line(j int) int {
	switch {
	case c.lines64 != nil:
		return int(c.lines64[j])
	case c.lines == nil:
		return int(c.lineBase) + j
	}
	return int(c.lineBase + int64(c.lines[j]))
}

// sameWidth returns the length of every label ends delimits when they all
// have the same, and it is not 0; else 0.
func sameWidth(ends []uint32) int {
	if len(ends) == 0 || ends[0] == 0 {
		return 0
	}
	w := ends[0]
	for j := 1; j < len(ends); j++ {
		if ends[j]-ends[j-1] != w {
			return 0
		}
	}
	return int(w)
}

// consecutive reports whether lines[j] is j for every j.
func consecutive(lines []uint32) bool {
	for j, d := range lines {
		if d != uint32(j) {
			return false
		}
	}
	return true
}

func (c *chunk) count(j int) int {
	if c.counts8 != nil {
		return int(c.counts8[j])
	}
	return int(c.counts[j])
}

func (c *chunk) addLine(line int64) {
	if c.lines64 != nil {
		c.lines64 = append(c.lines64, line)
		return
	}
	if len(c.lines) == 0 {
		c.lineBase = line
	}
	if d := line - c.lineBase; d >= 0 && d <= math.MaxUint32 {
		c.lines = append(c.lines, uint32(d))
		return
	}
	c.lines64 = make([]int64, len(c.lines), cap(c.lines))
	for j := range c.lines {
		c.lines64[j] = c.lineBase + int64(c.lines[j])
	}
	c.lines = nil
	c.lines64 = append(c.lines64, line)
}

// shiftLines adds base to every list's line.
func (c *chunk) shiftLines(base int) {
	if c.lines64 != nil {
		for j := range c.lines64 {
			c.lines64[j] += int64(base)
		}
		return
	}
	c.lineBase += int64(base)
}

// minMax finds the smallest and the largest median (first on ties), and
// counts the lists with and without numbers.
func (s *Store) minMax(sum *Summary) {
	var lo, hi float64
	for k, c := range s.chunks {
		for j, m := range c.medians {
			if c.count(j) == 0 {
				sum.EmptyLists++
				continue
			}
			sum.Lists++
			if math.IsNaN(m) {
				continue
			}
			i := s.starts[k] + j
			// Strict comparisons: on a tie the earlier list stays.
			if sum.MinIndex < 0 || m < lo {
				sum.MinIndex, lo = i, m
			}
			if sum.MaxIndex < 0 || m > hi {
				sum.MaxIndex, hi = i, m
			}
		}
	}
}
