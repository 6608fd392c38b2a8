package compute

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"medianscope/internal/hugepage"
	"medianscope/internal/human"
	"medianscope/internal/priority"
	"medianscope/internal/tune"
)

// merger reduces block results, in file order, to the lists of the run.
// Rows are complete when their block is; the values of columns and groups
// stay in the workers' chains until the end of the input, when finish
// selects their medians on every worker.
type merger struct {
	e    *run
	rep  *Report
	s    Summary
	line int // line on which the next block starts
	bad  []BadCell
	// recoded counts labels read as Windows-1252, for the Result's report.
	recoded int64

	// Every list's statistics; rows are added block by block.
	store Store
	huge  *hugeList // ShapeRows: a record cut across blocks, being joined
	// extremes: with Options.ExtremesSpread, the spread of every list that
	// was a block's smallest or largest median (the run's are among them).
	extremes map[int]Spread
	// The smallest and largest median of the blocks' candidates and huge
	// lists merged so far (passes), once noted is set.
	lo, hi float64
	noted  bool
	// ExtremesOnly: the rows counted instead of stored, and every list that
	// was a block's smallest or largest median.
	counted int
	kept    map[int]ListStat

	// ShapeColumns and ShapeLong: one gathered list per column or group,
	// its values in the workers' chains: its first line, and a column's
	// label (a group's is its key in groups). Pointer-free where a long
	// table may have millions: the lines are in the run's arena.
	firstLines []int
	colLabels  []string
	ids        [][]int32   // per worker, worker id -> list
	groups     *groupTable // ShapeLong: label -> list
	// At the end, the workers' ids of list g: srcs[srcOff[g]:srcOff[g+1]]
	// (a group may have two in one worker: its cell in two encodings).
	srcOff []int32
	srcs   []source
}

// source is a worker's id for a list.
type source struct{ worker, id int32 }

func newMerger(e *run) *merger {
	return &merger{
		e: e, line: 1,
		s:        Summary{MinIndex: -1, MaxIndex: -1, Workers: e.opts.Workers},
		groups:   newGroupTable(e.arena, true),
		extremes: map[int]Spread{},
		kept:     map[int]ListStat{},
		ids:      make([][]int32, e.opts.Workers),
	}
}

// lists is how many lists are known so far.
func (m *merger) lists() int {
	if n := m.store.Len() + m.counted; n > 0 {
		return n
	}
	return len(m.firstLines)
}

