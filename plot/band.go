package plot

import (
	"math"
	"runtime"
	"sync"

	"medianscope/compute"
)

// Band is one pixel column of a chart over the list index that has more
// lists than pixels. A line through every median would paint one solid
// block from the smallest to the largest; a band shows where the medians
// of the column's lists lie: their range (light), their quartiles (darker)
// and their median (a line).
type Band struct {
	X              int // pixel column, 0-based
	Lo, Hi         int // the lists in the column: indexes Lo … Hi-1
	N              int // lists with a finite median
	PosInf, NegInf int // lists with an infinite median, drawn as off-scale marks
	// Medians is the five numbers of the column's finite medians (the
	// lists' own kernel, compute.Quartiles: R type 7); all NaN when N is 0.
	Medians compute.Spread
	// Q1 and Q3 are the median of the column's lists' lower quartiles and
	// the median of their upper quartiles: the typical box (±Inf where
	// most lists' are). NaN without a spread, or when none is defined.
	Q1, Q3 float64
}

// bandKey is one set of bands of a Data: its width in pixel columns, with
// or without the quartiles' medians.
type bandKey struct {
	width  int
	spread bool
}

// maxCachedWidths bounds the bands kept per Data (a window drawn at a few
// sizes, a 2× export); past it the cache starts again.
const maxCachedWidths = 8

// bands returns d's lists in at most width pixel columns (column c holds
// the lists i with i*w/n == c, w = min(width, n), so every list is in
// exactly one), with the medians of the lists' quartiles when spread is
// set and d has them. They cost O(lists) once per width; redraws at the
// same width (a theme change, the other chart) reuse them.
func (d *Data) bands(width int, spread bool) []Band {
	key := bandKey{width, spread && d.spread != nil}
	dv := d.derived
	dv.mu.Lock()
	b, ok := dv.bands[key]
	dv.mu.Unlock()
	if ok {
		return b
	}
	var q1, q3 *column
	if key.spread {
		q1, q3 = &d.spread.q1, &d.spread.q3
	}
	b = aggregate(d.medians, q1, q3, width)
	dv.mu.Lock()
	if dv.bands == nil || len(dv.bands) >= maxCachedWidths {
		dv.bands = map[bandKey][]Band{}
	}
	dv.bands[key] = b
	dv.mu.Unlock()
	return b
}

// parallelBands is the number of lists from which the columns are
// aggregated on every core.
const parallelBands = 1 << 16

// aggregate computes the bands of med in min(width, n) columns; q1 and q3,
// when not nil, are the lists' quartiles. Each column's quartiles are
// selected on a scratch copy of its values (compute.Quartiles), so the
// whole is O(n) however the lists fall into columns — never a sort.
func aggregate(med column, q1, q3 *column, width int) []Band {
	n := med.len()
	if n == 0 || width <= 0 {
		return nil
	}
	width = min(width, n)
	out := make([]Band, width)
	workers := 1
	if n >= parallelBands {
		workers = min(runtime.GOMAXPROCS(0), width)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch, derived []float64
			for c := w * width / workers; c < (w+1)*width/workers; c++ {
				out[c] = band(med, q1, q3, c, c*n/width, (c+1)*n/width, &scratch, &derived)
			}
		}()
	}
	wg.Wait()
	return out
}

// band is column c, lists lo … hi-1; scratch and derived are buffers to
// reuse (derived for the quartiles a store column derives).
func band(med column, q1, q3 *column, c, lo, hi int, scratch, derived *[]float64) Band {
	b := Band{X: c, Lo: lo, Hi: hi, Q1: math.NaN(), Q3: math.NaN()}
	s := (*scratch)[:0]
	med.each(lo, hi, func(_ int, seg []float64) {
		for _, v := range seg {
			switch {
			case math.IsNaN(v):
			case math.IsInf(v, 1):
				b.PosInf++
			case math.IsInf(v, -1):
				b.NegInf++
			default:
				s = append(s, v)
			}
		}
	})
	b.N = len(s)
	b.Medians = compute.Quartiles(s)
	if q1 != nil {
		b.Q1, s = medianOf(*q1, lo, hi, s, derived)
		b.Q3, s = medianOf(*q3, lo, hi, s, derived)
	}
	*scratch = s
	return b
}

// medianOf is the median of the defined values of col at lo … hi-1
// (infinities included), selected in s, which it returns for reuse.
func medianOf(col column, lo, hi int, s []float64, derived *[]float64) (float64, []float64) {
	s = s[:0]
	col.eachWith(lo, hi, derived, func(_ int, seg []float64) {
		for _, v := range seg {
			if !math.IsNaN(v) {
				s = append(s, v)
			}
		}
	})
	return compute.Median(s), s
}
