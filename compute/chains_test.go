package compute

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// chainValues is list id's values in c, all three stores, scaled ones
// turned back as valuesOf does.
func chainValues(c *chains, id int32) []float64 {
	out := storeValues(nil, &c.wide, id, func(v float64) float64 { return v })
	out = storeValues(out, &c.scaled, id, func(m int32) float64 { return float64(m) / c.div })
	return storeValues(out, &c.short, id, func(m int16) float64 { return float64(m) / c.div })
}

// storeValues appends list id's values in store s, each through value.
func storeValues[T storable](out []float64, s *valueChains[T], id int32, value func(T) float64) []float64 {
	for w := s.walkOf(id); w.h >= 0; {
		for _, ch := range w.step(nil) {
			for _, v := range ch {
				out = append(out, value(v))
			}
		}
	}
	return out
}

// sortedBits is vals as bits, sorted: equal multisets bit for bit (-0
// apart from 0) give equal slices.
func sortedBits(vals []float64) []uint64 {
	out := make([]uint64, len(vals))
	for i, v := range vals {
		out[i] = math.Float64bits(v)
	}
	slices.Sort(out)
	return out
}

// TestChains adds values to lists of very different sizes, in random
// order, across several slabs of every store, and checks each list's
// values (bit for bit: -0 is not 0) and count, walked along its chains,
// against a plain slice per list. The values are drawn per case: decimals
// as parsed from text (a few digits: the short store; more: the scaled
// one), any float64 (the wide store), and mixtures with the values a
// scale cannot hold or an int16 cannot.
func TestChains(t *testing.T) {
	decimal := func(r *rand.Rand, places int, scale float64) float64 {
		s := strconv.FormatFloat(r.NormFloat64()*scale, 'f', places, 64)
		v, _ := strconv.ParseFloat(s, 64)
		return v
	}
	odd := []float64{math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), 1e300, 5e-324, -3e9, 2147483647, -2147483648,
		math.Nextafter(0.3, 1), math.Nextafter(12.345, 13), math.MaxFloat64}
	for _, tc := range []struct {
		name  string
		value func(r *rand.Rand) float64
		scale int      // the scale chosen, -1 none, -2 any
		store []string // the stores that must cross a slab end
	}{
		{"three decimals", func(r *rand.Rand) float64 { return decimal(r, 3, 5) }, 3, []string{"short"}},
		{"integers", func(r *rand.Rand) float64 { return decimal(r, 0, 1e6) }, 0, []string{"scaled"}},
		{"any float64", func(r *rand.Rand) float64 { return r.NormFloat64() }, -1, []string{"wide"}},
		{"short decimals and a few of every other kind", func(r *rand.Rand) float64 {
			switch r.IntN(100) {
			case 0:
				return odd[r.IntN(len(odd))]
			case 1:
				return decimal(r, 3, 1e4) // past int16 at scale 3
			case 2:
				return r.NormFloat64()
			}
			return decimal(r, 3, 5)
		}, 3, []string{"short"}},
		{"mixed decimals and odd values", func(r *rand.Rand) float64 {
			switch r.IntN(10) {
			case 0:
				return odd[r.IntN(len(odd))]
			case 1:
				return r.NormFloat64()
			case 2:
				return decimal(r, 1+r.IntN(9), 1)
			}
			return decimal(r, 2, 100)
		}, -2, []string{"scaled"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			var c chains
			const lists = 300
			want := make([][]float64, lists)
			// List i gets values with probability ∝ 1/(i+1): a few long
			// lists (whole chunks of 4096, slabs crossed) and many short
			// ones. They go one by one (add, addWide) or in batches
			// (addAll).
			var keys []int32
			var vals []float64
			for total := 0; total < 2*slabLen+12345; total++ {
				var id int32
				for {
					id = int32(r.IntN(lists))
					if r.IntN(int(id)+1) == 0 {
						break
					}
				}
				c.ensure(id)
				v := tc.value(r)
				want[id] = append(want[id], v)
				switch r.IntN(5) {
				case 0, 1:
					c.add(id, v)
					continue
				case 2:
					c.addWide(id, v) // columns' way, beside the others
					continue
				}
				keys, vals = append(keys, id), append(vals, v)
				if len(keys) == 1000 || r.IntN(1000) == 0 {
					c.addAll(keys, vals)
					keys, vals = keys[:0], vals[:0]
				}
			}
			c.addAll(keys, vals)
			c.ensure(lists - 1)
			// The scale chosen, as div = 10^scale (0: none).
			scale := -1
			if c.div != 0 {
				scale = int(math.Round(math.Log10(c.div)))
			}
			if scale != tc.scale && (tc.scale != -2 || scale < 2) {
				t.Errorf("scale %d, want %d", scale, tc.scale)
			}
			slabs := map[string]int{"wide": len(c.wide.slabs), "scaled": len(c.scaled.slabs), "short": len(c.short.slabs)}
			for _, st := range tc.store {
				if slabs[st] < 2 {
					t.Errorf("%d slabs in the %s store: the test should cross a slab end there", slabs[st], st)
				}
			}
			if scale == -1 && slabs["scaled"]+slabs["short"] > 0 {
				t.Errorf("no scale, yet scaled slabs %d, short %d", slabs["scaled"], slabs["short"])
			}
			if c.short16 != slices.Contains(tc.store, "short") || !c.short16 && slabs["short"] > 0 {
				t.Errorf("short store chosen %v, %d slabs", c.short16, slabs["short"])
			}
			for id := range int32(lists) {
				got := chainValues(&c, id)
				if len(got) != len(want[id]) {
					t.Fatalf("list %d: %d values, want %d", id, len(got), len(want[id]))
				}
				if !slices.Equal(sortedBits(got), sortedBits(want[id])) {
					t.Fatalf("list %d: %d values differ from the %d added", id, len(got), len(want[id]))
				}
			}
			if err := c.err(); err != nil {
				t.Fatal(err)
			}
			c.release()
		})
	}
}

