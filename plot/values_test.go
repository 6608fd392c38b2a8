package plot

import (
	"bytes"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"medianscope/compute"
)

// valuesData is the chart data of values, with their spread computed by
// the engine's own kernel, as a drill-down gets it.
func valuesData(name string, values []float64) *Data {
	return NewValues(name, values, compute.Quartiles(slices.Clone(values)))
}

// TestValuesChartMarks draws one list's values and finds its min, median
// and max markers, in their colours, where those values fall on the x
// axis of the bins; infinite values are counted off-scale, not binned.
func TestValuesChartMarks(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		values []float64
		binned int
	}{
		{"skewed", []float64{1, 2, 2, 3, 3, 3, 4, 4, 5, 10, 40}, 11},
		{"negative", []float64{-7.5, -3, -2.25, -1, 0, 0.5}, 6},
		{"with infinities", []float64{-inf, 2, 4, 4, 5, 9, inf, inf}, 5},
	}
	for _, tc := range tests {
		for _, th := range []Theme{Light, Dark} {
			d := valuesData("row 3", tc.values)
			img, l, err := Chart{ValuesChart, Size{W: 1000, H: 640, Scale: 2}, th}.Image(d) // lines 3 px wide: whole pixels of their colour
			if err != nil {
				t.Fatal(err)
			}
			h := l.hist
			if h == nil || h.N != tc.binned {
				t.Fatalf("%s: binned %+v, want %d values", tc.name, h, tc.binned)
			}
			s := *d.own
			xOf := func(v float64) int {
				return int(math.Round(l.f.left + (v-h.Lo)/(h.Hi()-h.Lo)*l.f.w()))
			}
			for _, m := range []struct {
				what string
				v    float64
				clr  color.RGBA
			}{{"min", s.Min, th.Min}, {"median", s.Median, th.Center}, {"max", s.Max, th.Max}} {
				if math.IsInf(m.v, 0) {
					continue // off-scale: no marker
				}
				best := 0
				for x := xOf(m.v) - 2; x <= xOf(m.v)+2; x++ {
					best = max(best, countColour(img, x, m.clr))
				}
				if best < 20 {
					t.Errorf("%s %s: %d pixels of the %s colour at x=%d (%v)", tc.name, th.Name, best, m.what, xOf(m.v), m.v)
				}
			}
			if lo, hi, n, ok := l.BinAt(l.f.left + 1); !ok || n < 1 || lo != h.Lo || hi <= lo {
				t.Errorf("%s: first bin [%v, %v) %d %v", tc.name, lo, hi, n, ok)
			}
		}
	}
}

// TestValuesChartWording: the values chart speaks of values and of its
// list, not of medians, and says what it counted off-scale.
func TestValuesChartWording(t *testing.T) {
	inf := math.Inf(1)
	var buf bytes.Buffer
	d := valuesData("Gamma", []float64{3, 1, 4, 1, 5, 9, 2, 6, inf, -inf, inf})
	if err := (Chart{ValuesChart, Size{W: 700, H: 400, Scale: 1}, Light}).Write(&buf, SVG, d, nil); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"Values of Gamma", "8 values in", "off-scale +∞: 2, −∞: 1", ">value · shaded: q1 to q3<", ">values<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG does not say %q", want)
		}
	}
	if strings.Contains(svg, "medians") || strings.Contains(svg, ">lists<") {
		t.Error("the values chart speaks of medians or lists")
	}
}

// TestValuesChartNeverFails draws awkward lists: no number, one, all
// equal, all infinite, the whole float64 range, subnormals, a quartile
// that is infinite.
func TestValuesChartNeverFails(t *testing.T) {
	inf := math.Inf(1)
	cases := map[string][]float64{
		"none":          {},
		"one":           {3},
		"equal":         {7, 7, 7, 7},
		"infinite":      {inf, -inf, inf},
		"huge":          {math.MaxFloat64, -math.MaxFloat64, 0},
		"tiny":          {5e-324, 1e-323},
		"infinite q3":   {1, 2, inf, inf, inf, inf},
		"infinite q1":   {-inf, -inf, -inf, -inf, 1, 2},
		"many":          make([]float64, 100_000),
		"a long name ‥": {1, 2},
	}
	for name, vs := range cases {
		for _, size := range []Size{{W: 120, H: 80}, {W: 360, H: 240, Scale: 1}, {W: 1920, H: 1080, Scale: 2}} {
			d := valuesData(name, vs)
			if _, _, err := (Chart{ValuesChart, size, Dark}).Image(d); err != nil {
				t.Errorf("%s %v: %v", name, size, err)
			}
			var buf bytes.Buffer
			if err := (Chart{ValuesChart, size, Light}).Write(&buf, SVG, d, nil); err != nil {
				t.Errorf("%s %v SVG: %v", name, size, err)
			}
			if s := buf.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
				t.Errorf("%s %v: a non-finite coordinate reached the SVG", name, size)
			}
		}
	}
}
