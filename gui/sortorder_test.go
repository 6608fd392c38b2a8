package gui

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"medianscope/compute"
)

// TestSortOrderAgainstReference sorts random stores by every column, both
// ways, and compares with the obvious stable sort on a comparison
// function. The values are drawn to tie and to nearly tie: duplicates,
// −0 and +0, infinities, neighbours one ulp apart (which share the top
// bits of their keys), lists with no value, large and zero counts.
func TestSortOrderAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	pool := []float64{0, math.Copysign(0, -1), 1, -1, 1.5, math.Inf(1), math.Inf(-1), 1e300, -1e-300,
		math.Nextafter(1, 2), math.Nextafter(1, 0), math.Nextafter(math.Nextafter(1, 2), 2), 2, 3}
	value := func() float64 {
		if rng.IntN(8) == 0 {
			return rng.NormFloat64() * 1e6
		}
		return pool[rng.IntN(len(pool))]
	}
	labels := []string{"", "a", "b", "ab", "B", "é"}
	for trial := range 300 {
		n := rng.IntN(200)
		if trial%50 == 0 {
			n = 5000 // enough lists that the index takes 13 bits of the key
		}
		lists := make([]compute.ListStat, n)
		for i := range lists {
			l := compute.ListStat{Index: i, Line: 1 + rng.IntN(40), Count: 1 + rng.IntN(5), Median: value(),
				Q1: value(), Q3: value(), MinValue: value(), MaxValue: value(), Label: labels[rng.IntN(len(labels))]}
			switch rng.IntN(10) {
			case 0:
				l.Count, l.Median = 0, math.NaN()
			case 1:
				l.Q1, l.MaxValue = math.NaN(), math.NaN()
			case 2:
				l.Line, l.Missing, l.Invalid = 1<<40+rng.IntN(3), rng.IntN(3), 1<<33
			}
			lists[i] = l
		}
		store := compute.StoreOf(lists)
		for col := range numCols {
			for _, desc := range []bool{false, true} {
				got, want := sortOrder(store, col, desc), sortOrderReference(store, col, desc)
				if !slices.Equal(got, want) {
					t.Fatalf("trial %d, %d lists, column %s, desc %v:\n got %v\nwant %v", trial, n, colNames[col], desc, got, want)
				}
			}
		}
	}
}

// TestSortOrderAcrossChunks sorts the store of a real run in tiny blocks
// (many chunks, read through the column cursor) against the reference.
func TestSortOrderAcrossChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cells := []string{"1", "-0", "0", "2", "1.0000000000000002", "0.9999999999999999", "1e300", "-1e-300", "3.5", "x"}
	var b strings.Builder
	for range 3000 {
		for c := range rng.IntN(6) {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(cells[rng.IntN(len(cells))])
		}
		b.WriteByte('\n')
	}
	opts := compute.Options{Workers: 3, BlockSize: 256, Spread: true, SkipInvalid: true, Dialect: compute.Dialect{Delimiter: ',', Decimal: compute.DecimalPoint}}
	res, err := compute.Run(context.Background(), strings.NewReader(b.String()), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	for col := range numCols {
		for _, desc := range []bool{false, true} {
			if got, want := sortOrder(res.Stats, col, desc), sortOrderReference(res.Stats, col, desc); !slices.Equal(got, want) {
				t.Fatalf("column %s, desc %v: got %v…, want %v…", colNames[col], desc, got[:20], want[:20])
			}
		}
	}
}

// BenchmarkSortOrder sorts a million lists by median.
func BenchmarkSortOrder(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	lists := make([]compute.ListStat, 1_000_000)
	for i := range lists {
		lists[i] = compute.ListStat{Index: i, Line: i + 1, Count: 3, Median: rng.NormFloat64()}
	}
	store := compute.StoreOf(lists)
	for _, bc := range []struct {
		name string
		sort func(*compute.Store, int, bool) []int32
	}{{"words", sortOrder}, {"reference", sortOrderReference}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.sort(store, colMedian, false)
			}
		})
	}
}

// sortOrderReference is the obvious definition sortOrder must meet: it returns list indexes sorted by col; lists without a median
// (or without the value sorted by) sort last either way; ties keep file
// order. The lists are read once, into a slice of the sorted column's
// keys.
func sortOrderReference(lists *compute.Store, col int, desc bool) []int32 {
	n := lists.Len()
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	var nums []float64 // numeric keys, or
	var text []string  // the labels
	noKey := make([]bool, n)
	if col == colLabel {
		text = make([]string, n)
	} else {
		nums = make([]float64, n)
	}
	i := 0
	lists.Each(func(l compute.ListStat) {
		noKey[i] = !l.HasMedian()
		switch col {
		case colLine:
			nums[i] = float64(l.Line)
		case colLabel:
			text[i] = l.Label
		case colCount:
			nums[i] = float64(l.Count)
		case colMedian:
			nums[i] = l.Median
		case colQ1, colQ3, colMin, colMax:
			nums[i] = spreadKey(l, col)
			noKey[i] = math.IsNaN(nums[i])
		case colMissing:
			nums[i] = float64(l.Missing)
		case colInvalid:
			nums[i] = float64(l.Invalid)
		default:
			nums[i] = float64(l.Index)
		}
		i++
	})
	slices.SortStableFunc(order, func(i, j int32) int {
		if col >= colMedian && col <= colMax { // the median and the spread columns
			an, bn := noKey[i], noKey[j]
			if an || bn {
				return cmp.Compare(boolInt(an), boolInt(bn))
			}
		}
		var c int
		if text != nil {
			c = cmp.Compare(text[i], text[j])
		} else {
			c = cmp.Compare(nums[i], nums[j])
		}
		if desc {
			c = -c
		}
		return c
	})
	return order
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
