package compute

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// shapes are the adversarial and ordinary inputs selection must survive.
var shapes = map[string]func(r *rand.Rand, n int) []float64{
	"random": func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 { return r.NormFloat64() * 1e3 })
	},
	"sorted":   func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(i) }) },
	"reversed": func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(n - i) }) },
	"equal":    func(r *rand.Rand, n int) []float64 { return fill(n, func(int) float64 { return 7 }) },
	"organ-pipe": func(r *rand.Rand, n int) []float64 {
		return fill(n, func(i int) float64 { return float64(min(i, n-1-i)) })
	},
	"few-distinct": func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 { return float64(r.IntN(3)) })
	},
	"sawtooth": func(r *rand.Rand, n int) []float64 { return fill(n, func(i int) float64 { return float64(i % 17) }) },
	"specials": func(r *rand.Rand, n int) []float64 {
		sp := []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 5e-324, -5e-324,
			math.MaxFloat64, -math.MaxFloat64, 2.2250738585072014e-308, 1, -1}
		return fill(n, func(int) float64 { return sp[r.IntN(len(sp))] })
	},
	"huge": func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 { return (r.Float64()*2 - 1) * math.MaxFloat64 })
	},
	"subnormal": func(r *rand.Rand, n int) []float64 {
		return fill(n, func(int) float64 { return math.Float64frombits(r.Uint64() & (1<<52 - 1)) })
	},
	"median-of-3-killer": func(r *rand.Rand, n int) []float64 { return medianOf3Killer(n) },
}

func fill(n int, f func(int) float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = f(i)
	}
	return xs
}

// medianOf3Killer is Musser's sequence that drives median-of-3 quickselect
// to quadratic time; the introselect fallback must keep it linear-ish and
// correct.
func medianOf3Killer(n int) []float64 {
	xs := make([]float64, n)
	k := n / 2
	for i := 1; i <= k; i++ {
		if i%2 == 1 {
			xs[i-1] = float64(i)
			xs[i] = float64(k + i)
		}
		xs[k+i-1] = float64(2 * i)
	}
	return xs
}

func TestMedianAgainstSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lengths := []int{1, 2, 3, 4, 5, 7, 8, 16, 17, 31, 64, 127, 128, 129, 1000, 1001, 4096, 100_000}
	if !testing.Short() {
		lengths = append(lengths, 1_000_000)
	}
	for name, gen := range shapes {
		for _, n := range lengths {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				xs := gen(r, n)
				want := refMedian(xs)
				got := Median(slices.Clone(xs))
				if !sameFloat(got, want) {
					t.Fatalf("Median = %v (%x), sort says %v (%x)", got, math.Float64bits(got), want, math.Float64bits(want))
				}
			})
		}
	}
}

func TestSelectPartitions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for trial := 0; trial < 2000; trial++ {
		n := 1 + r.IntN(300)
		if trial%8 == 0 { // long enough for Floyd–Rivest
			n = frCutoff + r.IntN(5000)
		}
		distinct := []int{1 + n/3, 3, 1, n}[trial%4] // many ties, few values, all equal, few ties
		xs := fill(n, func(int) float64 { return float64(r.IntN(distinct)) })
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		k := r.IntN(n)
		var c cuts
		c.selectIn(xs, 0, n, k)
		// A second selection within the cuts around another rank, as
		// Quartiles makes: its cuts are places in xs too.
		k2 := r.IntN(n)
		if k2 != k {
			lo, hi := k+1, n
			if k2 < k {
				lo, hi = 0, k
			}
			a, b := c.around(k2, lo, hi)
			if k2 < a || k2 >= b {
				t.Fatalf("n=%d: around(%d, %d, %d) = [%d, %d)", n, k2, lo, hi, a, b)
			}
			c.selectIn(xs, a, b, k2)
			if xs[k2] != sorted[k2] {
				t.Fatalf("n=%d k2=%d: xs[k2]=%v, want %v", n, k2, xs[k2], sorted[k2])
			}
		}
		// Every cut noted partitions the whole slice (Quartiles relies on
		// it), and each lies in [0, n].
		for _, x := range c.at[:c.n] {
			if x < 0 || x > n {
				t.Fatalf("n=%d k=%d: a cut at %d", n, k, x)
			}
			if x > 0 && x < n {
				if slices.Max(xs[:x]) > slices.Min(xs[x:]) {
					t.Fatalf("n=%d k=%d: the cut at %d does not partition", n, k, x)
				}
				checked++
			}
		}
		if xs[k] != sorted[k] {
			t.Fatalf("n=%d k=%d: xs[k]=%v, want %v", n, k, xs[k], sorted[k])
		}
		for i, v := range xs {
			if (i < k && v > xs[k]) || (i > k && v < xs[k]) {
				t.Fatalf("n=%d k=%d: xs[%d]=%v on the wrong side of %v", n, k, i, v, xs[k])
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d cuts noted in 2000 selections", checked)
	}
}

func TestMidpoint(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct{ a, b, want float64 }{
		{1, 2, 1.5},
		{1.7976931348623157e308, 1.7976931348623157e308, 1.7976931348623157e308},
		{-math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64},
		{math.MaxFloat64, math.Nextafter(math.MaxFloat64, 0), math.Nextafter(math.MaxFloat64, 0)}, // tie to even
		{5e-324, 1e-323, 1e-323}, // 1.5 ulp rounds to even
		{-inf, inf, math.NaN()},
		{-inf, 1, -inf},
		{1, inf, inf},
		{math.Copysign(0, -1), math.Copysign(0, -1), 0},
		{0.1, 0.2, 0.15000000000000002},
	}
	for _, tc := range tests {
		got := Midpoint(tc.a, tc.b)
		if !sameFloat(got, tc.want) {
			t.Errorf("Midpoint(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if ref := refMedian([]float64{tc.a, tc.b}); !sameFloat(got, ref) {
			t.Errorf("Midpoint(%v, %v) = %v, exact reference %v", tc.a, tc.b, got, ref)
		}
	}
}

// TestMidpointExact checks the overflow-free midpoint against exact
// arithmetic on random pairs across the whole float64 range.
func TestMidpointExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200_000; i++ {
		a := math.Float64frombits(r.Uint64())
		b := math.Float64frombits(r.Uint64())
		if i%3 == 0 {
			b = math.Nextafter(a, math.Inf(1)) // adjacent values: the rounding edge
		}
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		got, want := Midpoint(a, b), refMedian([]float64{a, b})
		if !sameFloat(got, want) {
			t.Fatalf("Midpoint(%v, %v) = %v, exact %v", a, b, got, want)
		}
	}
}

func TestMedianZeroIsPositive(t *testing.T) {
	for _, xs := range [][]float64{{math.Copysign(0, -1)}, {0, math.Copysign(0, -1), 0}, {math.Copysign(0, -1), 1, -1}} {
		if m := Median(xs); math.Signbit(m) || m != 0 {
			t.Errorf("Median(%v) = %v, want +0", xs, m)
		}
	}
}

func BenchmarkMedian(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{3, 100, 1000, 1_000_000} {
		src := shapes["random"](r, n)
		buf := make([]float64, n)
		b.Run(fmt.Sprintf("select/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, src)
				Median(buf)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
		})
		b.Run(fmt.Sprintf("sort-baseline/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, src)
				slices.Sort(buf)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
		})
	}
}
