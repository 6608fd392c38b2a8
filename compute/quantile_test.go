package compute

import (
	"bytes"
	"context"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// refQuantile is the type 7 quantile at p = q/4 the slow, obvious way: a
// sorted copy and exact rational arithmetic, rounded once by big.Rat.
func refQuantile(xs []float64, q int) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	h := (len(s) - 1) * q
	i, f := h/4, h%4
	a := s[i]
	if f == 0 {
		return a + 0
	}
	b := s[i+1]
	switch {
	case math.IsInf(a, -1) && math.IsInf(b, 1):
		return math.NaN()
	case math.IsInf(a, 0):
		return a
	case math.IsInf(b, 0):
		return b
	}
	ra, rb := new(big.Rat).SetFloat64(a), new(big.Rat).SetFloat64(b)
	x := new(big.Rat).Mul(ra, big.NewRat(int64(4-f), 4))
	x.Add(x, new(big.Rat).Mul(rb, big.NewRat(int64(f), 4)))
	v, _ := x.Float64()
	return v + 0
}

func refSpread(xs []float64) Spread {
	if len(xs) == 0 {
		return NoSpread
	}
	return Spread{refQuantile(xs, 0), refQuantile(xs, 1), refQuantile(xs, 2), refQuantile(xs, 3), refQuantile(xs, 4)}
}

// setRefSpread gives a reference list the spread of its values.
func setRefSpread(l *ListStat, vals []float64) {
	sp := refSpread(vals)
	l.Q1, l.Q3, l.MinValue, l.MaxValue = sp.Q1, sp.Q3, sp.Min, sp.Max
}

func sameSpread(a, b Spread) bool {
	return sameFloat(a.Min, b.Min) && sameFloat(a.Q1, b.Q1) && sameFloat(a.Median, b.Median) &&
		sameFloat(a.Q3, b.Q3) && sameFloat(a.Max, b.Max)
}

// spreadValue draws from distributions that make quantiles hard: ties,
// signed zeros, infinities, values tens of binades apart, subnormals and
// the edges of the range.
func spreadValue(r *rand.Rand, kind int) float64 {
	switch kind {
	case 0: // few distinct values: ties
		return float64(r.IntN(5) - 2)
	case 1: // any bit pattern but NaN
		for {
			v := math.Float64frombits(r.Uint64())
			if !math.IsNaN(v) {
				return v
			}
		}
	case 2:
		return []float64{math.Inf(-1), math.Inf(1), 0, math.Copysign(0, -1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, 0x1p-1022, 1, 3}[r.IntN(10)]
	case 3: // decimals as files hold them
		return math.Round(r.NormFloat64()*1e4) / 100
	default: // wide range of scales
		return math.Ldexp(r.Float64()-0.5, r.IntN(2100)-1075)
	}
}

func TestQuartilesAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for trial := range 20000 {
		n := 1 + r.IntN(40)
		if trial%10 == 0 {
			n = 1 + r.IntN(5000)
		}
		kind := r.IntN(5)
		xs := make([]float64, n)
		for i := range xs {
			k := kind
			if r.IntN(8) == 0 {
				k = r.IntN(5)
			}
			xs[i] = spreadValue(r, k)
		}
		want := refSpread(xs)
		work := slices.Clone(xs)
		got := Quartiles(work)
		if !sameSpread(got, want) {
			t.Fatalf("Quartiles of %d values (kind %d) = %+v, want %+v\n%v", n, kind, got, want, xs)
		}
		if m := Median(slices.Clone(xs)); !sameFloat(got.Median, m) {
			t.Fatalf("Quartiles' median %v is not Median's %v", got.Median, m)
		}
		slices.Sort(work)
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		if !slices.EqualFunc(work, sorted, func(a, b float64) bool { return a == b }) {
			t.Fatalf("Quartiles lost or changed values")
		}
	}
}

