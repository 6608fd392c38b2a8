package compute

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"medianscope/internal/hugepage"
)

// hugeList is a record cut across blocks (a row longer than a block), as
// the aggregator joins it: the values of each part stay in the array the
// worker made, never concatenated, and its order statistics are selected
// across the parts by every worker at once.
type hugeList struct {
	index  int   // its list
	line   int   // absolute line of its start
	off    int64 // where it starts in the text
	label  []byte
	parts  [][]float64
	count  int
	fields int // cells so far, for the field numbers of the next part
	ledger
}

// openHuge starts the record whose first part a block left open.
func (m *merger) openHuge(f *fragment, base int, off int64) {
	m.huge = &hugeList{index: m.store.Len() + m.counted, line: base + f.line, off: off + int64(f.pos), label: f.label}
	m.huge.join(f)
}

func (h *hugeList) join(f *fragment) {
	if len(f.vals) > 0 {
		h.parts = append(h.parts, f.vals)
	}
	h.count += len(f.vals)
	h.fields += f.fields
	h.missing += f.missing
	h.invalid += f.invalid
	h.over += f.over
}

// closeHuge adds the joined record as a list once its last part is in.
func (m *merger) closeHuge() {
	h := m.huge
	m.huge = nil
	t0 := time.Now()
	opts := &m.e.opts
	// With ExtremesSpread only a list whose median passes every earlier
	// one's can be the run's min or max (ties keep the earlier list): its
	// spread is selected then, in a second pass, and the others' never
	// (lines of a million values with -json: the spread of all of them was
	// 45% of the run). The k-th list passes with a chance of about 2/k, so
	// the first few nearly all do: theirs is selected in the median's
	// pass, which costs a fifth more where a second pass costs as much
	// again (BenchmarkSpread on a few huge lists, extremes-%: 21-39 -> 21-23,
	// which is what the spread of every list costs there).
	early := opts.ExtremesSpread && !opts.Spread && h.index < earlySpread
	sp := partsSpread(h.parts, h.count, opts.Spread || early, opts.Workers)
	beyond := h.count > 0 && m.passes(sp.Median)
	if opts.ExtremesSpread && !opts.Spread && beyond && !early {
		sp = partsSpread(h.parts, h.count, true, opts.Workers)
	}
	if (opts.ExtremesSpread || opts.ExtremesOnly) && !opts.Spread && h.count > 0 {
		m.extremes[h.index] = sp
	}
	m.e.busy.Add(int64(time.Since(t0)) * int64(m.e.opts.Workers))
	for _, part := range h.parts {
		// Done with: the workers' next scratch arrays, instead of
		// zeroed new ones (a part is megabytes: page faults and clearing
		// were a fifth of a run over lines of a million values).
		select {
		case m.e.freeVals <- part:
		default:
			hugepage.Free(m.e.arena, part)
		}
	}
	label := h.label
	if enc := m.e.labelEncoding(); len(label) > 0 && (enc != EncodingAuto || !validUTF8(label)) {
		label = []byte(textOf(label, enc, &m.recoded))
	}
	if m.e.opts.ExtremesOnly {
		m.keep(h.index, ListStat{Line: h.line, Label: string(label), Count: h.count,
			Missing: h.missing, Invalid: h.invalid, Overflow: h.over}, sp)
		m.counted++
		m.s.Lists++
		if h.count == 0 {
			m.s.Lists--
			m.s.EmptyLists++
		}
		return
	}
	b := newChunk(1, m.e.opts.Spread && !m.e.spreadOff.Load())
	b.offset(0)
	b.c.offBase = h.off
	b.list(h.line, h.count, sp, label, h.ledger)
	m.store.add(b.c)
	m.limitSpread(b.c)
}

