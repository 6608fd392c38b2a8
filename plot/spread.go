package plot

import (
	"math"
	"strconv"
)

// drawSpread draws the spread chart: how every list's values lie — up to
// MaxBars lists as a box each (box.go), more as bands over the list index
// (drawSpreadBands). A result computed without the quartiles says so in
// the chart.
func drawSpread(c *canvas, d *Data) {
	n := d.Len()
	note := groupThousands(strconv.Itoa(n)) + " lists"
	switch {
	case n > MaxBars || n == 0:
	case d.order == MedianOrder:
		note += " · by median"
	default:
		note += " · file order"
	}
	top := drawTitle(c, "Spread of each list — "+d.Title, note)
	switch {
	case n == 0:
		drawMessage(c, "no lists")
	case !d.HasSpread() && d.spreadSkipped:
		drawMessage(c, "too many lists to keep every list's quartiles: click a list for its own")
	case !d.HasSpread():
		drawMessage(c, "no quartiles in this result: run with spread to see quartiles")
	case n <= MaxBars:
		drawBoxes(c, d, top+c.px(14))
	default:
		drawSpreadBands(c, d, top)
	}
}

// drawMessage says, in the middle of the chart, why there is nothing.
func drawMessage(c *canvas, text string) {
	c.font(fontTitle, c.th.Muted)
	c.text(c.fit(text, float64(c.w)-c.px(20)), float64(c.w)/2, float64(c.h)/2, alignCenter)
}

// drawSpreadBands is the spread chart of more lists than MaxBars: per
// pixel column the range of the medians light, the typical box (the
// median of the lists' q1s to the median of their q3s) darker, and the
// median of the medians as a line.
func drawSpreadBands(c *canvas, d *Data, top float64) {
	bands := d.bands(bandWidth(c), true)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range bands {
		for _, v := range []float64{b.Medians.Min, b.Medians.Max, b.Q1, b.Q3} {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	f, a := indexFrame(c, lo, hi, top, "value")
	p := newBandPlot(c, a, f, d.Len(), bands)
	p.draw(d, SpreadChart, bands, func(b Band) (float64, float64) { return b.Q1, b.Q3 })
	legend := []legendItem{
		{bandLight(c.th), false, "range of the medians"},
		{bandDark(c.th), false, "median q1 to median q3"},
		{bandLine(c.th), true, "median of the medians (per pixel column)"},
	}
	if d.Len() <= p.width { // a list per column: its own box and median
		legend = []legendItem{
			{bandDark(c.th), false, "q1–q3 (R type 7)"},
			{bandLine(c.th), true, "median of each list"},
		}
	}
	drawLegend(c, legend, f.top-c.px(8), f.left+c.px(60), f.right)
}