func TestInterpolate(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		a, b float64
		f    int
		want float64
	}{
		{1, 2, 1, 1.25},
		{1, 2, 3, 1.75},
		{1, 2, 2, 1.5},
		{-inf, 1, 1, -inf},
		{1, inf, 3, inf},
		{-inf, inf, 2, math.NaN()},
		{-inf, inf, 0, -inf},
		{math.Copysign(0, -1), 0, 1, 0},
		{math.MaxFloat64, math.MaxFloat64, 3, math.MaxFloat64},
		{-math.MaxFloat64, math.MaxFloat64, 1, -math.MaxFloat64 / 2},
		{0, math.SmallestNonzeroFloat64, 1, 0},                                   // 0.25 ulp rounds down
		{0, math.SmallestNonzeroFloat64, 3, math.SmallestNonzeroFloat64},         // 0.75 ulp rounds up
		{0, 3 * math.SmallestNonzeroFloat64, 2, 2 * math.SmallestNonzeroFloat64}, // 1.5 ulp: tie to even
	}
	for _, tt := range tests {
		got := interpolate(tt.a, tt.b, tt.f)
		if !sameFloat(got, tt.want) {
			t.Errorf("interpolate(%g, %g, %d) = %g, want %g", tt.a, tt.b, tt.f, got, tt.want)
		}
		if ref := refQuantile([]float64{tt.a, tt.b}, 0); tt.f == 0 && !sameFloat(got, ref) {
			t.Errorf("reference disagrees at f=0: %g", ref)
		}
	}
}

// The fast path agrees with the exact one wherever it answers.
func FuzzQuartiles(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 4.0, 5.0)
	f.Add(1e300, -1e-300, 0.0, 7.0, math.Inf(1))
	f.Add(0x1p-1022, 3.0, -1e308, 1e308, 1.0)
	f.Fuzz(func(t *testing.T, a, b, c, d, e float64) {
		xs := []float64{a, b, c, d, e}
		if slices.ContainsFunc(xs, math.IsNaN) {
			return
		}
		for n := 1; n <= len(xs); n++ {
			want := refSpread(xs[:n])
			if got := Quartiles(slices.Clone(xs[:n])); !sameSpread(got, want) {
				t.Fatalf("Quartiles(%v) = %+v, want %+v", xs[:n], got, want)
			}
		}
		if q, ok := fastQuarter(a, b); ok {
			if want := exactQuarter(a, b); !sameFloat(q, want) {
				t.Fatalf("fastQuarter(%g, %g) = %g, exact %g", a, b, q, want)
			}
		}
	})
}

// Long lists from the fuzzer's bytes, where Median and Quartiles select
// and read between their cuts (FuzzQuartiles' five values are sorted):
// each byte is a value, few distinct ones (ties at the cuts) or spread
// out, with x and its neighbours mixed in, against the sort-based
// reference.
func FuzzSelection(f *testing.F) {
	f.Add([]byte("the quick brown fox jumps over the lazy dog, twice: the quick brown fox"), 1.5, uint8(0))
	f.Add(bytes.Repeat([]byte{7, 7, 3, 200, 7}, 150), math.Inf(1), uint8(1))
	f.Add(bytes.Repeat([]byte{1, 2}, 400), -0.0, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, x float64, mode uint8) {
		if math.IsNaN(x) || len(data) > 1<<14 {
			return
		}
		xs := make([]float64, len(data))
		for i, b := range data {
			switch mode % 3 {
			case 0:
				xs[i] = float64(b % 5) // ties
			case 1:
				xs[i] = float64(int8(b)) * 1.25
			default:
				xs[i] = float64(b)
			}
			if b%61 == 0 {
				xs[i] = x
			} else if b%67 == 0 {
				xs[i] = math.Nextafter(x, math.Inf(1))
			}
			if math.IsNaN(xs[i]) {
				xs[i] = 0
			}
		}
		want := refSpread(xs)
		if got := Quartiles(slices.Clone(xs)); !sameSpread(got, want) {
			t.Fatalf("Quartiles of %d values = %+v, want %+v", len(xs), got, want)
		}
		if got := Median(slices.Clone(xs)); !sameFloat(got, want.Median) {
			t.Fatalf("Median of %d values = %v, want %v", len(xs), got, want.Median)
		}
	})
}

