package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
)

// MaxBars is the most lists drawn as labelled bars; more are drawn as a
// decimated line over the list index.
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
	n := len(d.Medians)
	note := groupThousands(strconv.Itoa(n)) + " lists"
	top := drawTitle(c, "Median of each list — "+d.Title, note)
	if n == 0 {
		c.font(fontTitle, c.th.Muted)
		c.text("no lists", float64(c.w)/2, float64(c.h)/2, alignCenter)
		return
	}
	top += c.px(14) // room for the y axis title
	lo, hi := d.finiteLo, d.finiteHi
	if d.finite == 0 {
		lo, hi = 0, 1
	}
	bars := n <= MaxBars
	if bars { // bars start at zero, or their heights would lie
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	// Head room for the min and max annotations.
	pad := (hi/2 - lo/2) * 0.25
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.1, 1)
	}
	if !bars || lo < 0 {
		lo -= pad
	}
	hi += pad
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = d.finiteLo, d.finiteHi
	}

	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	bottomRoom := 2.7 * lh // index ticks and the axis title
	var labels []string
	var rotated bool
	if bars {
		labels = make([]string, n)
		for i := range labels {
			labels[i] = d.Name(i)
		}
	}
	f := frame{top: top, right: float64(c.w) - c.px(18), bottom: float64(c.h) - bottomRoom}
	a, lw := yAxis(c, lo, hi, f.top, f.bottom, false)
	f.left = math.Max(lw+c.px(14), c.px(40))
	if bars {
		bottomRoom, rotated = barLabelRoom(c, labels, f.w()/float64(n))
		f.bottom = float64(c.h) - bottomRoom
		a, lw = yAxis(c, lo, hi, f.top, f.bottom, false)
		f.left = math.Max(lw+c.px(14), c.px(40))
	}
	drawYAxis(c, a, f, "median", f.top-c.px(8))
	c.layout = Layout{kind: MediansChart, f: f, n: n, bars: bars, y: a}
	if bars {
		drawBars(c, d, a, f, labels, rotated)
	} else {
		drawLine(c, d, a, f)
	}
	c.line(c.th.Axis, 1, false, f.left, f.bottom, f.right, f.bottom)
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
	n := len(d.Medians)
	pitch := f.w() / float64(n)
	bw := math.Max(pitch*0.78, 1)
	base := a.pos(math.Min(math.Max(0, a.lo), a.hi))
	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	// Labels are drawn every stride bars so they never overlap; the min
	// and max bars are always labelled.
	stride := 1
	if rotated {
		stride = int(math.Ceil(lh * 0.9 / pitch))
	}
	maxLabel := float64(c.h) - f.bottom - c.px(14)
	for i, m := range d.Medians {
		cx := f.left + pitch*(float64(i)+0.5)
		fill := c.th.Bar
		switch i {
		case d.MinIndex:
			fill = c.th.Min
		case d.MaxIndex:
			fill = c.th.Max
		}
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
		special := i == d.MinIndex || i == d.MaxIndex
		if i%stride != 0 && !special {
			continue
		}
		if stride > 1 && !special && (near(i, d.MinIndex, stride) || near(i, d.MaxIndex, stride)) {
			continue
		}
		fg := c.th.Text
		if special {
			fg = fill
		}
		c.font(fontBody, fg)
		if rotated {
			c.textUp(c.fit(labels[i], maxLabel), cx, f.bottom+c.px(6))
		} else {
			c.text(labels[i], cx, f.bottom+c.px(6)+lh*0.8, alignCenter)
		}
	}
	annotate(c, d, a, f, func(i int) float64 { return f.left + pitch*(float64(i)+0.5) })
}

