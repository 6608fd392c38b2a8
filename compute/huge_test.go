package compute

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// orderStats finds every rank across parts, whatever the distribution,
// including when a bracket misses (a tiny sample forces that).
func TestOrderStats(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	for trial := range 300 {
		n := 1 + r.IntN(5000)
		kind := r.IntN(5)
		all := make([]float64, n)
		for i := range all {
			switch kind {
			case 0:
				all[i] = float64(r.IntN(3))
			case 1:
				all[i] = float64(i) // sorted
			case 2:
				all[i] = float64(n - i)
			default:
				all[i] = spreadValue(r, r.IntN(5))
			}
		}
		var parts [][]float64
		for rest := all; len(rest) > 0; {
			k := min(len(rest), 1+r.IntN(700))
			parts = append(parts, rest[:k])
			rest = rest[k:]
		}
		ks := []int{r.IntN(n), r.IntN(n), 0, n - 1, n / 2}
		if trial%2 == 0 && n > 8 { // the quartiles' ranks: three brackets, one fused pass (tally3)
			h1, _ := quarter(n, 1)
			h3, _ := quarter(n, 3)
			ks = []int{n / 2, n/2 - 1, h1, h1 + 1, h3, h3 + 1}
		}
		samples := []int{4, 64, 1 << 15}[trial%3]
		extremes := trial%5 != 0
		got, lo, hi := orderStats(parts, n, ks, extremes, 1+r.IntN(3), samples)
		sorted := slices.Clone(all)
		slices.Sort(sorted)
		for j, k := range ks {
			if !sameFloat(got[j]+0, sorted[k]+0) {
				t.Fatalf("trial %d (kind %d, n %d, sample %d): rank %d = %v, sorted %v", trial, kind, n, samples, k, got[j], sorted[k])
			}
		}
		if extremes && (lo != sorted[0] || hi != sorted[n-1]) {
			t.Fatalf("extremes %v %v, want %v %v", lo, hi, sorted[0], sorted[n-1])
		}
	}
}

// Where far more values fall inside a bracket than the sample foresaw
// (a few distinct values, each a third of the list), the pool is full and
// the rest waits in the workers' extra arrays: the ranks stay exact.
func TestOrderStatsTies(t *testing.T) {
	r := rand.New(rand.NewPCG(55, 56))
	n := 200_000
	all := make([]float64, n)
	for i := range all {
		all[i] = float64(r.IntN(3))
	}
	parts := [][]float64{all[:70_000], all[70_000:150_000], all[150_000:]}
	h1, _ := quarter(n, 1)
	h3, _ := quarter(n, 3)
	ks := []int{n / 2, n/2 - 1, h1, h1 + 1, h3, h3 + 1}
	want := slices.Clone(all)
	slices.Sort(want)
	for workers := 1; workers <= 3; workers++ {
		misses := bracketMisses.Load()
		got, lo, hi := orderStats(parts, n, ks, true, workers, hugeSample)
		if bracketMisses.Load() != misses {
			t.Fatalf("%d workers: a bracket missed (the values past a full pool were lost)", workers)
		}
		for j, k := range ks {
			if got[j] != want[k] {
				t.Fatalf("%d workers: rank %d = %v, want %v", workers, k, got[j], want[k])
			}
		}
		if lo != 0 || hi != 2 {
			t.Fatalf("%d workers: extremes %v %v", workers, lo, hi)
		}
	}
}