func BenchmarkQuartiles(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{3, 10, 100, 1000, 100000} {
		// Many different lists in turn, so that the branch predictor
		// cannot learn one list's comparisons (it can, for short ones).
		m := max(1, 1<<16/n)
		src := make([]float64, n*m)
		for i := range src {
			src[i] = r.NormFloat64()
		}
		work := make([]float64, n)
		for _, f := range []struct {
			name string
			f    func([]float64)
		}{{"median", func(xs []float64) { Median(xs) }}, {"quartiles", func(xs []float64) { Quartiles(xs) }}} {
			b.Run(f.name+"/n="+strconv.Itoa(n), func(b *testing.B) {
				i := 0
				for b.Loop() {
					copy(work, src[i*n:])
					f.f(work)
					if i++; i == m {
						i = 0
					}
				}
			})
		}
	}
}

// Every shape's spread, through the engine with any workers and blocks,
// is the reference's; without Options.Spread the store holds none.
func TestEngineSpread(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	in := genCSV(r, 400)
	want := reference([]byte(in), Options{Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}})
	for _, bs := range []int{3, 100, 1 << 20} {
		for _, w := range []int{1, 3} {
			o := Options{Workers: w, BlockSize: bs, Spread: true, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}}
			res, err := Run(context.Background(), strings.NewReader(in), o, nil)
			if err == nil && !res.Stats.HasSpread() {
				t.Fatal("a run with Spread holds no spread")
			}
			checkAgainstReference(t, res, err, want)
		}
	}
	res, err := runString(t, in, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.HasSpread() || res.Stats.Column(StatQ1) != nil || !math.IsNaN(res.Stats.At(0).Q1) {
		t.Fatal("a run without Spread reports a spread")
	}
	if got := res.Stats.Column(StatMedian); len(got) == 0 {
		t.Fatal("no median column")
	}
}

// With ExtremesSpread, Result.Min and Result.Max carry the same spread as
// a run with Spread, in every shape, with any blocks (records cut across
// blocks included), while the Store holds none.
func TestExtremesSpread(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	inputs := []struct {
		text string
		o    Options
	}{
		{genCSV(r, 300), Options{SkipInvalid: true}},
		{"5,1,4\n9,9\n1,1\n2,8,7,1\n" + strings.Repeat("3,", 70000) + "4\n", Options{SkipInvalid: true}},
		{genShape(r, 300, false), Options{SkipInvalid: true, Shape: ShapeColumns}},
		{genShape(r, 300, true), Options{SkipInvalid: true, Shape: ShapeLong, Group: "2", Value: "3"}},
	}
	for k, in := range inputs {
		for _, bs := range []int{16, 4096, 1 << 20} {
			o := in.o
			o.Workers, o.BlockSize = 3, bs
			o.Spread = true
			all, err := runString(t, in.text, o)
			if err != nil {
				t.Fatal(err)
			}
			o.Spread, o.ExtremesSpread = false, true
			ext, err := runString(t, in.text, o)
			if err != nil {
				t.Fatal(err)
			}
			if ext.Stats.HasSpread() {
				t.Fatal("ExtremesSpread filled the store")
			}
			for _, side := range []func(*Result) (ListStat, bool){(*Result).Min, (*Result).Max} {
				want, _ := side(all)
				got, ok := side(ext)
				if !ok || got.Index != want.Index || !sameSpread(got.Spread(), want.Spread()) {
					t.Fatalf("input %d, blocks %d: %+v, want %+v", k, bs, got, want)
				}
			}
		}
	}
}