// add merges the next block in file order, or returns its error with the
// line made absolute.
func (m *merger) add(b blockResult) error {
	base := m.line - 1 // relative line r is absolute line base+r
	m.rep = m.e.report.Load()
	if b.err != nil {
		var pe *ParseError
		switch {
		case errors.As(b.err, &pe):
			if b.cont && pe.Line == 1 && m.huge != nil {
				pe.Field += m.huge.fields // in the open record's next part
			}
			pe.Line += base
			pe.Context = m.rep
		case errors.Is(b.err, errStopped), m.rep == nil:
		default:
			var ie *InputError
			var me *MixedDecimalError
			if !errors.As(b.err, &ie) && !errors.As(b.err, &me) {
				return fmt.Errorf("reading line %d: %w", m.line, b.err)
			}
		}
		return b.err
	}
	m.line += b.lines
	s := &m.s
	s.Values += b.values
	s.Skipped += b.skipped
	s.Invalid += b.invalid
	s.Overflow += b.over
	m.recoded += b.recoded // not in m.rep: the report is shared, read-only, once published

	// Where the block's BadCell lists are in the run.
	listOf := func(i int) int { return i }
	headList, headFields := 0, 0 // the open record's list, and its cells before this block
	switch m.rep.Shape {
	case ShapeRows:
		if b.head != nil {
			headList, headFields = m.huge.index, m.huge.fields
			m.huge.join(b.head)
			if !b.open || b.tail != nil { // else the block was all a middle part
				m.closeHuge()
			}
		}
		first := m.store.Len() + m.counted
		b.rows.shiftLines(base)
		b.rows.offBase = b.off
		for _, c := range []candidate{b.lo, b.hi} {
			if c.list >= 0 {
				m.passes(c.sp.Median)
				m.extremes[first+c.list] = c.sp
				if m.e.opts.ExtremesOnly {
					st := c.stat
					st.Line += base
					m.keep(first+c.list, st, c.sp)
				}
			}
		}
		m.store.add(b.rows)
		m.limitSpread(b.rows)
		m.counted += b.lists
		m.s.Lists += b.lists - b.empty
		m.s.EmptyLists += b.empty
		listOf = func(i int) int { return first + i }
		if b.tail != nil {
			m.openHuge(b.tail, base, b.off)
		}
	case ShapeColumns, ShapeLong:
		w := b.worker
		var lists []newList
		if b.news != nil {
			lists = b.news.lists
		}
		long := m.rep.Shape == ShapeLong
		// Past a core's cache (a million groups: 32 MiB of slots), each
		// lookup waits for its slot from memory, one after the other on
		// this one goroutine: the slot of the lookup prefetchAhead ahead
		// is prefetched, so that the misses overlap (a million groups,
		// with the workers' lookups ahead too: 0.82x wall).
		ahead := long && len(m.groups.slots) >= prefetchSlots
		for i, n := range lists {
			if ahead && i+prefetchAhead < len(lists) {
				m.groups.prefetch(b.news.label(lists[i+prefetchAhead]))
			}
			g := n.id // a column
			if long {
				var isNew bool
				if g, isNew = m.groups.id(b.news.label(n)); isNew {
					// Blocks are merged in file order: the first worker's
					// news of a group is of its first row.
					m.firstLines = append(hugepage.GrowIn(m.e.arena, m.firstLines, 1), base+int(n.line))
				}
			} else {
				for int(g) >= len(m.firstLines) {
					m.colLabels = append(m.colLabels, m.columnLabel(len(m.firstLines)))
					m.firstLines = append(hugepage.GrowIn(m.e.arena, m.firstLines, 1), 0)
				}
				if m.firstLines[g] == 0 {
					m.firstLines[g] = base + int(n.line)
				}
			}
			for int(n.id) >= len(m.ids[w]) {
				m.ids[w] = append(hugepage.GrowIn(m.e.arena, m.ids[w], 1), -1)
			}
			m.ids[w][n.id] = g
		}
		if b.news != nil {
			select {
			case m.e.freeNews <- b.news:
			default:
			}
		}
		ids := m.ids[w]
		listOf = func(id int) int { return int(ids[id]) }
	}
	for _, c := range b.bad {
		if len(m.bad) == MaxBadCells {
			break
		}
		c.Line += base
		if c.List == headListMark {
			c.List, c.Field = headList, c.Field+headFields
		} else {
			c.List = listOf(c.List)
		}
		m.bad = append(m.bad, c)
	}
	return nil
}

// columnLabel names data column c: its header cell, or "column N" with N
// its 1-based place in the file.
func (m *merger) columnLabel(c int) string {
	n := c
	if m.rep.Labels {
		n++
	}
	if n < len(m.rep.Names) && m.rep.Names[n] != "" {
		return m.rep.Names[n]
	}
	return "column " + strconv.Itoa(n+1)
}

// finish turns the merged blocks into the Result.
func (m *merger) finish() (*Result, error) {
	e := m.e
	res := &Result{Summary: m.s, BadCells: m.bad}
	res.Bytes = e.bytesRead.Load()
	if m.rep != nil {
		res.Dialect = *m.rep
		res.Dialect.Recoded = m.recoded
	}
	gathered := m.rep != nil && m.rep.Shape != ShapeRows
	if gathered {
		// The workers' group tables are done with once every block is
		// merged: a million groups' are over 100 MiB, given back before
		// the selection's memory is touched.
		for _, p := range e.parsers {
			if p.groups != nil {
				p.groups.release()
				p.groups = nil
			}
		}
		stats, err := m.selectGathered()
		if err != nil {
			return nil, err
		}
		ledgers := m.ledgers()
		for w, ids := range m.ids {
			hugepage.Free(e.arena, ids)
			m.ids[w] = nil
		}
		b := newChunk(len(stats.counts), e.opts.Spread)
		for i, n := range stats.counts {
			var label []byte
			if m.rep.Shape == ShapeLong {
				label = m.groups.key(int32(i))
			} else {
				label = []byte(m.colLabels[i])
			}
			b.list(m.firstLines[i], n, stats.spread(i), label, ledgers[i])
		}
		stats.free(e.arena)
		m.store.add(b.c)
	}
	res.Stats = &m.store
	res.SpreadSkipped = e.spreadOff.Load()
	res.Elapsed = time.Since(e.start)
	res.Busy = time.Duration(e.busy.Load())
	if res.Bytes == 0 {
		return nil, ErrEmpty
	}
	if len(m.kept) > 0 || m.counted > 0 {
		res.kept = m.minMaxKept(&res.Summary)
	} else {
		m.store.minMax(&res.Summary)
	}
	if gathered {
		if e.opts.ExtremesSpread && !e.opts.Spread {
			for _, i := range []int{res.MinIndex, res.MaxIndex} {
				if i >= 0 {
					vals := m.valuesOf(i, nil, &gatherScratch{})
					m.extremes[i] = Quartiles(vals)
				}
			}
		}
		// The Result keeps the merger (its store): the values go now.
		for _, p := range e.parsers {
			p.chains.release()
		}
	}
	if e.opts.ExtremesSpread && !e.opts.Spread {
		res.extremes = map[int]Spread{}
		for _, i := range []int{res.MinIndex, res.MaxIndex} {
			if sp, ok := m.extremes[i]; ok {
				res.extremes[i] = sp
			}
		}
	}
	if res.Values == 0 {
		if m.rep != nil && m.rep.Header {
			return nil, fmt.Errorf("%w (line %d was taken as the header)", ErrNoNumbers, m.rep.HeaderLine)
		}
		return nil, ErrNoNumbers
	}
	return res, nil
}