// One record far longer than a block is cut between cells and parsed by
// every worker; its median and spread are those of one block holding it.
func TestHugeRecord(t *testing.T) {
	r := rand.New(rand.NewPCG(53, 54))
	for _, n := range []int{hugeMin - 1, hugeMin, 3*hugeMin + 17} {
		var b strings.Builder
		b.WriteString("big")
		var vals []float64
		invalid := 0
		for i := range n {
			b.WriteByte(',')
			switch {
			case i%97 == 5:
				b.WriteString("NA")
				continue
			case i%1001 == 7:
				b.WriteString("x")
				invalid++
				continue
			}
			v := math.Round(r.NormFloat64()*1e6) / 1e3
			vals = append(vals, v)
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteString("\nsmall,3,1,2\n")
		in := b.String()
		want := Quartiles(slices.Clone(vals))
		for _, o := range []Options{
			{Workers: 1, BlockSize: 1 << 30, SkipInvalid: true, Spread: true},
			{Workers: 3, BlockSize: 4096, SkipInvalid: true, Spread: true},
			{Workers: 2, BlockSize: 1000, SkipInvalid: true},
		} {
			res, err := runString(t, in, o)
			if err != nil {
				t.Fatal(err)
			}
			l := res.Stats.At(0)
			if l.Label != "big" || l.Count != len(vals) || !sameFloat(l.Median, want.Median) || res.Stats.Len() != 2 || res.Stats.At(1).Median != 2 {
				t.Fatalf("n %d, %+v: %+v, want median %v of %d", n, o, l, want.Median, len(vals))
			}
			if o.Spread && !sameSpread(l.Spread(), want) {
				t.Fatalf("n %d: spread %+v, want %+v", n, l.Spread(), want)
			}
			if l.Invalid != invalid || res.BadCells[0].Field != 9 || res.BadCells[1].Field != 1010 || res.BadCells[1].List != 0 {
				t.Fatalf("ledger %+v, bad cells %+v", l, res.BadCells[:2])
			}
		}
		// Strictly, the first invalid cell is named at its true field.
		_, err := runString(t, in, Options{Workers: 3, BlockSize: 4096})
		if pe, ok := err.(*ParseError); !ok || pe.Line != 1 || pe.Field != 9 {
			t.Fatalf("error %v", err)
		}
		in2 := strings.Replace(in, ",x,", ",7,", 1)
		_, err = runString(t, in2, Options{Workers: 3, BlockSize: 4096})
		if pe, ok := err.(*ParseError); !ok || pe.Line != 1 || pe.Field != 1010 {
			t.Fatalf("error %v", err)
		}
	}
}

// TestSelectAt: every asked position holds the value sorting would put
// there, with no greater value before it and no smaller one after.
func TestSelectAt(t *testing.T) {
	r := rand.New(rand.NewPCG(53, 54))
	for trial := range 500 {
		n := 1 + r.IntN(3000)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = spreadValue(r, r.IntN(5))
		}
		var ps []int
		for range r.IntN(12) {
			ps = append(ps, r.IntN(n))
		}
		slices.Sort(ps)
		ps = slices.Compact(ps)
		asked := slices.Clone(ps)
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		selectAt(xs, ps)
		for _, p := range asked {
			if !sameFloat(xs[p]+0, sorted[p]+0) {
				t.Fatalf("trial %d: xs[%d] = %v, sorted %v", trial, p, xs[p], sorted[p])
			}
			if i := slices.IndexFunc(xs[:p], func(v float64) bool { return v > xs[p] }); i >= 0 {
				t.Fatalf("trial %d: xs[%d] = %v > xs[%d] = %v", trial, i, xs[i], p, xs[p])
			}
			if i := slices.IndexFunc(xs[p+1:], func(v float64) bool { return v < xs[p] }); i >= 0 {
				t.Fatalf("trial %d: xs[%d] = %v < xs[%d] = %v", trial, p+1+i, xs[p+1+i], p, xs[p])
			}
		}
	}
}

// Records of hundreds of thousands of values in blocks of 512 KiB: their
// parts and the block buffers come from the run's arena (mapped, freed as
// they are done with), recycled between records. Every list is exact, and
// a run cancelled halfway frees what it held without a fault.
func TestArenaRecords(t *testing.T) {
	r := rand.New(rand.NewPCG(57, 58))
	var b strings.Builder
	var lists [][]float64
	for i := range 4 {
		n := 150_000 + r.IntN(100_000)
		if i == 2 {
			n = 3 // a short record between long ones
		}
		b.WriteString("r" + strconv.Itoa(i))
		vals := make([]float64, n)
		for j := range vals {
			vals[j] = math.Round(r.NormFloat64()*1e5) / 1e3
			b.WriteByte(',')
			b.WriteString(strconv.FormatFloat(vals[j], 'g', -1, 64))
		}
		b.WriteByte('\n')
		lists = append(lists, vals)
	}
	in := b.String()
	for _, o := range []Options{
		{Workers: 2, BlockSize: 512 << 10, Spread: true},
		{Workers: 3, BlockSize: 512 << 10},
	} {
		res, err := runString(t, in, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Len() != len(lists) {
			t.Fatalf("%d lists, want %d", res.Stats.Len(), len(lists))
		}
		for i, vals := range lists {
			want := Quartiles(slices.Clone(vals))
			l := res.Stats.At(i)
			if l.Count != len(vals) || !sameFloat(l.Median, want.Median) || o.Spread && !sameSpread(l.Spread(), want) {
				t.Fatalf("%+v: list %d %+v, want %+v of %d", o, i, l, want, len(vals))
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	progress := func(p Progress) {
		if p.BytesRead > 0 {
			cancel()
		}
	}
	if _, err := Run(ctx, strings.NewReader(in), Options{Workers: 2, BlockSize: 512 << 10}, progress); err != nil && err != context.Canceled {
		t.Fatalf("cancelled run: %v", err)
	}
}