func near(i, j, stride int) bool { return j >= 0 && i != j && abs(i-j) < stride }

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func drawLine(c *canvas, d *Data, a axis, f frame) {
	n := len(d.Medians)
	xa := niceAxis(0, float64(n-1), int(f.w()/c.px(90)), true)
	xa.lo, xa.hi = 0, float64(n-1) // the line fills the frame; ticks inside
	xa.p0, xa.p1 = f.left, f.right
	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	for _, t := range xa.ticks {
		if t < 0 || t > float64(n-1) {
			continue
		}
		x := xa.pos(t)
		c.line(c.th.Grid, 1, false, x, f.top, x, f.bottom)
		c.line(c.th.Axis, 1, false, x, f.bottom, x, f.bottom+c.px(4))
		c.text(groupThousands(strconv.FormatFloat(t, 'f', 0, 64)), x, f.bottom+c.px(6)+lh*0.8, alignCenter)
	}
	c.font(fontSmall, c.th.Muted)
	c.text("list index (file order)", (f.left+f.right)/2, f.bottom+c.px(6)+lh*1.9, alignCenter)

	width := int(math.Max(1, math.Round(f.w())))
	cols := Decimate(d.Medians, width)
	c.layout.cols, c.layout.width = cols, min(width, n)
	xOf := func(col int) float64 {
		if width == 1 || n == 1 {
			return (f.left + f.right) / 2
		}
		return f.left + float64(col)*f.w()/float64(min(width, n)-1)
	}
	// One polyline per run of columns with finite points.
	var path []float64
	flush := func() {
		if len(path) >= 4 {
			// Short strokes: freetype's rasterizer slows down
			// quadratically with the cells of one long path.
			const pts = 16
			for i := 0; i+2 < len(path); i += 2 * (pts - 1) {
				c.line(c.th.Bar, 1.4, false, path[i:min(len(path), i+2*pts)]...)
			}
		} else if len(path) == 2 {
			c.dot(path[0], path[1], 1.5, c.th.Bar, c.th.Bar)
		}
		path = path[:0]
	}
	prev := -2
	for _, col := range cols {
		x := xOf(col.X)
		if col.PosInf > 0 {
			c.triangle(x, f.top+c.px(6), -1, c.th.Text)
		}
		if col.NegI > 0 {
			c.triangle(x, f.bottom-c.px(6), 1, c.th.Text)
		}
		if col.N == 0 {
			flush()
			prev = -2
			continue
		}
		if col.X != prev+1 {
			flush()
		}
		a1, a2 := col.Min, col.Max
		if col.MaxI < col.MinI {
			a1, a2 = a2, a1
		}
		path = append(path, x, a.pos(col.First), x, a.pos(a1), x, a.pos(a2), x, a.pos(col.Last))
		prev = col.X
	}
	flush()
	if n <= width/4 {
		for i, m := range d.Medians {
			if !math.IsNaN(m) && !math.IsInf(m, 0) {
				c.dot(xOf(i), a.pos(m), 1.8, c.th.Bar, c.th.Bar)
			}
		}
	}
	colOf := func(i int) float64 { return xOf(i * min(width, n) / n) }
	for _, i := range []int{d.MinIndex, d.MaxIndex} {
		if i >= 0 && !math.IsInf(d.Medians[i], 0) {
			clr := c.th.Min
			if i == d.MaxIndex {
				clr = c.th.Max
			}
			c.dot(colOf(i), a.pos(d.Medians[i]), 4.5, clr, c.th.Background)
		}
	}
	annotate(c, d, a, f, colOf)
}

// annotate puts a labelled box at the min and the max, with a leader line
// to the point; the boxes never overlap each other and stay in the frame.
func annotate(c *canvas, d *Data, a axis, f frame, xOf func(int) float64) {
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
		m := d.Medians[i]
		y := a.pos(math.Max(math.Min(m, a.hi), a.lo))
		if math.IsInf(m, 1) {
			y = f.top
		} else if math.IsInf(m, -1) {
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
	mx := mk(d.MaxIndex, "max", c.th.Max, true)
	mn := mk(d.MinIndex, "min", c.th.Min, false)
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