// nearRefEnd moves s to its last addressable slab, 100 slots before the
// end, and returns its next ref. Only that slab is real: the test does
// not hold gigabytes.
func nearRefEnd[T storable](s *valueChains[T]) *int64 {
	s.slabs = make([][]T, maxRef>>slabBits+1)
	s.slabs[len(s.slabs)-1] = make([]T, slabLen)
	s.next = int64(len(s.slabs))<<slabBits - 100
	return &s.next
}

// TestChainsOverflow: a worker whose int32 refs run out, in any store,
// does not panic or wrap; the block ends in one clear error.
func TestChainsOverflow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value float64
		next  func(c *chains) *int64
		size  string
	}{
		{"float64", math.Nextafter(0.3, 1), func(c *chains) *int64 { return nearRefEnd(&c.wide) }, "16 GiB"},
		{"short", 1.5, func(c *chains) *int64 { return nearRefEnd(&c.short) }, "4 GiB"},
		{"scaled", 1.5e5, func(c *chains) *int64 { return nearRefEnd(&c.scaled) }, "8 GiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c chains
			c.ensure(3)
			for range sampleLen {
				c.add(3, tc.value) // the sample, in the wide store's first slab, which tc.next drops
			}
			next := tc.next(&c)
			for i := range 10_000 {
				c.addAll([]int32{int32(i % 3)}, []float64{tc.value})
				if *next > maxRef+1 {
					t.Fatalf("ref %d past int32", *next)
				}
			}
			err := c.err()
			if err == nil || !strings.Contains(err.Error(), tc.size) {
				t.Fatalf("after the refs ran out: %v", err)
			}
		})
	}
	var fresh chains
	if fresh.err() != nil {
		t.Fatal("a fresh worker's chains report an error")
	}
}
