package plot

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refQuantile is R's type 7 quantile of sorted xs, the obvious way: exact
// for the small integers the tests use.
func refQuantile(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	i := int(math.Floor(h))
	if i+1 >= len(xs) || h == float64(i) {
		return xs[i]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

// refMedianOf is the median of the values of xs that are not NaN
// (infinities included): NaN for none, and for -Inf beside +Inf.
func refMedianOf(xs []float64) float64 {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// refBands aggregates column by column with sorting, the slow and obvious
// way.
func refBands(med, q1, q3 []float64, width int) []Band {
	n := len(med)
	width = min(width, n)
	out := make([]Band, width)
	for c := range out {
		lo, hi := c*n/width, (c+1)*n/width
		b := Band{X: c, Lo: lo, Hi: hi, Q1: math.NaN(), Q3: math.NaN()}
		var fin []float64
		for _, v := range med[lo:hi] {
			switch {
			case math.IsInf(v, 1):
				b.PosInf++
			case math.IsInf(v, -1):
				b.NegInf++
			case !math.IsNaN(v):
				fin = append(fin, v)
			}
		}
		b.N = len(fin)
		b.Medians.Min, b.Medians.Q1, b.Medians.Median, b.Medians.Q3, b.Medians.Max = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if len(fin) > 0 {
			slices.Sort(fin)
			b.Medians.Min, b.Medians.Max = fin[0], fin[len(fin)-1]
			b.Medians.Q1, b.Medians.Median, b.Medians.Q3 = refQuantile(fin, 0.25), refQuantile(fin, 0.5), refQuantile(fin, 0.75)
		}
		if q1 != nil {
			b.Q1, b.Q3 = refMedianOf(q1[lo:hi]), refMedianOf(q3[lo:hi])
		}
		out[c] = b
	}
	return out
}

// randomColumn is n small integers with some NaN and ±Inf, cut into
// random chunks as a store's column is.
func randomColumn(r *rand.Rand, n int) ([]float64, column) {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(r.IntN(2001) - 1000)
		switch r.IntN(40) {
		case 0:
			xs[i] = math.NaN()
		case 1:
			xs[i] = math.Inf(1)
		case 2:
			xs[i] = math.Inf(-1)
		}
	}
	var chunks [][]float64
	for rest := xs; len(rest) > 0; {
		k := min(len(rest), 1+r.IntN(max(1, n/3)))
		chunks = append(chunks, rest[:k])
		rest = rest[k:]
	}
	return xs, newColumn(chunks)
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestBandsAgainstReference checks the per-pixel-column aggregation on
// random chunked data with NaN and ±Inf against sorting each column: the
// columns partition the lists, and each column's counts, quartiles of the
// medians and medians of the quartiles are the reference's. Sizes past
// parallelBands run the parallel path.
func TestBandsAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	sizes := []int{1, 2, 3, 7, 60, 61, 500, 4000, parallelBands + 1234}
	for trial := 0; trial < 60; trial++ {
		n := sizes[trial%len(sizes)]
		width := 1 + r.IntN(1500)
		med, mc := randomColumn(r, n)
		q1, c1 := randomColumn(r, n)
		q3, c3 := randomColumn(r, n)
		withSpread := trial%2 == 0
		var got, want []Band
		if withSpread {
			got, want = aggregate(mc, &c1, &c3, width), refBands(med, q1, q3, width)
		} else {
			got, want = aggregate(mc, nil, nil, width), refBands(med, nil, nil, width)
		}
		if len(got) != len(want) || len(got) != min(width, n) {
			t.Fatalf("n=%d width=%d: %d columns, want %d", n, width, len(got), len(want))
		}
		next := 0
		for c, g := range got {
			w := want[c]
			if g.X != c || g.Lo != next || g.Hi <= g.Lo {
				t.Fatalf("n=%d width=%d column %d: lists [%d, %d) after %d", n, width, c, g.Lo, g.Hi, next)
			}
			next = g.Hi
			gm, wm := g.Medians, w.Medians
			if g.N != w.N || g.PosInf != w.PosInf || g.NegInf != w.NegInf ||
				!same(gm.Min, wm.Min) || !same(gm.Q1, wm.Q1) || !same(gm.Median, wm.Median) || !same(gm.Q3, wm.Q3) || !same(gm.Max, wm.Max) ||
				!same(g.Q1, w.Q1) || !same(g.Q3, w.Q3) {
				t.Fatalf("n=%d width=%d column %d:\n got %+v\nwant %+v", n, width, c, g, w)
			}
		}
		if next != n {
			t.Fatalf("n=%d width=%d: the columns end at list %d", n, width, next)
		}
	}
}

// TestBandsKeepGlobalExtremes: whatever the width, the columns' ranges
// hold the smallest and the largest finite median.
func TestBandsKeepGlobalExtremes(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for trial := 0; trial < 40; trial++ {
		n := 1 + r.IntN(20000)
		med, mc := randomColumn(r, n)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range med {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		gotLo, gotHi := math.Inf(1), math.Inf(-1)
		for _, b := range aggregate(mc, nil, nil, 1+r.IntN(2000)) {
			if b.N > 0 {
				gotLo, gotHi = math.Min(gotLo, b.Medians.Min), math.Max(gotHi, b.Medians.Max)
			}
		}
		if gotLo != lo || gotHi != hi {
			t.Fatalf("n=%d: bands span [%v, %v], medians [%v, %v]", n, gotLo, gotHi, lo, hi)
		}
	}
}

func BenchmarkBands(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{100_000, 10_000_000} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 20 + r.NormFloat64()
		}
		// Chunks of a store's size (one per 4 MiB block of short rows).
		var chunks [][]float64
		for i := 0; i < n; i += 600_000 {
			chunks = append(chunks, xs[i:min(n, i+600_000)])
		}
		col := newColumn(chunks)
		b.Run("medians/"+itoa(n), func(b *testing.B) {
			for b.Loop() {
				aggregate(col, nil, nil, 1150)
			}
		})
		b.Run("spread/"+itoa(n), func(b *testing.B) {
			for b.Loop() {
				aggregate(col, &col, &col, 1150)
			}
		})
	}
}
