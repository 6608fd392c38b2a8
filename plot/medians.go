package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
)

// MaxBars is the most lists drawn one by one, as labelled bars (or boxes);
// more are drawn as bands over the list index (band.go).
const MaxBars = 60

// frame is the plot area in pixels.
type frame struct{ left, top, right, bottom float64 }

func (f frame) w() float64 { return f.right - f.left }

// drawTitle draws the title and a right-aligned note; it returns the y
// below them.
func drawTitle(c *canvas, title, note string) float64 {
	c.font(fontTitle, c.th.Text)
	lh := c.lineHeight()
	y := c.px(10) + lh*0.8
	w, _ := c.measure(note)
	c.font(fontTitle, c.th.Text)
	c.text(c.fit(title, float64(c.w)-w-c.px(40)), c.px(14), y, alignLeft)
	c.font(fontBody, c.th.Muted)
	c.text(note, float64(c.w)-c.px(14), y, alignRight)
	return y + lh*0.6
}

// yAxis lays out a value axis for [lo, hi] over the pixel rows top..bottom
// and returns it with the width its labels need.
func yAxis(c *canvas, lo, hi, top, bottom float64, integers bool) (axis, float64) {
	c.font(fontBody, c.th.Text)
	n := int((bottom - top) / (c.lineHeight() * 2.2))
	a := niceAxis(lo, hi, max(n, 2), integers)
	a.p0, a.p1 = bottom, top
	wmax := 0.0
	for _, t := range a.ticks {
		w, _ := c.measure(a.label(t))
		wmax = math.Max(wmax, w)
	}
	return a, wmax + c.px(10)
}

// drawYAxis draws grid lines, tick labels and the axis title (with its
// baseline at titleY).
func drawYAxis(c *canvas, a axis, f frame, title string, titleY float64) {
	for _, t := range a.ticks {
		y := a.pos(t)
		c.line(c.th.Grid, 1, false, f.left, y, f.right, y)
	}
	c.font(fontBody, c.th.Text)
	_, h := c.measure("0")
	for _, t := range a.ticks {
		c.text(a.label(t), f.left-c.px(6), a.pos(t)+h/2, alignRight)
	}
	c.font(fontSmall, c.th.Muted)
	c.text(title, c.px(14), titleY, alignLeft)
	c.line(c.th.Axis, 1, false, f.left, f.top, f.left, f.bottom)
}

func drawMedians(c *canvas, d *Data) {
	n := d.Len()
	note := groupThousands(strconv.Itoa(n)) + " lists"
	top := drawTitle(c, "Median of each list — "+d.Title, note)
	if n == 0 {
		c.font(fontTitle, c.th.Muted)
		c.text("no lists", float64(c.w)/2, float64(c.h)/2, alignCenter)
		return
	}
	lo, hi := d.finiteLo, d.finiteHi
	if d.finite == 0 {
		lo, hi = 0, 1
	}
	if n > MaxBars {
		drawMedianBands(c, d, lo, hi, top)
		return
	}
	top += c.px(14) // room for the y axis title
	// Bars start at zero, or their heights would lie.
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	// Head room for the min and max annotations.
	pad := (hi/2 - lo/2) * 0.25
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.1, 1)
	}
	if lo < 0 {
		lo -= pad
	}
	hi += pad
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = d.finiteLo, d.finiteHi
	}
	labels := make([]string, n)
	for i := range labels {
		labels[i] = d.Name(i)
	}
	f, a, rotated := slotFrame(c, lo, hi, top, labels, false)
	drawYAxis(c, a, f, "median", f.top-c.px(8))
	c.layout = Layout{kind: MediansChart, f: f, n: n, bars: true, y: a}
	drawBars(c, d, a, f, labels, rotated)
	c.line(c.th.Axis, 1, false, f.left, f.bottom, f.right, f.bottom)
}

// slotFrame lays out a chart of one slot (a bar, a box) per label over
// values lo … hi under top: the frame, its value axis (exactly lo … hi
// when tight, else rounded out to whole ticks), and whether the labels
// under the slots are rotated.
func slotFrame(c *canvas, lo, hi, top float64, labels []string, tight bool) (frame, axis, bool) {
	c.font(fontBody, c.th.Text)
	f := frame{top: top, right: float64(c.w) - c.px(18)}
	_, lw := yAxis(c, lo, hi, f.top, float64(c.h)-2.7*c.lineHeight(), false)
	f.left = math.Max(lw+c.px(14), c.px(40))
	bottomRoom, rotated := barLabelRoom(c, labels, f.w()/float64(len(labels)))
	f.bottom = float64(c.h) - bottomRoom
	a, lw := yAxis(c, lo, hi, f.top, f.bottom, false)
	if tight {
		a = tightAxis(a, lo, hi)
	}
	f.left = math.Max(lw+c.px(14), c.px(40))
	return f, a, rotated
}

