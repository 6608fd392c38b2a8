package radix

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Sort agrees with slices.Sort on words of every kind the window makes:
// uniform, few distinct, agreeing on their top bytes (keys of values
// close together), already sorted, reversed, and every length around the
// hand-over to slices.Sort.
func TestSortAgainstSlicesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := map[string]func(i int) uint64{
		"uniform":  func(int) uint64 { return r.Uint64() },
		"few":      func(int) uint64 { return uint64(r.IntN(5)) << 60 },
		"top same": func(int) uint64 { return 0x4034_0000_0000_0000 | r.Uint64()>>24 },
		"low only": func(int) uint64 { return uint64(r.IntN(300)) },
		"sorted":   func(i int) uint64 { return uint64(i) << 20 },
		"reversed": func(i int) uint64 { return ^uint64(i) },
		"equal":    func(int) uint64 { return 42 },
		"bytes":    func(int) uint64 { return uint64(r.IntN(256)) << (8 * r.IntN(8)) },
	}
	for name, gen := range kinds {
		for _, n := range []int{0, 1, 2, small - 1, small, small + 1, 1000, 5000, 70000} {
			xs := make([]uint64, n)
			for i := range xs {
				xs[i] = gen(i)
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			Sort(xs)
			if !slices.Equal(xs, want) {
				t.Fatalf("%s, n=%d: differs from slices.Sort", name, n)
			}
		}
	}
}

func FuzzSort(f *testing.F) {
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		// Words from the bytes, repeated to pass the hand-over length.
		var xs []uint64
		for len(b) > 0 && len(xs) < 4*small {
			var x uint64
			for i := 0; i < 8 && i < len(b); i++ {
				x = x<<8 | uint64(b[i])
			}
			xs = append(xs, x, x^0xff00, x<<8)
			b = b[1:]
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		Sort(xs)
		if !slices.Equal(xs, want) {
			t.Fatalf("differs from slices.Sort on %d words", len(xs))
		}
	})
}

func BenchmarkSort(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 1_000_000
	src := make([]uint64, n)
	for i := range src {
		// A table's words: a key of values near 20 in the top bits, the
		// index in the low 20.
		src[i] = (0x4034_0000_0000_0000+r.Uint64()>>28)&^(1<<20-1) | uint64(i)
	}
	buf := make([]uint64, n)
	for _, c := range []struct {
		name string
		sort func([]uint64)
	}{{"radix", Sort}, {"slices.Sort", slices.Sort[[]uint64]}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				copy(buf, src)
				c.sort(buf)
			}
		})
	}
}
