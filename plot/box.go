package plot

import (
	"image/color"
	"math"

	"medianscope/compute"
)

// boxLegend says what a box of the spread chart shows. The whiskers reach
// the smallest and the largest value, not 1.5 IQR: the chart is about
// where the values lie, outliers included.
const boxLegend = "box: q1–q3 (R type 7) · line: median · whiskers: min and max value"

// drawBoxes is the spread chart of at most MaxBars lists: a box per list
// from its q1 to its q3 with a line at its median and whiskers to its
// smallest and largest value, in file order or by median (the view's
// Order); the lists of the smallest and the largest median in their
// colours and annotated. Infinite values stand at the frame's edge with an
// arrow; an empty list is a short tick on the axis.
func drawBoxes(c *canvas, d *Data, top float64) {
	slots := d.slots()
	n := len(slots)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range n {
		sp := d.Spread(i)
		for _, v := range []float64{sp.Min, sp.Q1, sp.Median, sp.Q3, sp.Max} {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	labels := make([]string, n)
	for s, i := range slots {
		labels[s] = d.Name(i)
	}
	// Room over the highest whisker and under the lowest for the notes of
	// the max and the min (and the arrows of infinite values): the frame's
	// rows do not depend on the values, so a first layout gives them.
	f, _, _ := slotFrame(c, lo, hi, top, labels, true)
	c.font(fontBody, c.th.Text)
	room := math.Min((c.lineHeight()+c.px(26))/math.Max(f.bottom-f.top, 1), 0.3)
	pad := (hi/2 - lo/2) * 2 * room / (1 - 2*room)
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.1, 1)
	}
	if l, h := lo-pad, hi+pad; !math.IsInf(l, 0) && !math.IsInf(h, 0) {
		lo, hi = l, h
	}
	f, a, rotated := slotFrame(c, lo, hi, top, labels, true)
	drawYAxis(c, a, f, "value", f.top-c.px(8))
	c.font(fontSmall, c.th.Muted)
	c.text(c.fit(boxLegend, f.w()-c.px(60)), f.right, f.top-c.px(8), alignRight)
	c.layout = Layout{kind: SpreadChart, f: f, n: n, bars: true, slots: slots, y: a}

	pitch := f.w() / float64(n)
	bw := math.Min(math.Max(pitch*0.56, 1), c.px(56))
	xOf := make([]float64, n) // by list index
	for s, i := range slots {
		xOf[i] = f.left + pitch*(float64(s)+0.5)
		drawBox(c, a, f, xOf[i], bw, d.Spread(i), slotColour(c, d, i, mix(c.th.Bar, c.th.Text, 0.35)))
	}
	c.line(c.th.Axis, 1, false, f.left, f.bottom, f.right, f.bottom)
	drawSlotLabels(c, d, f, slots, labels, rotated)
	// The notes point at the whiskers' ends: the max's above its box,
	// the min's below it.
	annotate(c, d, a, f, func(i int) float64 { return xOf[i] }, func(i int) float64 {
		sp := d.Spread(i)
		v := sp.Max
		if i == d.MinIndex {
			v = sp.Min
		}
		if math.IsNaN(v) {
			return sp.Median
		}
		return v
	})
}

// drawBox draws one list's box bw pixels wide at cx, stroked in clr and
// filled with a lighter shade of it.
func drawBox(c *canvas, a axis, f frame, cx, bw float64, sp compute.Spread, clr color.RGBA) {
	y := func(v float64) float64 {
		switch {
		case math.IsInf(v, 1):
			return f.top
		case math.IsInf(v, -1):
			return f.bottom
		}
		return a.pos(v)
	}
	has := func(v float64) bool { return !math.IsNaN(v) }
	if !has(sp.Min) && !has(sp.Q1) && !has(sp.Median) && !has(sp.Q3) && !has(sp.Max) {
		c.line(c.th.Muted, 1, false, cx-bw/4, f.bottom-c.px(2), cx+bw/4, f.bottom-c.px(2))
		return
	}
	whisker := func(from, to float64) {
		if has(from) && has(to) {
			c.line(clr, 1.2, false, cx, y(from), cx, y(to))
		}
		if has(to) && !math.IsInf(to, 0) {
			c.line(clr, 1.2, false, cx-bw/4, y(to), cx+bw/4, y(to))
		}
	}
	whisker(sp.Q3, sp.Max)
	whisker(sp.Q1, sp.Min)
	if has(sp.Q1) && has(sp.Q3) {
		top, bottom := y(sp.Q3), y(sp.Q1)
		c.rect(cx-bw/2, top, cx+bw/2, bottom, mix(clr, c.th.Background, 0.5))
		c.line(clr, 1, false, cx-bw/2, top, cx+bw/2, top, cx+bw/2, bottom, cx-bw/2, bottom, cx-bw/2, top)
	}
	if has(sp.Median) {
		c.line(c.th.Text, 2, false, cx-bw/2, y(sp.Median), cx+bw/2, y(sp.Median))
	}
	// Off-scale values: an arrow at the edge they point past.
	for _, v := range []float64{sp.Max, sp.Min} {
		if math.IsInf(v, 0) {
			c.triangle(cx, y(v)+math.Copysign(c.px(7), -v), math.Copysign(1, -v), c.th.Text)
		}
	}
}
