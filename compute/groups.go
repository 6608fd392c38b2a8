package compute

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"unsafe"

	"medianscope/internal/hugepage"
)

// groupTable maps a long table's group cells (bytes) to dense ids, for one
// worker. It does the work of a map[string]int32 in a fraction of the
// time on this hot path (one lookup per row): a slot of 16 bytes holds the
// key's first eight bytes, its length and a tag of its hash, and its id,
// so that a lookup of a short key touches one slot and nothing else;
// longer keys are then compared in full in one arena. A lookup allocates
// nothing.
//
// With rows in no order, nearly every lookup misses the caches (the CPU
// profile of 20 000 groups: 70% of the lookup on its first load), so the
// table is kept small: 16-byte slots, up to three quarters full. 20 000
// groups take 512 KiB, within a core's L2, where 24-byte slots at most
// half full took 1.5 MiB.
type groupTable struct {
	seed   maphash.Seed
	s0, s1 uint64 // hashOf's seeds
	slots  []slot // open addressing; len is a power of two
	ids    int32
	offs   []uint32 // key of id i: arena[offs[i]:offs[i+1]]
	arena  []byte
	// keepAll: key gives every key back (the aggregator's table names its
	// lists by them). A worker's table keeps only keys over 8 bytes in
	// arena: a slot holds a shorter one whole (head and length), which is
	// all its lookups and growth need (a million groups: 7 MB less).
	keepAll bool
	// mem, when set, holds slots, offs and arena (a run's: a million
	// groups grow them to tens of MiB by doubling, and each outgrown array
	// is given back at once rather than left to the collector); release
	// frees them.
	mem *hugepage.Arena
}

type slot struct {
	head uint64 // the key's first 8 bytes, zero-padded
	mark uint32 // markOf the key; 0 marks an empty slot
	id   int32
}

// markOf packs 23 bits of a key's hash, a bit that is always set (so that
// no key's mark is an empty slot's 0), and its length up to 255.
func markOf(h uint64, n int) uint32 {
	return uint32(h>>41)<<9 | 1<<8 | uint32(min(n, 255))
}

// newGroupTable returns an empty table, its arrays in mem (nil: the Go
// heap); keepAll as the field.
func newGroupTable(mem *hugepage.Arena, keepAll bool) *groupTable {
	seed := maphash.MakeSeed()
	return &groupTable{seed: seed, slots: make([]slot, 1<<12), offs: []uint32{0}, mem: mem, keepAll: keepAll,
		s0: maphash.String(seed, "s0"), s1: maphash.String(seed, "s1") | 1<<63}
}

// release gives the table's memory back; nothing may use it afterwards.
func (g *groupTable) release() {
	hugepage.Free(g.mem, g.slots)
	hugepage.Free(g.mem, g.offs)
	hugepage.Free(g.mem, g.arena)
	*g = groupTable{}
}

// head is key's first 8 bytes, zero-padded. A key cut from a block has
// room after it, read and masked off: no copy.
func head(key []byte) uint64 {
	if cap(key) >= 8 {
		v := binary.LittleEndian.Uint64(key[:8])
		if len(key) >= 8 {
			return v
		}
		return v & (1<<(8*len(key)) - 1)
	}
	var b [8]byte
	copy(b[:], key)
	return binary.LittleEndian.Uint64(b[:])
}

// hashOf is key's hash. A key of up to 8 bytes (most group names) is its
// head and length multiplied by the table's random seeds, the product's
// halves folded (as wyhash does): a few instructions where maphash is a
// call; longer keys go to maphash.
func (g *groupTable) hashOf(key []byte, hd uint64) uint64 {
	if len(key) <= 8 {
		return g.hashShort(hd, len(key))
	}
	return maphash.Bytes(g.seed, key)
}

// hashShort is the hash of a key of n <= 8 bytes whose head is hd.
func (g *groupTable) hashShort(hd uint64, n int) uint64 {
	hi, lo := bits.Mul64(hd^g.s0, g.s1^uint64(n))
	return hi ^ lo
}

// id returns key's id, giving it the next one when it is new.
func (g *groupTable) id(key []byte) (id int32, isNew bool) {
	hd := head(key)
	h := g.hashOf(key, hd)
	mark := markOf(h, len(key))
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &g.slots[i]
		if s.mark == 0 {
			break
		}
		// Equal marks mean equal lengths below 255; longer keys, and
		// any of more than 8 bytes, are compared in full.
		if s.mark == mark && s.head == hd && (len(key) <= 8 || string(g.key(s.id)) == string(key)) {
			return s.id, false
		}
	}
	id = g.ids
	g.ids++
	// Grown on huge pages once large (a million groups: tens of MiB).
	if g.keepAll || len(key) > 8 {
		g.arena = append(hugepage.GrowIn(g.mem, g.arena, len(key)), key...)
	}
	g.offs = append(hugepage.GrowIn(g.mem, g.offs, 1), uint32(len(g.arena)))
	g.place(slot{head: hd, mark: mark, id: id}, h)
	if int(g.ids)*4 > len(g.slots)*3 {
		g.grow()
	}
	return id, true
}

// grow doubles the slots. The keys' hashes are made again, not kept (8
// bytes a group fewer): a short key's from its slot, a longer one's from
// the arena.
func (g *groupTable) grow() {
	old := g.slots
	g.slots = hugepage.Alloc[slot](g.mem, 2*len(old), 2*len(old))
	for _, s := range old {
		if s.mark == 0 {
			continue
		}
		var h uint64
		if n := int(s.mark & 0xff); n <= 8 {
			h = g.hashShort(s.head, n)
		} else {
			h = maphash.Bytes(g.seed, g.key(s.id))
		}
		g.place(s, h)
	}
	hugepage.Free(g.mem, old)
}

// prefetchSlots is the table size (slots) from which a caller with many
// lookups to make prefetches each some way ahead (prefetchAhead): below
// it, the slots stay in a core's cache, and the second hash of each key
// is a cost for nothing.
const (
	prefetchSlots = 1 << 16 // 1 MiB
	prefetchAhead = 16
)

// prefetch starts loading the slot where a lookup of key starts, so that
// the lookup soon after finds it in the cache.
func (g *groupTable) prefetch(key []byte) {
	h := g.hashOf(key, head(key))
	prefetch(unsafe.Pointer(&g.slots[h&uint64(len(g.slots)-1)]))
}

func (g *groupTable) place(s slot, h uint64) {
	mask := uint64(len(g.slots) - 1)
	i := h & mask
	for g.slots[i].mark != 0 {
		i = (i + 1) & mask
	}
	g.slots[i] = s
}

// key returns id's key: any key with keepAll, else one over 8 bytes.
func (g *groupTable) key(id int32) []byte { return g.arena[g.offs[id]:g.offs[id+1]] }