// hugeSample is how many values partsSpread samples at least to bracket
// each order statistic, and hugeSampleEvery how many values it has one
// sample for in a longer list: a bracket holds about 8/√s of the values,
// so a larger sample keeps fewer (a line of 30M values: 2^15 samples kept
// 4.4% of its values per bracket, 31 MiB in all; 234 000 keep 1.7%). hugeMin
// is the count below which it simply concatenates.
const (
	hugeSample      = 1 << 15
	hugeSampleEvery = 128
	hugeMin         = 1 << 16
	// earlySpread is how many first lists have their spread selected with
	// their median under ExtremesSpread: past it a list passes every
	// earlier median with a chance under 2/earlySpread, and the second
	// pass it would then need costs less on average than a spread always
	// selected.
	earlySpread = 10
)

// partsSpread is Median (or Quartiles, with spread) of the values of parts,
// n in all, to the bit, selected by workers goroutines.
func partsSpread(parts [][]float64, n int, spread bool, workers int) Spread {
	if n == 0 {
		return NoSpread
	}
	if n < hugeMin || len(parts) == 1 {
		all := slices.Concat(parts...)
		if spread {
			return Quartiles(all)
		}
		return Spread{Median: Median(all)}
	}
	k := n / 2
	ks := []int{k}
	if n%2 == 0 {
		ks = append(ks, k-1)
	}
	h1, f1 := quarter(n, 1)
	h3, f3 := quarter(n, 3)
	if spread {
		ks = append(ks, h1, h1+1, h3, min(h3+1, n-1))
	}
	x, lo, hi := orderStats(parts, n, ks, spread, workers, max(hugeSample, n/hugeSampleEvery))
	at := func(i int) float64 { return x[slices.Index(ks, i)] }
	sp := Spread{Median: at(k) + 0}
	if n%2 == 0 {
		sp.Median = Midpoint(at(k-1), at(k))
	}
	if spread {
		sp.Q1 = interpolate(at(h1), at(h1+1), f1)
		sp.Q3 = interpolate(at(h3), at(min(h3+1, n-1)), f3)
		sp.Min, sp.Max = lo+0, hi+0
	} else {
		sp.Q1, sp.Q3, sp.Min, sp.Max = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	return sp
}

// orderStats returns the values of ranks ks (0-based, as if the n values of
// parts were sorted), and with extremes the smallest and largest value
// (else +Inf and -Inf). A sample (only its values at the brackets' ends
// selected) brackets each rank between two values; one parallel pass
// counts the values below each bracket and keeps those inside it, and a
// selection within what was kept finds the rank. A bracket that missed (very
// unlikely) falls back to a selection over all values.
func orderStats(parts [][]float64, n int, ks []int, extremes bool, workers, samples int) ([]float64, float64, float64) {
	// Every stride-th value, in file order: a deterministic sample.
	stride := max(n/samples, 1)
	sample := make([]float64, 0, n/stride+1)
	g := 0
	for _, p := range parts {
		for i := (stride - g%stride) % stride; i < len(p); i += stride {
			sample = append(sample, p[i])
		}
		g += len(p)
	}
	s := len(sample)
	width := int(4*math.Sqrt(float64(s))) + 1
	// One bracket per run of ranks whose sample windows overlap (the two
	// middle ranks of an even count share one).
	type bracket struct {
		lo, hi float64
		a, b   int   // their places in the sample (before 0 and past s-1 for none)
		ks     []int // indexes into ks
	}
	order := make([]int, len(ks))
	for j := range order {
		order[j] = j
	}
	slices.SortFunc(order, func(a, b int) int { return ks[a] - ks[b] })
	// Only the sample's values at the windows' ends are read: those are
	// put in place, not the whole sample sorted (which, in the aggregator
	// alone, was a tenth of a run over lines of a million values).
	var ends []int
	for _, j := range order {
		r := int(int64(ks[j]) * int64(s) / int64(n))
		for _, e := range [2]int{r - width, r + width} {
			if e >= 0 && e < s {
				ends = append(ends, e)
			}
		}
	}
	slices.Sort(ends)
	selectAt(sample, slices.Compact(ends))
	var br []bracket
	lastHi := -1
	for _, j := range order {
		r := int(int64(ks[j]) * int64(s) / int64(n))
		a, b := r-width, r+width
		if len(br) > 0 && a <= lastHi {
			br[len(br)-1].ks = append(br[len(br)-1].ks, j)
			if b < s {
				br[len(br)-1].hi = sample[b]
			} else {
				br[len(br)-1].hi = math.Inf(1)
			}
			br[len(br)-1].b = b
			lastHi = b
			continue
		}
		nb := bracket{lo: math.Inf(-1), hi: math.Inf(1), a: a, b: b, ks: []int{j}}
		if a >= 0 {
			nb.lo = sample[a]
		}
		if b < s {
			nb.hi = sample[b]
		}
		br = append(br, nb)
		lastHi = b
	}

	// The values inside each bracket go to one array per bracket, sized
	// for half as many again as the sample says fall inside: a worker
	// tallies a part into its own small arrays and copies them to its
	// reserved place there. Where a bracket holds more (many equal values
	// at its ends), the rest waits in the worker's extra array. The
	// arrays of each worker were concatenated afterwards: on a line of
	// 30M values, a second copy of all that was kept at once, 45 MiB.
	pools := make([]keptPool, len(br))
	for j, b := range br {
		pools[j].vals = make([]float64, int64(n)*int64(b.b-b.a+1)/int64(s)*3/2+4096)
	}
	type tally struct {
		below       []int
		kept, extra [][]float64
		lo, hi      float64
	}
	tallies := make([]tally, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := tally{below: make([]int, len(br)), kept: make([][]float64, len(br)), extra: make([][]float64, len(br)),
				lo: math.Inf(1), hi: math.Inf(-1)}
			for {
				pi := int(next.Add(1) - 1)
				if pi >= len(parts) {
					break
				}
				part := parts[pi]
				for j := range br {
					if t.kept[j] == nil {
						// About (b-a)/s of a part's values fall inside.
						t.kept[j] = make([]float64, 0, len(part)*(br[j].b-br[j].a+1)/s*3/2+16)
					}
					t.kept[j] = t.kept[j][:0]
				}
				if len(br) == 3 && extremes { // the quartiles' and the median's
					bounds := [3][2]float64{{br[0].lo, br[0].hi}, {br[1].lo, br[1].hi}, {br[2].lo, br[2].hi}}
					t.lo, t.hi = tally3(part, &bounds, (*[3]int)(t.below), (*[3][]float64)(t.kept), t.lo, t.hi)
				} else {
					for j, b := range br {
						t.below[j], t.kept[j] = tallyBracket(part, b.lo, b.hi, t.below[j], t.kept[j])
					}
					if extremes {
						lo, hi := minMaxOf(part) // parts are never empty (join)
						t.lo, t.hi = min(t.lo, lo), max(t.hi, hi)
					}
				}
				for j := range br {
					if !pools[j].put(t.kept[j]) {
						t.extra[j] = append(t.extra[j], t.kept[j]...)
					}
				}
			}
			tallies[w] = t
		}()
	}
	wg.Wait()

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range tallies {
		lo, hi = min(lo, t.lo), max(hi, t.hi)
	}
	out := make([]float64, len(ks))
	for j, b := range br {
		below := 0
		kept := pools[j].vals[:pools[j].n.Load()]
		for _, t := range tallies {
			below += t.below[j]
			kept = append(kept, t.extra[j]...) // none, unless the pool was full
		}
		for _, i := range b.ks {
			k := ks[i]
			if r := k - below; r >= 0 && r < len(kept) {
				Select(kept, r) // keeps the bracket's values, reordered
				out[i] = kept[r]
				continue
			}
			bracketMisses.Add(1)
			all := slices.Concat(parts...) // the bracket missed: select among all
			Select(all, k)
			out[i] = all[k]
		}
	}
	return out, lo, hi
}

