package plot

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"medianscope/compute"
)

// NewValues is the chart data of one list's own numbers, for a
// ValuesChart: name names the list ("row 12" or its label), values are
// its numbers in any order (±Inf counted off-scale; the engine never
// yields NaN), and spread is the list's quartiles and extremes, which the
// chart marks. The slice is kept, not copied: do not change it
// afterwards.
func NewValues(name string, values []float64, spread compute.Spread) *Data {
	d := NewSeries(name, values)
	d.own = &spread
	return d
}

// drawValues draws a histogram of one list's values (NewValues), binned
// like the distribution of the medians, with its min, median and max
// marked and its middle half (q1 to q3) shaded.
func drawValues(c *canvas, d *Data) {
	h := d.Histogram()
	s := compute.NoSpread
	if d.own != nil {
		s = *d.own
	}
	note := fmt.Sprintf("%s values in %d bins", groupThousands(strconv.Itoa(h.N)), len(h.Counts))
	if off := offScale(h); len(off) > 0 {
		note += " · off-scale " + strings.Join(off, ", ")
	}
	var shade *[2]float64
	if !math.IsNaN(s.Q1) && !math.IsNaN(s.Q3) {
		shade = &[2]float64{s.Q1, s.Q3}
	}
	drawHistogram(c, h, histText{
		kind:  ValuesChart,
		title: "Values of " + d.Title, note: note,
		x: "value", y: "values", empty: "no finite value to bin",
		shadeCaption: "shaded: q1 to q3",
	}, []histMark{
		{s.Min, "min", c.th.Min},
		{s.Median, "median", c.th.Center},
		{s.Max, "max", c.th.Max},
	}, shade)
}
