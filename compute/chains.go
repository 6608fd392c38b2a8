package compute

import (
	"fmt"
	"math"

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
// segment of about 15 values per group and block.
//
// A chunk is a header slot (the previous chunk and the count of the
// list's values before this one, as bits; see grow) and its values. A new
// chunk holds half the list's values so far while it has under 128, then
// a quarter, from 4 to 4096 values: a list's last chunk wastes at most a
// third of its room (a fifth past 128 values), a long list is copied in
// few pieces, and a long table of a million groups of a few values each
// does not hold chunks of dozens.
type chains struct {
	slabs [][]float64 // slabLen slots each; a slot's ref is slab<<slabBits | index
	next  int64       // the first unused slot of the last slab, as a ref
	tails []tail      // per worker id
	// ledgers holds the lists with a missing, invalid or overflowed cell
	// only: most have none, and a long table may have millions of groups.
	ledgers map[int32]*ledger
	// overflow is set once the refs ran out: the block ends in an error.
	overflow bool
	// arena, when set, holds the slabs (the run's: 80 MB of a long
	// table's values back with the OS at the end of the run, not at the
	// collector's next cycle, and never cleared over recycled heap memory).
	arena *hugepage.Arena
}

// tail is where a list's chain takes its next value: 12 bytes, so that
// the tails of 20 000 groups take 240 KiB of a core's cache.
type tail struct {
	pos, end int32 // the next free slot and the end of the last chunk; pos == end when it is full
	last     int32 // the last chunk's header, -1 before the first
}

const (
	slabBits = 20
	slabLen  = 1 << slabBits // 8 MiB of values: four huge pages
	chunkMin = 4
	chunkMax = 4096
	// maxRef bounds a worker's slots, since refs are int32: 16 GiB of values.
	maxRef = math.MaxInt32
)

// release frees the slabs and forgets every list: nothing may read the
// values afterwards.
func (c *chains) release() {
	for _, s := range c.slabs {
		hugepage.Free(c.arena, s)
	}
	hugepage.Free(c.arena, c.tails)
	*c = chains{}
}

// ensure makes id a known list.
func (c *chains) ensure(id int32) {
	if int(id) < len(c.tails) {
		return
	}
	if int(id) >= cap(c.tails) {
		// Past a few MiB (a million groups), on huge pages in the arena.
		c.tails = hugepage.GrowIn(c.arena, c.tails, max(int(id)+1-len(c.tails), 1024))
	}
	for int(id) >= len(c.tails) {
		c.tails = append(c.tails, tail{last: -1})
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
	if c.overflow {
		return fmt.Errorf("a worker holds more than %d GiB of values: run with more workers (-workers)", (int64(maxRef)+1)*8>>30)
	}
	return nil
}

// add appends v to list id (ensured).
func (c *chains) add(id int32, v float64) {
	t := &c.tails[id]
	if t.pos == t.end {
		c.grow(id)
	}
	c.slabs[t.pos>>slabBits][t.pos&(slabLen-1)] = v
	t.pos++
}

// grow starts a new chunk for list id, whose last one is full. A chunk's
// header holds the previous chunk and the count of the values before it:
// a chunk's size is the difference of two such counts.
func (c *chains) grow(id int32) {
	t := &c.tails[id]
	full := int64(0) // values before the new chunk
	if t.last >= 0 {
		full = c.before(t.last) + int64(t.end-t.last-1)
	}
	size := full / 4
	if full < 128 {
		size = full / 2
	}
	size = min(max(size, chunkMin), chunkMax)
	if c.next+size+1 > maxRef {
		// Past int32 refs (16 GiB of values in one worker): the block
		// ends in an error (err); until then its values go over the
		// last slab's, which no result will read.
		c.overflow = true
		c.next = int64(len(c.slabs)-1) << slabBits
	}
	if c.next+size+1 > int64(len(c.slabs))<<slabBits {
		c.slabs = append(c.slabs, hugepage.Alloc[float64](c.arena, slabLen, slabLen))
		c.next = int64(len(c.slabs)-1) << slabBits
	}
	h := int32(c.next)
	*c.slot(h) = math.Float64frombits(uint64(uint32(t.last))<<32 | uint64(full))
	t.last, t.pos, t.end = h, h+1, h+1+int32(size)
	c.next += size + 1
}

func (c *chains) slot(ref int32) *float64 { return &c.slabs[ref>>slabBits][ref&(slabLen-1)] }

// before is the count of values before chunk h; prev, the chunk before it.
func (c *chains) before(h int32) int64 {
	return int64(uint32(math.Float64bits(*c.slot(h))))
}

func (c *chains) prev(h int32) int32 {
	return int32(uint32(math.Float64bits(*c.slot(h)) >> 32))
}

// walk goes along one list's chunks, the last first. Each step waits for
// a chunk's header (a cache miss, once the list's chunks are spread over
// slabs of megabytes), so the walks of a list's chains in several workers
// are taken a step each in turn: their misses overlap (valuesOf).
type walk struct {
	c    *chains
	h, n int32 // the chunk to note next and its values; h < 0 once done
}

// walkOf starts a walk along list id's chain.
func (c *chains) walkOf(id int32) walk {
	t := &c.tails[id]
	return walk{c, t.last, t.pos - t.last - 1}
}

// step appends the walk's chunk (its values) to chunks and moves to the
// one before.
func (w *walk) step(chunks [][]float64) [][]float64 {
	h := w.h
	i := h&(slabLen-1) + 1
	chunks = append(chunks, w.c.slabs[h>>slabBits][i:i+w.n])
	p := w.c.prev(h)
	if p < 0 {
		w.h = -1
		return chunks
	}
	w.h, w.n = p, int32(w.c.before(h)-w.c.before(p))
	return chunks
}

// addAll adds vals[i] to list keys[i]: add, written out (too large for
// the compiler to inline).
func (c *chains) addAll(keys []int32, vals []float64) {
	vals = vals[:len(keys)]
	for i, id := range keys {
		t := &c.tails[id]
		if t.pos == t.end {
			c.grow(id)
		}
		c.slabs[t.pos>>slabBits][t.pos&(slabLen-1)] = vals[i]
		t.pos++
	}
}

// batchLen is how many values a long table's worker reads before adding
// them to their chains: few enough that the batch is still in the cache.
const batchLen = 4096