// sources finds every list's ids in the workers' chains, once the
// workers have ended.
func (m *merger) sources() {
	m.srcOff = make([]int32, len(m.firstLines)+1)
	for _, ids := range m.ids {
		for _, g := range ids {
			if g >= 0 {
				m.srcOff[g+1]++
			}
		}
	}
	for g := range m.firstLines {
		m.srcOff[g+1] += m.srcOff[g]
	}
	m.srcs = make([]source, m.srcOff[len(m.firstLines)])
	next := slices.Clone(m.srcOff[:len(m.firstLines)])
	for w, ids := range m.ids {
		for id, g := range ids {
			if g >= 0 {
				m.srcs[next[g]] = source{int32(w), int32(id)}
				next[g]++
			}
		}
	}
}

// valuesOf copies list g's values into buf (reused from list to list, as
// is the scratch). The chains of its workers are walked a step each in
// turn, so that their cache misses overlap, and copied afterwards: 20 000
// groups of 500 values over two workers, walked one after the other, took
// 10% of a run; walked together, the run takes 4-5% less. (Walking the
// chains of four groups together gained nothing more.) A scaled value is
// turned back into the float64 it was by the division that proved it
// (chains.scaledOf).
func (m *merger) valuesOf(g int, buf []float64, sc *gatherScratch) []float64 {
	buf = buf[:0]
	sc.wide, sc.scaled, sc.divs = sc.wide[:0], sc.scaled[:0], sc.divs[:0]
	sc.short, sc.shortDivs = sc.short[:0], sc.shortDivs[:0]
	srcs := m.srcs[m.srcOff[g]:m.srcOff[g+1]]
	var wide [4]walk[float64]
	var scaled [4]walk[int32]
	var short [4]walk[int16]
	for len(srcs) > 0 {
		n := min(len(srcs), len(wide))
		for i, s := range srcs[:n] {
			c := &m.e.parsers[s.worker].chains
			wide[i] = c.wide.walkOf(s.id)
			scaled[i] = c.scaled.walkOf(s.id)
			short[i] = c.short.walkOf(s.id)
		}
		for left := true; left; {
			left = false
			for i := range n {
				if wide[i].h >= 0 {
					sc.wide = wide[i].step(sc.wide)
					left = true
				}
				if scaled[i].h >= 0 {
					sc.scaled = scaled[i].step(sc.scaled)
					sc.divs = append(sc.divs, m.e.parsers[srcs[i].worker].chains.div)
					left = true
				}
				if short[i].h >= 0 {
					sc.short = short[i].step(sc.short)
					sc.shortDivs = append(sc.shortDivs, m.e.parsers[srcs[i].worker].chains.div)
					left = true
				}
			}
		}
		srcs = srcs[n:]
	}
	for _, ch := range sc.wide {
		buf = append(buf, ch...)
	}
	buf = appendUnscaled(buf, sc.scaled, sc.divs)
	return appendUnscaled(buf, sc.short, sc.shortDivs)
}

// appendUnscaled appends the values of scaled chunks, chunks[i]'s m as
// m/divs[i]: the division that proved each (chains.scaledOf).
func appendUnscaled[T int32 | int16](buf []float64, chunks [][]T, divs []float64) []float64 {
	for i, ch := range chunks {
		div := divs[i]
		buf = slices.Grow(buf, len(ch))
		for _, v := range ch {
			buf = append(buf, float64(v)/div)
		}
	}
	return buf
}

// gatherScratch is valuesOf's, reused from list to list: the chunks of
// the list's chains, and each scaled chunk's divisor.
type gatherScratch struct {
	wide      [][]float64
	scaled    [][]int32
	divs      []float64
	short     [][]int16
	shortDivs []float64
}