// bracketMisses counts orderStats' selections among all values (for tests:
// a full pool must not end there).
var bracketMisses atomic.Int64

// keptPool is the values inside one bracket, from every worker.
type keptPool struct {
	vals []float64
	n    atomic.Int64
}

// put copies vals to the pool, unless it has no room for them.
func (p *keptPool) put(vals []float64) bool {
	for {
		at := p.n.Load()
		if at+int64(len(vals)) > int64(len(p.vals)) {
			return false
		}
		if p.n.CompareAndSwap(at, at+int64(len(vals))) {
			copy(p.vals[at:], vals)
			return true
		}
	}
}

// tallyBracket adds to below the values of part under lo and appends to
// kept those in [lo, hi], without a branch on the data: every value is
// written at the end of kept and the length grows by 0 or 1 (a bracket
// around the median splits the rest evenly, so a branch would be
// mispredicted for about half the values).
func tallyBracket(part []float64, lo, hi float64, below int, kept []float64) (int, []float64) {
	n := len(kept)
	kept = kept[:cap(kept)]
	for _, v := range part {
		if n == len(kept) { // full: rare, predicted
			kept = room(kept, n)
		}
		kept[n] = v
		under, over := 0, 0
		if v < lo {
			under = 1
		}
		if v > hi {
			over = 1
		}
		below += under
		n += 1 - under - over
	}
	return below, kept[:n]
}