// ExtremesOnly keeps nothing per list yet reports the same summary, min
// and max (and their spread) as a run that keeps every list.
func TestExtremesOnly(t *testing.T) {
	r := rand.New(rand.NewPCG(63, 64))
	inputs := []string{
		genCSV(r, 500),
		"x,5,1,4\n\ny,9,9\n\xe9t\xe9,1,1\nNA\n2,8,7,1\n" + strings.Repeat("3,", 70000) + "4\nz,nan,inf,-inf\n",
		"a,1\nb,1\nc,0,0\nd,0\n",
		"1,2\n3,x\n4,5\n6,y,z\n",
		// Huge lists that are the max and the min, and one that is neither.
		"a,5,6\n" + strings.Repeat("9,", 70000) + "1\nb,2,3\n" + strings.Repeat("0.5,", 50000) + "7\n" + strings.Repeat("4,", 60000) + "4\nc,4\n",
	}
	for k, in := range inputs {
		for _, bs := range []int{16, 300, 1 << 20} {
			for _, spread := range []bool{false, true} {
				// The reference keeps every list's spread (Spread): the
				// extremes' spread is selected only for lists that pass.
				all, err := runString(t, in, Options{Workers: 3, BlockSize: bs, SkipInvalid: true, Spread: spread})
				if err != nil {
					t.Fatal(err)
				}
				o := Options{Workers: 3, BlockSize: bs, SkipInvalid: true, ExtremesSpread: spread}
				o.ExtremesOnly = true
				got, err := runString(t, in, o)
				if err != nil {
					t.Fatal(err)
				}
				if got.Stats.Len() != 0 {
					t.Fatalf("input %d: %d lists stored", k, got.Stats.Len())
				}
				if got.Summary.Lists != all.Summary.Lists || got.EmptyLists != all.EmptyLists || got.MinIndex != all.MinIndex ||
					got.MaxIndex != all.MaxIndex || got.Values != all.Values || got.Dialect.Recoded != all.Dialect.Recoded {
					t.Fatalf("input %d, blocks %d: summary %+v, want %+v", k, bs, got.Summary, all.Summary)
				}
				if !slices.Equal(got.BadCells, all.BadCells) {
					t.Fatalf("input %d, blocks %d: bad cells %+v, want %+v", k, bs, got.BadCells, all.BadCells)
				}
				for _, side := range []func(*Result) (ListStat, bool){(*Result).Min, (*Result).Max} {
					want, _ := side(all)
					l, ok := side(got)
					if !ok || l.Index != want.Index || l.Line != want.Line || l.Label != want.Label || l.Count != want.Count ||
						!sameFloat(l.Median, want.Median) || l.Missing != want.Missing || l.Invalid != want.Invalid ||
						!sameSpread(l.Spread(), want.Spread()) {
						t.Fatalf("input %d, blocks %d, spread %v: %+v, want %+v", k, bs, spread, l, want)
					}
				}
			}
		}
	}
}

// Past SpreadLimit rows a run keeps no spread at all, and the same medians.
func TestSpreadLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(65, 66))
	in := genCSV(r, 400)
	plain, err := runString(t, in, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := plain.Stats.Len()
	for _, c := range []struct {
		limit int
		kept  bool
	}{{0, true}, {n + 1, true}, {n, true}, {n - 1, false}, {10, false}} {
		for _, bs := range []int{50, 1 << 20} {
			res, err := runString(t, in, Options{Workers: 3, BlockSize: bs, Spread: true, SpreadLimit: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			if res.Stats.HasSpread() != c.kept || res.SpreadSkipped == c.kept || !sameResult(res, plain) {
				t.Fatalf("limit %d of %d, blocks %d: spread kept %v, skipped %v", c.limit, n, bs, res.Stats.HasSpread(), res.SpreadSkipped)
			}
		}
	}
}
