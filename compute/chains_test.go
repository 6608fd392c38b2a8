package compute

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestChains adds values to lists of very different sizes, in random
// order, across several slabs, and checks each list's values and count,
// walked along its chain, against a plain slice per list.
func TestChains(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var c chains
	const lists = 300
	want := make([][]float64, lists)
	// List i gets values with probability ∝ 1/(i+1): a few long lists
	// (whole chunks of 4096, slabs crossed) and many short ones.
	var total int
	for total < 2*slabLen+12345 {
		var id int32
		for {
			id = int32(r.IntN(lists))
			if r.IntN(int(id)+1) == 0 {
				break
			}
		}
		c.ensure(id)
		v := r.NormFloat64()
		keys, vals := []int32{id}, []float64{v}
		c.addAll(keys, vals)
		want[id] = append(want[id], v)
		total++
	}
	c.ensure(lists - 1)
	if len(c.slabs) < 3 {
		t.Fatalf("%d slabs: the test should cross two slab ends", len(c.slabs))
	}
	for id := range int32(lists) {
		var got []float64
		for w := c.walkOf(id); w.h >= 0; {
			for _, ch := range w.step(nil) {
				got = append(got, ch...)
			}
		}
		if len(got) != len(want[id]) {
			t.Fatalf("list %d: %d values, want %d", id, len(got), len(want[id]))
		}
		slices.Sort(got)
		w := slices.Clone(want[id])
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Fatalf("list %d: %d values differ from the %d added", id, len(got), len(w))
		}
	}
}

// TestChainsOverflow: a worker whose int32 refs run out does not panic or
// wrap; the block ends in one clear error.
func TestChainsOverflow(t *testing.T) {
	var c chains
	// Only the last slab a ref can address is real: the test does not
	// hold 16 GiB.
	c.slabs = make([][]float64, maxRef>>slabBits+1)
	c.slabs[len(c.slabs)-1] = make([]float64, slabLen)
	c.next = int64(len(c.slabs))<<slabBits - 100
	c.ensure(2)
	for i := range 10_000 {
		c.addAll([]int32{int32(i % 3)}, []float64{1})
		if c.next > maxRef+1 {
			t.Fatalf("ref %d past int32", c.next)
		}
	}
	err := c.err()
	if err == nil || !strings.Contains(err.Error(), "16 GiB") {
		t.Fatalf("after the refs ran out: %v", err)
	}
	var fresh chains
	if fresh.err() != nil {
		t.Fatal("a fresh worker's chains report an error")
	}
}
