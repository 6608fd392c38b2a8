package compute

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// A chunk keeps lines as 4-byte offsets from its first; lines out of
// order or more than 4G apart fall back to 8 bytes. Either way At gives
// back every line, and shiftLines moves them all.
func TestStoreLines(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for trial := range 200 {
		n := 1 + r.IntN(50)
		lists := make([]ListStat, n)
		line := 1 + r.IntN(1000)
		for i := range lists {
			switch r.IntN(20) {
			case 0:
				line += 1 << 33 // too far for 4 bytes
			case 1:
				line -= r.IntN(line) // backwards
			default:
				line += r.IntN(5)
			}
			lists[i] = ListStat{Index: i, Line: line, Count: 1, Median: 1}
		}
		s := StoreOf(lists)
		shift := r.IntN(3) * 1000
		s.chunks[0].shiftLines(shift)
		for i, l := range lists {
			if got := s.At(i).Line; got != l.Line+shift {
				t.Fatalf("trial %d: list %d has line %d, want %d", trial, i, got, l.Line+shift)
			}
		}
	}
}

// A block of blank lines is guessed a list per line; the store keeps no
// room for them.
func TestStoreTrimsBlankLines(t *testing.T) {
	var b strings.Builder
	for range 64 {
		b.WriteString("1,2,3\n1,2,3,4,5\n") // the quartiles kept, not derived
	}
	b.WriteString(strings.Repeat("\n", 1<<20))
	opts := Options{Workers: 2, BlockSize: 64 << 10, Spread: true, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}}
	res, err := Run(context.Background(), strings.NewReader(b.String()), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	room := 0
	for _, c := range res.Stats.chunks {
		room += max(cap(c.medians), cap(c.q1s), cap(c.lows))
	}
	if res.Stats.Len() != 128 || room > 128+64*len(res.Stats.chunks) {
		t.Errorf("%d lists in %d chunks with room for %d", res.Stats.Len(), len(res.Stats.chunks), room)
	}
}

// EachIn walks any range of a store of many chunks as At gives it.
func TestStoreEachIn(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		b.WriteString(strings.Repeat("1,", i%7) + "2\n")
	}
	opts := Options{Workers: 3, BlockSize: 64, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}}
	res, err := Run(context.Background(), strings.NewReader(b.String()), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Stats
	if len(s.chunks) < 10 {
		t.Fatalf("%d chunks: the test wants many", len(s.chunks))
	}
	r := rand.New(rand.NewPCG(43, 44))
	for range 200 {
		from := r.IntN(s.Len() + 1)
		to := from + r.IntN(s.Len()-from+1)
		i := from
		s.EachIn(from, to, func(l ListStat) {
			if want := s.At(i); fmt.Sprint(l) != fmt.Sprint(want) { // NaN spread: compare as printed
				t.Fatalf("EachIn(%d, %d) at %d: %+v, want %+v", from, to, i, l, want)
			}
			i++
		})
		if i != to {
			t.Fatalf("EachIn(%d, %d) stopped at %d", from, to, i)
		}
	}
}

// A list of at most fewValues numbers has its quartiles derived from its
// min, median and max (chunk.q1s): bit for bit what Quartiles gives,
// ties, zeros of either sign, infinities and overflow included.
func TestQuartilesOfFew(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64, 5e-324, -5e-324}
	for range 200_000 {
		n := r.IntN(fewValues + 1)
		xs := make([]float64, n)
		for i := range xs {
			if r.IntN(3) == 0 {
				xs[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
			} else {
				xs[i] = special[r.IntN(len(special))]
			}
		}
		sp := Quartiles(slices.Clone(xs))
		q1, q3 := quartilesOfFew(n, sp.Min, sp.Median, sp.Max)
		if !sameFloat(q1, sp.Q1) || !sameFloat(q3, sp.Q3) {
			t.Fatalf("%v: derived q1 %v q3 %v, Quartiles %+v", xs, q1, q3, sp)
		}
	}
}

// A run of short rows with long ones here and there: every list's
// quartiles through At, Each, Column (read by several goroutines at once)
// and EachSegment (over any range) are Quartiles' of its values, whether
// its chunk stored them or left them out.
func TestStoreDerivedQuartiles(t *testing.T) {
	r := rand.New(rand.NewPCG(73, 74))
	for trial := range 20 {
		var b strings.Builder
		var want []Spread
		for range 300 + r.IntN(300) {
			n := r.IntN(fewValues + 1)
			if r.IntN(40) == 0 {
				n = fewValues + 1 + r.IntN(20)
			}
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(r.IntN(2000)-1000) / 8
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprint(&b, xs[i])
			}
			b.WriteString(",\n") // an empty cell: a row of no numbers is still a list
			want = append(want, Quartiles(xs))
		}
		o := Options{Workers: 1 + trial%3, BlockSize: 64 << (trial % 6), Spread: true, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint, Header: HeaderNo, Label: LabelNone}}
		res, err := Run(context.Background(), strings.NewReader(b.String()), o, nil)
		if err != nil {
			t.Fatal(err)
		}
		st := res.Stats
		if st.Len() != len(want) {
			t.Fatalf("%d lists, want %d", st.Len(), len(want))
		}
		left := 0
		for _, c := range st.chunks {
			if c.q1s == nil {
				left++
			}
		}
		if trial == 0 && left == 0 {
			t.Error("no chunk left its quartiles out")
		}
		cols := make([][2][][]float64, 4)
		var wg sync.WaitGroup
		for g := range cols {
			wg.Go(func() { cols[g] = [2][][]float64{st.Column(StatQ1), st.Column(StatQ3)} })
		}
		wg.Wait()
		i := 0
		st.Each(func(l ListStat) {
			w := want[i]
			if !sameFloat(l.Q1, w.Q1) || !sameFloat(l.Q3, w.Q3) || !sameFloat(l.MinValue, w.Min) || !sameFloat(l.MaxValue, w.Max) {
				t.Fatalf("trial %d list %d: %+v, want %+v", trial, i, l, w)
			}
			i++
		})
		for _, col := range cols {
			i := 0
			for k := range col[0] {
				for j := range col[0][k] {
					if !sameFloat(col[0][k][j], want[i].Q1) || !sameFloat(col[1][k][j], want[i].Q3) {
						t.Fatalf("trial %d list %d: column q1 %v q3 %v, want %+v", trial, i, col[0][k][j], col[1][k][j], want[i])
					}
					i++
				}
			}
			if i != len(want) {
				t.Fatalf("columns hold %d lists, want %d", i, len(want))
			}
		}
		var buf []float64
		for range 50 {
			from := r.IntN(len(want) + 1)
			to := from + r.IntN(len(want)-from+1)
			for _, stat := range []Stat{StatMedian, StatQ1, StatQ3, StatMin, StatMax} {
				next := from
				st.EachSegment(stat, from, to, &buf, func(base int, seg []float64) {
					if base != next || len(seg) == 0 {
						t.Fatalf("stat %d [%d,%d): a segment at %d of %d, want at %d", stat, from, to, base, len(seg), next)
					}
					for j, v := range seg {
						w := want[base+j]
						if got := [...]float64{w.Median, w.Q1, w.Q3, w.Min, w.Max}[stat]; !sameFloat(v, got) {
							t.Fatalf("stat %d list %d: %v, want %v", stat, base+j, v, got)
						}
					}
					next += len(seg)
				})
				if next != max(from, to) {
					t.Fatalf("stat %d [%d,%d): segments end at %d", stat, from, to, next)
				}
			}
		}
	}
}