// prefetchLists is the count of lists from which selectGathered
// prefetches (prefetchValues): below it, their tails stay in the cache.
const prefetchLists = 1 << 16

// prefetchValues prefetches, for the list selected valuesAhead lists after
// g, its tails in the workers' chains, and for the list half as far
// ahead, whose tails should be in the cache by now, its last chunks: so
// that valuesOf finds both in the cache.
func (m *merger) prefetchValues(g int) {
	const valuesAhead = 8
	if far := g + valuesAhead; far < len(m.firstLines) {
		for _, s := range m.srcs[m.srcOff[far]:m.srcOff[far+1]] {
			c := &m.e.parsers[s.worker].chains
			prefetchTail(&c.wide, s.id)
			prefetchTail(&c.scaled, s.id)
			prefetchTail(&c.short, s.id)
		}
	}
	if near := g + valuesAhead/2; near < len(m.firstLines) {
		for _, s := range m.srcs[m.srcOff[near]:m.srcOff[near+1]] {
			c := &m.e.parsers[s.worker].chains
			prefetchChunk(&c.wide, s.id)
			prefetchChunk(&c.scaled, s.id)
			prefetchChunk(&c.short, s.id)
		}
	}
}

func prefetchTail[T storable](s *valueChains[T], id int32) {
	if int(id) < len(s.tails) {
		prefetch(unsafe.Pointer(&s.tails[id]))
	}
}

func prefetchChunk[T storable](s *valueChains[T], id int32) {
	if int(id) < len(s.tails) {
		if h := s.tails[id].last; h >= 0 {
			prefetch(unsafe.Pointer(s.header(h)))
		}
	}
}

// ledgers sums the workers' ledgers of the lists that have one.
func (m *merger) ledgers() map[int]ledger {
	out := map[int]ledger{}
	for w, p := range m.e.parsers {
		for id, l := range p.chains.ledgers {
			if int(id) >= len(m.ids[w]) || m.ids[w][id] < 0 {
				continue // met in a block that was not merged: the run failed
			}
			g := int(m.ids[w][id])
			sum := out[g]
			sum.add(*l)
			out[g] = sum
		}
	}
	return out
}

// gatheredStats are the columns' or the groups' counts and medians, or
// with Options.Spread their spreads: without, a million groups take 16 MB
// here, not 48.
type gatheredStats struct {
	counts  []int
	medians []float64 // without Spread (NaN for an empty list)
	spreads []Spread  // with Spread
}

func (s *gatheredStats) spread(i int) Spread {
	if s.spreads != nil {
		return s.spreads[i]
	}
	sp := NoSpread
	sp.Median = s.medians[i]
	return sp
}

func (s *gatheredStats) free(a *hugepage.Arena) {
	hugepage.Free(a, s.counts)
	hugepage.Free(a, s.medians)
	hugepage.Free(a, s.spreads)
	*s = gatheredStats{}
}

// selectGathered selects the median of every gathered list on every
// worker: each copies a list's chunks into its own buffer and selects
// there.
func (m *merger) selectGathered() (gatheredStats, error) {
	m.sources()
	n := len(m.firstLines)
	stats := gatheredStats{counts: hugepage.Alloc[int](m.e.arena, n, n)}
	if m.e.opts.Spread {
		stats.spreads = hugepage.Alloc[Spread](m.e.arena, n, n)
	} else {
		stats.medians = hugepage.Alloc[float64](m.e.arena, n, n)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	// Lists are taken in runs: a long table may have millions of tiny
	// groups, and one shared counter per list moved its cache line between
	// the cores for each. Short runs where lists are few: 100 columns taken
	// 64 at a time left one worker a third of them.
	run := min(64, max(1, len(m.firstLines)/(16*m.e.opts.Workers)))
	// Lists of a few values each (a million groups) take a cache miss for
	// each worker's tail and another for its chunk: see prefetchValues.
	far := len(m.firstLines) >= prefetchLists
	for range min(m.e.opts.Workers, len(m.firstLines)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if m.e.opts.Background {
				priority.Lower()
			}
			var buf []float64
			var sc gatherScratch
			for i := 0; ; i++ {
				if i%run == 0 {
					i = int(next.Add(int64(run))) - run
				}
				if i >= len(m.firstLines) || m.e.stop.Load() {
					return
				}
				if far {
					m.prefetchValues(i)
				}
				buf = m.valuesOf(i, buf, &sc)
				if d := m.e.opts.drill; d != nil && d.index == i {
					d.vals = slices.Clone(buf)
				}
				// Both give NaN for an empty list.
				stats.counts[i] = len(buf)
				if m.e.opts.Spread {
					stats.spreads[i] = Quartiles(buf)
				} else {
					stats.medians[i] = Median(buf)
				}
			}
		}()
	}
	wg.Wait()
	m.e.busy.Add(int64(time.Since(t0)) * int64(min(m.e.opts.Workers, max(len(m.firstLines), 1))))
	if m.e.stop.Load() {
		stats.free(m.e.arena)
		return gatheredStats{}, errStopped
	}
	return stats, nil
}