// drawMedianBands is the medians chart of more lists than MaxBars: per
// pixel column the range of its lists' medians light, their middle half
// (R type 7 quartiles) darker and their median as a line, with the global
// min and max marked. (A line through every median paints 10 million
// lists as one block from min to max.)
func drawMedianBands(c *canvas, d *Data, lo, hi, top float64) {
	bands := d.bands(bandWidth(c), false)
	f, a := indexFrame(c, lo, hi, top, "median")
	p := newBandPlot(c, a, f, d.Len(), bands)
	p.draw(d, MediansChart, bands, func(b Band) (float64, float64) { return b.Medians.Q1, b.Medians.Q3 })
	if d.Len() > p.width { // else every column holds one list: no band to explain
		drawLegend(c, []legendItem{
			{bandLight(c.th), false, "min–max"},
			{bandDark(c.th), false, "25–75%"},
			{bandLine(c.th), true, "median of the medians in each pixel column"},
		}, f.top-c.px(8), f.left+c.px(60), f.right)
	}
}

// barLabelRoom decides how bar labels fit under bars pitch pixels apart:
// level when they fit, else rotated; it returns the room they need.
func barLabelRoom(c *canvas, labels []string, pitch float64) (float64, bool) {
	c.font(fontBody, c.th.Text)
	wmax := 0.0
	for _, l := range labels {
		w, _ := c.measure(l)
		wmax = math.Max(wmax, w)
	}
	lh := c.lineHeight()
	if wmax <= pitch*0.9 {
		return lh + c.px(14), false
	}
	return math.Min(wmax, float64(c.h)*0.28) + c.px(16), true
}

func drawBars(c *canvas, d *Data, a axis, f frame, labels []string, rotated bool) {
	n := d.Len()
	pitch := f.w() / float64(n)
	bw := math.Max(pitch*0.78, 1)
	base := a.pos(math.Min(math.Max(0, a.lo), a.hi))
	for i := range n {
		m := d.Median(i)
		cx := f.left + pitch*(float64(i)+0.5)
		fill := slotColour(c, d, i, c.th.Bar)
		switch {
		case math.IsNaN(m): // empty or undefined: a short tick on the axis
			c.line(c.th.Muted, 1, false, cx-bw/4, base, cx+bw/4, base)
		case math.IsInf(m, 0):
			edge := f.top
			if m < 0 {
				edge = f.bottom
			}
			c.rect(cx-bw/2, math.Min(base, edge), cx+bw/2, math.Max(base, edge), fill)
			c.triangle(cx, edge+math.Copysign(c.px(8), -m), math.Copysign(1, -m), c.th.Text)
		default:
			y := a.pos(m)
			c.rect(cx-bw/2, math.Min(base, y), cx+bw/2, math.Max(base, y), fill)
		}
	}
	drawSlotLabels(c, d, f, nil, labels, rotated)
	annotate(c, d, a, f, func(i int) float64 { return f.left + pitch*(float64(i)+0.5) }, nil)
}

// slotColour is the colour of list i's bar or box: the min's and the
// max's own, else plain.
func slotColour(c *canvas, d *Data, i int, plain color.RGBA) color.RGBA {
	switch i {
	case d.MinIndex:
		return c.th.Min
	case d.MaxIndex:
		return c.th.Max
	}
	return plain
}

// drawSlotLabels labels the slots under the frame: slot s holds list
// slots[s] (s itself when slots is nil) and is labelled labels[s]. Labels
// are drawn every stride slots so they never overlap; the min and max
// lists are always labelled, in their colours.
func drawSlotLabels(c *canvas, d *Data, f frame, slots []int, labels []string, rotated bool) {
	n := len(labels)
	pitch := f.w() / float64(n)
	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	stride := 1
	if rotated {
		stride = int(math.Ceil(lh * 0.9 / pitch))
	}
	maxLabel := float64(c.h) - f.bottom - c.px(14)
	isSpecial := func(s int) bool {
		i := s
		if slots != nil {
			i = slots[s]
		}
		return i == d.MinIndex || i == d.MaxIndex
	}
	for s := range n {
		special := isSpecial(s)
		if s%stride != 0 && !special {
			continue
		}
		if stride > 1 && !special && nearSpecial(s, stride, n, isSpecial) {
			continue
		}
		fg := c.th.Text
		if special {
			i := s
			if slots != nil {
				i = slots[s]
			}
			fg = slotColour(c, d, i, fg)
		}
		cx := f.left + pitch*(float64(s)+0.5)
		c.font(fontBody, fg)
		if rotated {
			c.textUp(c.fit(labels[s], maxLabel), cx, f.bottom+c.px(6))
		} else {
			c.text(labels[s], cx, f.bottom+c.px(6)+lh*0.8, alignCenter)
		}
	}
}

