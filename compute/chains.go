package compute

import (
	"fmt"
	"math"
	"unsafe"

	"medianscope/internal/hugepage"
)

// chains holds one worker's values of the lists that span the file
// (columns, a long table's groups) until the end of the run: each list,
// by the worker's id for it, is a chain of chunks in big slabs. Adding a
// value is a store and an increment; nothing is copied until the end,
// when a list's chunks are copied together for its selection.
//
// The values of a list are in no order (its median, quartiles and range
// need none). That is what lets a worker keep them across blocks: where
// every block's values went to the aggregator grouped by list, 20 000
// groups spread over 10M rows cost a bookkeeping entry and a copied
// segment of about 15 values per group and block. It also lets a list's
// values lie in two stores:
//
//   - scaled (a long table's: see addWide): 4 bytes a value, for every
//     value v that is m/10^scale for an int32 m, bit for bit
//     (float64(m)/10^scale == v, and v is not -0), so that the same
//     division gives v back at the end: the values of most
//     exports (a few decimals each) take half the memory. Memory is what a
//     long table costs most here: every fresh megabyte is cleared by the
//     kernel, 1-2 ms of system time a MiB on these virtual machines once
//     the host has taken back its free pages (10M values: 80 MB, a fifth
//     of a run's CPU). The scale is chosen once per worker, from its first
//     values (sampleLen): the one that holds most of them.
//   - short: 2 bytes, in a worker whose sample was (nearly) all int16 m at
//     its scale — readings of a few digits, the most common export —
//     every value whose m fits, the others to scaled or wide (short16).
//     The fresh memory halves again.
//   - wide: 8 bytes, every other value (and the sample).
type chains struct {
	wide   valueChains[float64]
	scaled valueChains[int32]
	short  valueChains[int16]
	// The scaled store's values are m / div, div = 10^scale. decided:
	// the first sampleLen values are sampled (into wide) first; div is 0
	// when too few of those were scaled decimals for the second store to
	// pay.
	decided bool
	div     float64
	sampled int
	fits    [maxScale + 1]int32 // sampled values that each scale holds
	// fitsShort counts the sampled values each scale holds in an int16.
	// short16: this worker puts the values that fit an int16 in the short
	// store. Chosen with div when all but a sixteenth of the sample fit:
	// then a value that does not fit costs a mispredicted branch rarely,
	// where a worker whose values fit half the time would pay one every
	// other value (it keeps to 4 bytes).
	fitsShort [maxScale + 1]int32
	short16   bool
	known     int32 // lists ensured: ids 0..known-1
	// ledgers holds the lists with a missing, invalid or overflowed cell
	// only: most have none, and a long table may have millions of groups.
	ledgers map[int32]*ledger
	// arena, when set, holds the slabs (the run's: 80 MB of a long
	// table's values back with the OS at the end of the run, not at the
	// collector's next cycle, and never cleared over recycled heap memory).
	arena *hugepage.Arena
}

const (
	// maxScale: 10^9 keeps values under 2.1 in an int32; more decimals
	// than that are rare in exports, and go to the wide store.
	maxScale = 9
)

// sampleLen is how many values a worker samples before it chooses its
// scale. A variable: the tests shorten it, so that small inputs reach the
// scaled store.
var sampleLen = 256

// valueChains is one store of a worker's chains: T's in slabs, a chain of
// chunks per list.
//
// A chunk is a header (the previous chunk and the count of the list's
// values in this store before this one, 8 bytes: one float64 slot or two
// int32 ones; see grow) and its values. A new chunk holds half the list's
// values so far while it has under 128, then a quarter, from 4 to 4096
// values: a list's last chunk wastes at most a third of its room (a fifth
// past 128 values), a long list is copied in few pieces, and a long table
// of a million groups of a few values each does not hold chunks of dozens.
type valueChains[T storable] struct {
	slabs [][]T  // slabLen slots each; a slot's ref is slab<<slabBits | index
	next  int64  // the first unused slot of the last slab, as a ref
	tails []tail // per worker id, grown as lists first come to this store
	// overflow is set once the refs ran out: the block ends in an error.
	overflow bool
}

// storable is what a store keeps: float64 values, or the m of m/10^scale.
type storable interface{ float64 | int32 | int16 }

// tail is where a list's chain takes its next value: 12 bytes, so that
// the tails of 20 000 groups take 240 KiB of a core's cache.
type tail struct {
	pos, end int32 // the next free slot and the end of the last chunk; pos == end when it is full
	last     int32 // the last chunk's header, -1 before the first
}

const (
	slabBits = 20
	slabLen  = 1 << slabBits // slots: 8 MiB of float64 (four huge pages), 4 MiB of int32, 2 of int16
	chunkMin = 4
	chunkMax = 4096
	// maxRef bounds a store's slots, since refs are int32: 16 GiB of
	// float64 values, 8 GiB of int32, 4 of int16.
	maxRef = math.MaxInt32
)