// limitSpread drops the spread of every list once the rows outnumber
// Options.SpreadLimit (and of c, a chunk added since), and tells the
// workers to stop computing it.
func (m *merger) limitSpread(c *chunk) {
	o := m.e.opts
	if !o.Spread || o.SpreadLimit <= 0 {
		return
	}
	if !m.e.spreadOff.Load() && m.store.Len() > o.SpreadLimit {
		m.e.spreadOff.Store(true)
		for _, c := range m.store.chunks {
			c.dropSpread()
		}
	}
	if m.e.spreadOff.Load() {
		c.dropSpread()
	}
}

// keep files list i (ExtremesOnly) with its spread, made a whole ListStat.
func (m *merger) keep(i int, l ListStat, sp Spread) {
	l.Index, l.Median = i, sp.Median
	l.Q1, l.Q3, l.MinValue, l.MaxValue = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if m.e.opts.Spread {
		l.Q1, l.Q3, l.MinValue, l.MaxValue = sp.Q1, sp.Q3, sp.Min, sp.Max
	}
	m.kept[i] = l
}

// minMaxKept is minMax over the kept lists (ExtremesOnly): the run's
// smallest and largest medians are among the blocks' own, and the lists
// were counted as they went. It returns the two lists.
func (m *merger) minMaxKept(s *Summary) map[int]ListStat {
	idx := slices.Sorted(maps.Keys(m.kept))
	for _, i := range idx {
		l := m.kept[i]
		if l.Count == 0 || math.IsNaN(l.Median) {
			continue
		}
		if s.MinIndex < 0 || l.Median < m.kept[s.MinIndex].Median {
			s.MinIndex = i
		}
		if s.MaxIndex < 0 || l.Median > m.kept[s.MaxIndex].Median {
			s.MaxIndex = i
		}
	}
	out := map[int]ListStat{}
	for _, i := range []int{s.MinIndex, s.MaxIndex} {
		if i >= 0 {
			out[i] = m.kept[i]
		}
	}
	return out
}

// checkMemory refuses, before any work, a columns or long run whose values
// cannot fit in memory: those shapes hold every value (8 bytes) until the
// end. The number of values is estimated from the sample.
func (e *run) checkMemory(rep *Report) error {
	if rep.Shape == ShapeRows || e.opts.TotalBytes <= 0 || rep.valuesPerByte == 0 {
		return nil
	}
	limit := e.opts.MemoryLimit
	ram := tune.TotalRAM()
	if limit == 0 {
		limit = ram / 10 * 8
	}
	if limit <= 0 {
		return nil
	}
	ratio := rep.decodedPerRaw
	if ratio <= 0 {
		ratio = 1
	}
	values := float64(e.opts.TotalBytes) * ratio * rep.valuesPerByte
	need := values * 8 * 1.25 // values, and the chunks' unused room
	if need <= float64(limit) {
		return nil
	}
	return &InputError{Msg: fmt.Sprintf("-by %s needs about %s for %s values; this machine has %s (try -by rows, or a smaller file)",
		rep.Shape, human.Bytes(int64(need)), countWords(values), human.Bytes(max(ram, limit)))}
}

func countWords(n float64) string {
	switch {
	case n >= 1e9:
		return strconv.FormatFloat(n/1e9, 'f', 1, 64) + " billion"
	case n >= 1e6:
		return strconv.FormatFloat(n/1e6, 'f', 1, 64) + " million"
	}
	return strconv.FormatFloat(n, 'f', 0, 64)
}

// passes notes median, merged in file order, and reports whether it is
// below or above every median noted before it: only then can its list be
// the run's min or max.
func (m *merger) passes(median float64) bool {
	if math.IsNaN(median) {
		return false
	}
	if !m.noted {
		m.lo, m.hi, m.noted = median, median, true
		return true
	}
	beyond := median < m.lo || median > m.hi
	m.lo, m.hi = min(m.lo, median), max(m.hi, median)
	return beyond
}
