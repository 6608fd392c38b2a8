package compute

import "hash/maphash"

// groupTable maps a long table's group cells (bytes) to dense ids, for one
// worker. It does the work of a map[string]int32 in a fraction of the
// time on this hot path (one lookup per row): keys live in one arena,
// slots are open-addressed by a 64-bit hash that is compared before any
// byte, and a lookup allocates nothing.
type groupTable struct {
	seed   maphash.Seed
	slots  []int32 // id+1, 0 for an empty slot; len is a power of two
	hashes []uint64
	offs   []uint32 // key of id i: arena[offs[i]:offs[i+1]]
	arena  []byte
}

func newGroupTable() *groupTable {
	return &groupTable{seed: maphash.MakeSeed(), slots: make([]int32, 1024), offs: []uint32{0}}
}

// len is the number of ids given out.
func (g *groupTable) len() int { return len(g.hashes) }

// id returns key's id, giving it the next one when it is new.
func (g *groupTable) id(key []byte) (id int32, isNew bool) {
	h := maphash.Bytes(g.seed, key)
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := g.slots[i]
		if s == 0 {
			break
		}
		if e := s - 1; g.hashes[e] == h && string(g.arena[g.offs[e]:g.offs[e+1]]) == string(key) {
			return e, false
		}
	}
	id = int32(len(g.hashes))
	g.hashes = append(g.hashes, h)
	g.arena = append(g.arena, key...)
	g.offs = append(g.offs, uint32(len(g.arena)))
	if len(g.hashes)*2 > len(g.slots) {
		g.rehash()
	} else {
		g.place(id, h)
	}
	return id, true
}

func (g *groupTable) place(id int32, h uint64) {
	mask := uint64(len(g.slots) - 1)
	i := h & mask
	for g.slots[i] != 0 {
		i = (i + 1) & mask
	}
	g.slots[i] = id + 1
}

func (g *groupTable) rehash() {
	g.slots = make([]int32, 2*len(g.slots))
	for id, h := range g.hashes {
		g.place(int32(id), h)
	}
}

// key returns id's key.
func (g *groupTable) key(id int32) []byte { return g.arena[g.offs[id]:g.offs[id+1]] }