// release frees the slabs and forgets every list: nothing may read the
// values afterwards.
func (c *chains) release() {
	c.wide.release(c.arena)
	c.scaled.release(c.arena)
	c.short.release(c.arena)
	*c = chains{}
}

func (s *valueChains[T]) release(arena *hugepage.Arena) {
	for _, sl := range s.slabs {
		hugepage.Free(arena, sl)
	}
	hugepage.Free(arena, s.tails)
	*s = valueChains[T]{}
}

// ensure makes id a known list.
func (c *chains) ensure(id int32) {
	if id >= c.known {
		c.known = id + 1
	}
}

// ensure grows the tails to hold id.
func (s *valueChains[T]) ensure(arena *hugepage.Arena, id int32) {
	if int(id) >= cap(s.tails) {
		// Past a few MiB (a million groups), on huge pages in the arena.
		s.tails = hugepage.GrowIn(arena, s.tails, max(int(id)+1-len(s.tails), 1024))
	}
	for int(id) >= len(s.tails) {
		s.tails = append(s.tails, tail{last: -1})
	}
}

// ledger is list id's, to be written.
func (c *chains) ledger(id int32) *ledger {
	l := c.ledgers[id]
	if l == nil {
		if c.ledgers == nil {
			c.ledgers = map[int32]*ledger{}
		}
		l = &ledger{}
		c.ledgers[id] = l
	}
	return l
}

// err is the run's error once the worker's refs ran out (overflow).
func (c *chains) err() error {
	for _, s := range []struct {
		overflow bool
		size     int64
	}{{c.wide.overflow, 8}, {c.scaled.overflow, 4}, {c.short.overflow, 2}} {
		if s.overflow {
			return fmt.Errorf("a worker holds more than %d GiB of values: run with more workers (-workers)", (int64(maxRef)+1)*s.size>>30)
		}
	}
	return nil
}

// add appends v to list id (ensured), in the store its scale says.
func (c *chains) add(id int32, v float64) {
	switch {
	case !c.decided:
		c.sample(v)
	case c.div != 0:
		if m, ok := scaledOf(v, c.div); ok {
			if c.short16 && fitsInt16(m) {
				c.short.put(c.arena, id, int16(m))
			} else {
				c.scaled.put(c.arena, id, m)
			}
			return
		}
	}
	c.wide.put(c.arena, id, v)
}

func fitsInt16(m int32) bool { return m == int32(int16(m)) }

// addWide appends v to list id in the wide store, whatever its scale:
// columns' way. Columns add their cells
// one by one as they are parsed, and the check of a value's scale
// (scaledOf), a chain of
// dependent operations after the parse's own division, cost a run over
// 100 columns 14% more CPU, in batches too; a long table's values go in
// batches of their own (addAll), where it costs nothing measurable.
func (c *chains) addWide(id int32, v float64) {
	if !c.wide.tryPut(id, v) {
		c.wide.put(c.arena, id, v)
	}
}

// scaledOf is v as m/div, when it is exactly that (never while div is
// 0: 0/0 is NaN).
func scaledOf(v, div float64) (int32, bool) {
	x := v * div
	m := int64(x + math.Copysign(0.5, x)) // a candidate; the division proves it
	return int32(m), m == int64(int32(m)) && float64(m)/div == v && (m != 0 || !math.Signbit(v))
}

// sample notes which scales hold v, and once sampleLen values are seen
// chooses the scale that holds most (the smallest of equals: the widest
// range), or none when it holds under half.
func (c *chains) sample(v float64) {
	for k := range c.fits {
		if m, ok := scaledOf(v, pow10[k]); ok {
			c.fits[k]++
			if fitsInt16(m) {
				c.fitsShort[k]++
			}
		}
	}
	if c.sampled++; c.sampled < sampleLen {
		return
	}
	best := 0
	for k, n := range c.fits {
		if n > c.fits[best] {
			best = k
		}
	}
	c.decided, c.div = true, pow10[best]
	c.short16 = int(c.fitsShort[best])*16 >= c.sampled*15
	if int(c.fits[best]) < sampleLen/2 {
		c.div, c.short16 = 0, false
	}
}

// addAll adds vals[i] to list keys[i]: add, written out (too large for
// the compiler to inline).
func (c *chains) addAll(keys []int32, vals []float64) {
	vals = vals[:len(keys)]
	for len(keys) > 0 && !c.decided {
		c.add(keys[0], vals[0])
		keys, vals = keys[1:], vals[1:]
	}
	if c.div == 0 {
		for i, id := range keys {
			if !c.wide.tryPut(id, vals[i]) {
				c.wide.put(c.arena, id, vals[i])
			}
		}
		return
	}
	div := c.div
	if c.short16 {
		for i, id := range keys {
			v := vals[i]
			m, ok := scaledOf(v, div)
			switch {
			case !ok:
				c.wide.put(c.arena, id, v)
			case !fitsInt16(m):
				c.scaled.put(c.arena, id, m)
			case !c.short.tryPut(id, int16(m)):
				c.short.put(c.arena, id, int16(m))
			}
		}
		return
	}
	for i, id := range keys {
		v := vals[i]
		if m, ok := scaledOf(v, div); !ok {
			c.wide.put(c.arena, id, v)
		} else if !c.scaled.tryPut(id, m) {
			c.scaled.put(c.arena, id, m)
		}
	}
}

