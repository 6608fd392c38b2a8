package plot

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"

	"medianscope/compute"
)

// bigResult computes n rows of three numbers, with the quartiles: a store
// of several chunks (one per 4 MiB block).
func bigResult(t testing.TB, n int) *compute.Result {
	t.Helper()
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "%d,%d.5,%d\n", i%1000, i%777, i%313)
	}
	res, err := compute.Run(t.Context(), &b, compute.Options{Spread: true, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDataReadsTheStore: NewData and drawing a million lists read the
// store's chunks in place — far below the 8 bytes per list that a copy of
// the medians costs — and every list reads back as the store has it.
func TestDataReadsTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("a million lists")
	}
	const n = 1_000_000
	res := bigResult(t, n)
	if len(res.Stats.Medians()) < 2 {
		t.Fatalf("one chunk: the test wants several")
	}
	var d *Data
	if b := allocated(func() { d = NewData("big.csv", res) }); b > n/8 {
		t.Errorf("NewData allocated %d bytes for %d lists", b, n)
	}
	if d.Len() != n || !d.HasSpread() {
		t.Fatalf("Len %d, spread %v", d.Len(), d.HasSpread())
	}
	for _, i := range []int{0, 1, n / 3, n/2 + 1, n - 1} {
		l := res.Stats.At(i)
		if d.Median(i) != l.Median || d.Spread(i) != l.Spread() {
			t.Errorf("list %d: %v %+v, store %v %+v", i, d.Median(i), d.Spread(i), l.Median, l.Spread())
		}
	}
	// Drawing: the image (480 kB here) and per-column scratch, no copy.
	for _, k := range []Kind{MediansChart, SpreadChart} {
		c := Chart{k, Size{W: 400, H: 300, Scale: 1}, Light}
		if b := allocated(func() { c.Image(d) }); b > 2*n {
			t.Errorf("%v: drawing allocated %d bytes for %d lists", k, b, n)
		}
	}
}

// TestSeriesAcrossChunks: a column cut into chunks reads like the slice
// it was cut from, at single indexes and over any range.
func TestSeriesAcrossChunks(t *testing.T) {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(i)
	}
	for _, cuts := range [][]int{{}, {1}, {50}, {0, 0, 99}, {10, 20, 30, 31, 90}} {
		var chunks [][]float64
		prev := 0
		for _, c := range append(slices.Clone(cuts), len(xs)) {
			chunks = append(chunks, xs[prev:c])
			prev = c
		}
		col := newColumn(chunks)
		if col.len() != len(xs) {
			t.Fatalf("cuts %v: len %d", cuts, col.len())
		}
		for i := range xs {
			if col.at(i) != xs[i] {
				t.Fatalf("cuts %v: at(%d) = %v", cuts, i, col.at(i))
			}
		}
		for _, r := range [][2]int{{0, 100}, {5, 6}, {9, 31}, {30, 30}, {99, 100}} {
			var got []float64
			col.each(r[0], r[1], func(base int, seg []float64) {
				if base != r[0]+len(got) {
					t.Fatalf("cuts %v range %v: base %d after %d values", cuts, r, base, len(got))
				}
				got = append(got, seg...)
			})
			if !slices.Equal(got, xs[r[0]:r[1]]) {
				t.Fatalf("cuts %v range %v: %v", cuts, r, got)
			}
		}
	}
}

// TestHistogramQuartiles: the bin width comes from the R type 7 IQR (the
// lists' kernel, not a nearest-rank one) and the centre is the median.
func TestHistogramQuartiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []float64
	}{
		{"squares", func() []float64 {
			xs := make([]float64, 1000)
			for i := range xs {
				xs[i] = float64(i * i)
			}
			return xs
		}()},
		{"skewed", []float64{1, 2, 2, 3, 3, 3, 4, 50, 51, 400, 1000, 1001, 1002}},
		{"four", []float64{0, 1, 3, 10}},
	} {
		h := NewHist(slices.Clone(tc.xs))
		s := slices.Sorted(slices.Values(tc.xs))
		q1, q3 := refQuantile(s, 0.25), refQuantile(s, 0.75)
		span := s[len(s)-1]/2 - s[0]/2
		bins := int(math.Ceil(span / (2 * (q3/2 - q1/2) / math.Cbrt(float64(len(s))))))
		bins = min(max(bins, MinBins), MaxBins)
		if len(h.Counts) != bins || h.Center != refQuantile(s, 0.5) || h.Min != s[0] || h.Max != s[len(s)-1] {
			t.Errorf("%s: %d bins, centre %v, want %d and %v", tc.name, len(h.Counts), h.Center, bins, refQuantile(s, 0.5))
		}
	}
}

// TestStoreQuartileBands: the spread bands of a store that derives the
// quartiles of its short lists (a file of rows of up to three numbers, a
// longer one here and there) are those of the same quartiles made whole,
// at every width.
func TestStoreQuartileBands(t *testing.T) {
	var b bytes.Buffer
	for i := range 20_000 {
		switch {
		case i%997 == 0:
			fmt.Fprintf(&b, "%d,%d,%d,%d,%d\n", i%13, i%7, i%5, i%11, i%3)
		case i%3 == 0:
			fmt.Fprintf(&b, "%d.25,%d\n", i%101, i%17)
		default:
			fmt.Fprintf(&b, "%d,%d.5,%d\n", i%1000, i%777, i%313)
		}
	}
	res, err := compute.Run(t.Context(), &b, compute.Options{Spread: true, Workers: 2, BlockSize: 32 << 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := NewData("t.csv", res)
	st := res.Stats
	q1, q3 := newColumn(st.Column(compute.StatQ1)), newColumn(st.Column(compute.StatQ3))
	for _, w := range []int{1, 7, 640, 20_000, 30_000} {
		got := aggregate(d.medians, &d.spread.q1, &d.spread.q3, w)
		want := aggregate(newColumn(st.Medians()), &q1, &q3, w)
		if len(got) != len(want) {
			t.Fatalf("width %d: %d bands, want %d", w, len(got), len(want))
		}
		for c := range got {
			g, x := got[c], want[c]
			if math.Float64bits(g.Q1) != math.Float64bits(x.Q1) || math.Float64bits(g.Q3) != math.Float64bits(x.Q3) || g.N != x.N {
				t.Fatalf("width %d column %d: %+v, want %+v", w, c, g, x)
			}
		}
	}
	for _, i := range []int{0, 1, 2, 997, 19_999} {
		if got, want := d.Spread(i), st.At(i).Spread(); got != want {
			t.Errorf("list %d: %+v, want %+v", i, got, want)
		}
	}
}