// nearSpecial reports whether a slot less than stride away from s (not s)
// holds the min or the max list, whose label takes the room.
func nearSpecial(s, stride, n int, special func(int) bool) bool {
	for t := max(0, s-stride+1); t < min(n, s+stride); t++ {
		if t != s && special(t) {
			return true
		}
	}
	return false
}

// annotate puts a labelled box at the min and the max, with a leader line
// to the point; the boxes never overlap each other and stay in the frame.
// The point is the list's median, or at(i) when at is not nil (the end of
// a box's whisker, so that the note covers no box).
func annotate(c *canvas, d *Data, a axis, f frame, xOf, at func(int) float64) {
	type note struct {
		x, y     float64 // the point
		bx, by   float64 // box top-left
		bw, bh   float64
		text     string
		clr      color.RGBA
		above    bool
		drawable bool
	}
	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	mk := func(i int, what string, clr color.RGBA, above bool) note {
		if i < 0 {
			return note{}
		}
		m := d.Median(i)
		v := m
		if at != nil {
			v = at(i)
		}
		y := a.pos(math.Max(math.Min(v, a.hi), a.lo))
		if math.IsInf(v, 1) {
			y = f.top
		} else if math.IsInf(v, -1) {
			y = f.bottom
		}
		t := fmt.Sprintf("%s  %s = %s", what, c.fit(d.Name(i), c.px(220)), FormatValue(m))
		w, _ := c.measure(t)
		nt := note{x: xOf(i), y: y, bw: w + c.px(12), bh: lh + c.px(6), text: t, clr: clr, above: above, drawable: true}
		nt.bx = math.Min(math.Max(nt.x-nt.bw/2, f.left+c.px(2)), f.right-nt.bw-c.px(2))
		gap := c.px(12)
		if above && y-gap-nt.bh < f.top {
			above = false
		}
		if !above && y+gap+nt.bh > f.bottom {
			above = true
		}
		if above {
			nt.by = math.Max(y-gap-nt.bh, f.top+c.px(2))
		} else {
			nt.by = math.Min(y+gap, f.bottom-nt.bh-c.px(2))
		}
		return nt
	}
	maxNote, minNote := "max", "min"
	if c.layout.kind == SpreadChart { // where values are not all medians
		maxNote, minNote = "max median", "min median"
	}
	mx := mk(d.MaxIndex, maxNote, c.th.Max, true)
	mn := mk(d.MinIndex, minNote, c.th.Min, false)
	if d.MinIndex == d.MaxIndex {
		mn.drawable = false
	}
	if mx.drawable && mn.drawable && overlap(mx.bx, mx.by, mx.bw, mx.bh, mn.bx, mn.by, mn.bw, mn.bh) {
		// Stack the min box under the max box, or over it if no room.
		if mx.by+mx.bh+c.px(4)+mn.bh <= f.bottom {
			mn.by = mx.by + mx.bh + c.px(4)
		} else {
			mn.by = mx.by - mn.bh - c.px(4)
		}
	}
	for _, nt := range []note{mx, mn} {
		if !nt.drawable {
			continue
		}
		ly := nt.by
		if nt.by < nt.y {
			ly = nt.by + nt.bh
		}
		c.line(nt.clr, 1, false, nt.x, nt.y, math.Min(math.Max(nt.x, nt.bx+c.px(4)), nt.bx+nt.bw-c.px(4)), ly)
		bg := c.th.Background
		c.rect(nt.bx, nt.by, nt.bx+nt.bw, nt.by+nt.bh, nt.clr)
		c.rect(nt.bx+c.px(1.5), nt.by+c.px(1.5), nt.bx+nt.bw-c.px(1.5), nt.by+nt.bh-c.px(1.5), bg)
		c.font(fontBody, nt.clr)
		c.text(nt.text, nt.bx+c.px(6), nt.by+nt.bh-c.px(3)-lh*0.25, alignLeft)
	}
}

func overlap(x1, y1, w1, h1, x2, y2, w2, h2 float64) bool {
	return x1 < x2+w2 && x2 < x1+w1 && y1 < y2+h2 && y2 < y1+h1
}