// tryPut appends v to list id's chain in this store when it has room in
// its last chunk, and says whether it had: put's common case, small
// enough to be inlined in addAll's loop (put, which may grow the tails
// and the chain, is not, and a call per value was a tenth of a long
// table's run).
func (s *valueChains[T]) tryPut(id int32, v T) bool {
	if int(id) < len(s.tails) {
		if t := &s.tails[id]; t.pos != t.end {
			s.slabs[t.pos>>slabBits][t.pos&(slabLen-1)] = v
			t.pos++
			return true
		}
	}
	return false
}

// put appends v to list id's chain in this store.
func (s *valueChains[T]) put(arena *hugepage.Arena, id int32, v T) {
	if int(id) >= len(s.tails) {
		s.ensure(arena, id)
	}
	t := &s.tails[id]
	if t.pos == t.end {
		s.grow(arena, id)
	}
	s.slabs[t.pos>>slabBits][t.pos&(slabLen-1)] = v
	t.pos++
}

// headerLen is the slots a chunk's 8-byte header takes.
func (s *valueChains[T]) headerLen() int64 {
	var v T
	return int64(8 / unsafe.Sizeof(v))
}

// grow starts a new chunk for list id, whose last one is full. A chunk's
// header holds the previous chunk and the count of the values before it:
// a chunk's size is the difference of two such counts.
func (s *valueChains[T]) grow(arena *hugepage.Arena, id int32) {
	t := &s.tails[id]
	hl := s.headerLen()
	full := int64(0) // values before the new chunk
	if t.last >= 0 {
		full = s.before(t.last) + int64(t.end-t.last) - hl
	}
	size := full / 4
	if full < 128 {
		size = full / 2
	}
	// A multiple of the header's slots, for the int32 and int16 stores:
	// their headers are read as one uint64, aligned.
	size = min(max(size, chunkMin), chunkMax) &^ (hl - 1)
	if s.next+size+hl > maxRef {
		// Past int32 refs (16 GiB of values in one worker): the block
		// ends in an error (err); until then its values go over the
		// last slab's, which no result will read.
		s.overflow = true
		s.next = int64(len(s.slabs)-1) << slabBits
	}
	if s.next+size+hl > int64(len(s.slabs))<<slabBits {
		s.slabs = append(s.slabs, hugepage.Alloc[T](arena, slabLen, slabLen))
		s.next = int64(len(s.slabs)-1) << slabBits
	}
	h := int32(s.next)
	*s.header(h) = uint64(uint32(t.last))<<32 | uint64(full)
	t.last, t.pos, t.end = h, h+int32(hl), h+int32(hl+size)
	s.next += size + hl
}

// header is chunk h's header, in its first slot or two.
func (s *valueChains[T]) header(h int32) *uint64 {
	return (*uint64)(unsafe.Pointer(&s.slabs[h>>slabBits][h&(slabLen-1)]))
}

// before is the count of values before chunk h; prev, the chunk before it.
func (s *valueChains[T]) before(h int32) int64 { return int64(uint32(*s.header(h))) }

func (s *valueChains[T]) prev(h int32) int32 { return int32(uint32(*s.header(h) >> 32)) }

// walk goes along one list's chunks in one store, the last first. Each
// step waits for a chunk's header (a cache miss, once the list's chunks
// are spread over slabs of megabytes), so the walks of a list's chains in
// several workers are taken a step each in turn: their misses overlap
// (valuesOf).
type walk[T storable] struct {
	s    *valueChains[T]
	h, n int32 // the chunk to note next and its values; h < 0 once done
}

// walkOf starts a walk along list id's chain in s (done at once when id
// has no value there).
func (s *valueChains[T]) walkOf(id int32) walk[T] {
	if int(id) >= len(s.tails) {
		return walk[T]{h: -1}
	}
	t := &s.tails[id]
	return walk[T]{s, t.last, t.pos - t.last - int32(s.headerLen())}
}

// step appends the walk's chunk (its values) to chunks and moves to the
// one before.
func (w *walk[T]) step(chunks [][]T) [][]T {
	h := w.h
	i := h&(slabLen-1) + int32(w.s.headerLen())
	chunks = append(chunks, w.s.slabs[h>>slabBits][i:i+w.n])
	p := w.s.prev(h)
	if p < 0 {
		w.h = -1
		return chunks
	}
	w.h, w.n = p, int32(w.s.before(h)-w.s.before(p))
	return chunks
}

// batchLen is how many values a long table's worker reads before adding
// them to their chains: few enough that the batch is still in the cache.
const batchLen = 4096