// tally3 is tallyBracket for three brackets at once (bounds[j] = lo, hi),
// with the part's smallest and largest value (lo, hi so far; returned): one
// pass over a part of megabytes, where a pass per bracket and one for the
// extremes read it from memory four times — the quartiles' cost over the
// median's alone on one line of 30M values was 54%.
func tally3(part []float64, bounds *[3][2]float64, below *[3]int, kept *[3][]float64, lo, hi float64) (float64, float64) {
	l0, h0, l1, h1, l2, h2 := bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1], bounds[2][0], bounds[2][1]
	u0, u1, u2 := below[0], below[1], below[2]
	n0, n1, n2 := len(kept[0]), len(kept[1]), len(kept[2])
	k0, k1, k2 := kept[0][:cap(kept[0])], kept[1][:cap(kept[1])], kept[2][:cap(kept[2])]
	for _, v := range part {
		if n0 == len(k0) || n1 == len(k1) || n2 == len(k2) { // full: rare, predicted
			k0, k1, k2 = room(k0, n0), room(k1, n1), room(k2, n2)
		}
		k0[n0], k1[n1], k2[n2] = v, v, v
		a0, a1, a2, o0, o1, o2 := 0, 0, 0, 0, 0, 0
		if v < l0 {
			a0 = 1
		}
		if v > h0 {
			o0 = 1
		}
		if v < l1 {
			a1 = 1
		}
		if v > h1 {
			o1 = 1
		}
		if v < l2 {
			a2 = 1
		}
		if v > h2 {
			o2 = 1
		}
		u0, u1, u2 = u0+a0, u1+a1, u2+a2
		n0, n1, n2 = n0+1-a0-o0, n1+1-a1-o1, n2+1-a2-o2
		if v < lo { // rare after the first values: predicted
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	*below = [3]int{u0, u1, u2}
	*kept = [3][]float64{k0[:n0], k1[:n1], k2[:n2]}
	return lo, hi
}

// room returns kept (its length its capacity) with room after n.
func room(kept []float64, n int) []float64 {
	if n < len(kept) {
		return kept
	}
	kept = append(kept[:n], 0)
	return kept[:cap(kept)]
}

// selectAt puts xs[p], for every p of ps (ascending, distinct, within xs),
// where sorting xs would: the values before it are <= and those after it
// >= it. Each selection splits xs for the positions on either side.
func selectAt(xs []float64, ps []int) {
	if len(ps) == 0 {
		return
	}
	m := len(ps) / 2
	k := ps[m]
	Select(xs, k)
	selectAt(xs[:k], ps[:m])
	rest := ps[m+1:]
	for i := range rest {
		rest[i] -= k + 1
	}
	selectAt(xs[k+1:], rest)
}
