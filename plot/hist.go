package plot

import (
	"math"

	"medianscope/compute"
)

// Hist is a histogram of medians. Bins are equal, Width wide from Lo;
// infinite medians are counted off-scale, undefined ones (∞−∞) apart.
type Hist struct {
	Lo, Width float64
	Counts    []int
	N         int // finite medians binned
	PosInf    int
	NegInf    int
	Min, Max  float64 // of the finite medians
	Center    float64 // the median of the finite medians
}

// Bin count limits for the Freedman–Diaconis rule.
const (
	MinBins = 10
	MaxBins = 100
)

// NewHist bins the finite values of medians with the Freedman–Diaconis
// rule (width 2·IQR/n^(1/3)), clamped to MinBins..MaxBins bins. NaN values
// in medians mean "no median" and are left out (Data counts the lists with
// values whose median is NaN).
func NewHist(medians []float64) Hist { return newHist(newColumn([][]float64{medians})) }

func newHist(medians column) Hist {
	var h Hist
	finite := make([]float64, 0, medians.len())
	medians.each(0, medians.len(), func(_ int, seg []float64) {
		for _, m := range seg {
			switch {
			case math.IsInf(m, 1):
				h.PosInf++
			case math.IsInf(m, -1):
				h.NegInf++
			case !math.IsNaN(m):
				finite = append(finite, m)
			}
		}
	})
	h.N = len(finite)
	if h.N == 0 {
		return h
	}
	// The quartiles of the medians with the lists' own kernel (R type 7):
	// the IQR of the bin width and the centre line. Bins are counted from
	// the values, in any order.
	s := compute.Quartiles(finite)
	h.Min, h.Max, h.Center = s.Min, s.Max, s.Median
	q1, q3 := s.Q1, s.Q3
	span := h.Max/2 - h.Min/2 // half the range, never overflows
	bins := MinBins
	if span > 0 {
		if iqr := q3/2 - q1/2; iqr > 0 {
			width := 2 * iqr / math.Cbrt(float64(h.N))
			bins = int(math.Ceil(span / width))
		}
		bins = min(max(bins, MinBins), MaxBins)
		h.Lo = h.Min
		h.Width = span / float64(bins) * 2
	} else {
		pad := math.Max(math.Abs(h.Min)*0.01, 0.5)
		h.Lo, h.Width = h.Min-pad, 2*pad/float64(bins)
	}
	h.Counts = make([]int, bins)
	for _, v := range finite {
		i := int((v/2 - h.Lo/2) / (h.Width / 2))
		h.Counts[min(max(i, 0), bins-1)]++
	}
	return h
}

// Hi is the upper edge of the last bin.
func (h *Hist) Hi() float64 { return 2 * (h.Lo/2 + h.Width/2*float64(len(h.Counts))) }
