package plot

import (
	"image/color"
	"math"
	"strconv"
)

// The band charts: a chart over the list index of more lists than bars,
// one band per pixel column (band.go aggregates them). The medians chart
// (medians.go) and the spread chart (spread.go) draw with these.

// Band colours: the range light, the middle half darker, the median a
// line, all from the theme's bar colour so that the charts match.
func bandLight(th Theme) color.RGBA { return mix(th.Bar, th.Background, 0.55) }
func bandDark(th Theme) color.RGBA  { return th.Bar }
func bandLine(th Theme) color.RGBA  { return mix(th.Bar, th.Text, 0.6) }

// mix is a·(1-t) + b·t.
func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// indexFrame lays out a chart over the list index under top for values
// lo … hi (padded for the min and max annotations): the frame and its
// value axis, titled yTitle.
func indexFrame(c *canvas, lo, hi, top float64, yTitle string) (frame, axis) {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
		lo, hi = 0, 1
	}
	pad := (hi/2 - lo/2) * 0.25
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.1, 1)
	}
	if l, h := lo-pad, hi+pad; !math.IsInf(l, 0) && !math.IsInf(h, 0) {
		lo, hi = l, h
	}
	c.font(fontBody, c.th.Text)
	f := frame{top: top + c.px(14), right: float64(c.w) - c.px(18), bottom: float64(c.h) - 2.7*c.lineHeight()}
	a, lw := yAxis(c, lo, hi, f.top, f.bottom, false)
	a = tightAxis(a, lo, hi)
	f.left = math.Max(lw+c.px(14), c.px(40))
	drawYAxis(c, a, f, yTitle, f.top-c.px(8))
	return f, a
}

// tightAxis makes a span exactly lo … hi, with the ticks inside: a value
// axis rounded out to whole ticks can leave a third of a short chart
// empty. (Bars keep the rounded axis: they start at zero.)
func tightAxis(a axis, lo, hi float64) axis {
	if lo >= hi {
		return a
	}
	var ticks []float64
	for _, t := range a.ticks {
		if t >= lo && t <= hi {
			ticks = append(ticks, t)
		}
	}
	if len(ticks) == 0 {
		return a
	}
	a.lo, a.hi, a.ticks = lo, hi, ticks
	return a
}

// drawIndexAxis draws the list index ticks under a frame holding n lists.
func drawIndexAxis(c *canvas, f frame, n int) {
	xa := niceAxis(0, float64(n-1), int(f.w()/c.px(90)), true)
	xa.lo, xa.hi = 0, float64(n-1) // the columns fill the frame; ticks inside
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
	c.line(c.th.Axis, 1, false, f.left, f.bottom, f.right, f.bottom)
}

// legendItem is one entry of a chart's legend: a swatch and what it means.
type legendItem struct {
	clr  color.RGBA
	line bool // a line swatch, not a box
	text string
}

// drawLegend draws items right-aligned on the baseline y, left of right,
// and not left of minX; the items that do not fit are left out, last
// first.
func drawLegend(c *canvas, items []legendItem, y, minX, right float64) {
	c.font(fontSmall, c.th.Muted)
	sw, gap := c.px(14), c.px(14)
	widths := make([]float64, len(items))
	total := 0.0
	for i, it := range items {
		w, _ := c.measure(it.text)
		widths[i] = sw + c.px(4) + w
		total += widths[i] + gap
	}
	for total > right-minX && len(items) > 0 {
		total -= widths[len(items)-1] + gap
		items = items[:len(items)-1]
	}
	x := right - total + gap
	_, h := c.measure("Ag")
	for i, it := range items {
		mid := y - h*0.35
		if it.line {
			c.line(it.clr, 2, false, x, mid, x+sw, mid)
		} else {
			c.rect(x, mid-c.px(5), x+sw, mid+c.px(5), it.clr)
		}
		c.font(fontSmall, c.th.Muted)
		c.text(it.text, x+sw+c.px(4), y, alignLeft)
		x += widths[i] + gap
	}
}

// bandPlot is a chart of bands in a frame: where each column stands.
type bandPlot struct {
	c     *canvas
	a     axis
	f     frame
	n     int // lists
	width int // columns across the frame, about one per pixel
}

// newBandPlot places bands (of n lists) across frame f.
func newBandPlot(c *canvas, a axis, f frame, n int, bands []Band) bandPlot {
	return bandPlot{c: c, a: a, f: f, n: n, width: max(1, len(bands))}
}

// bandWidth is how many columns the bands of a chart on c have: about one
// per pixel of the frame, from the canvas width alone, so that the bands
// can be computed before the frame is laid out (they give its value range)
// and are the same for every chart of that width.
func bandWidth(c *canvas) int {
	return max(1, int(math.Round(float64(c.w)-c.px(18)-c.px(64))))
}

// x is the centre of column col.
func (p bandPlot) x(col int) float64 {
	if p.width == 1 {
		return (p.f.left + p.f.right) / 2
	}
	return p.f.left + float64(col)*p.f.w()/float64(p.width-1)
}

// xOfList is the column of list i.
func (p bandPlot) xOfList(i int) float64 { return p.x(i * p.width / p.n) }

// y is the pixel row of v, infinities (and values off the axis) at the
// frame's edges.
func (p bandPlot) y(v float64) float64 {
	switch {
	case math.IsInf(v, 1) || v > p.a.hi:
		return p.f.top
	case math.IsInf(v, -1) || v < p.a.lo:
		return p.f.bottom
	}
	return p.a.pos(v)
}

// draw draws bands: per column the range of the medians light, inner's
// range darker, the median of the medians as a line, ±∞ medians as
// off-scale marks; then the global min and max medians, marked and
// annotated. It records the layout for hit-testing.
func (p bandPlot) draw(d *Data, kind Kind, bands []Band, inner func(Band) (float64, float64)) {
	c, th := p.c, p.c.th
	drawIndexAxis(c, p.f, p.n)
	c.layout = Layout{kind: kind, f: p.f, n: p.n, y: p.a, width: p.width, data: d}
	p.fill(bands, bandLight(th), func(b Band) (float64, float64, bool) {
		return b.Medians.Min, b.Medians.Max, b.N > 0
	})
	p.fill(bands, bandDark(th), func(b Band) (float64, float64, bool) {
		lo, hi := inner(b)
		return lo, hi, !math.IsNaN(lo) && !math.IsNaN(hi)
	})
	p.medianLine(bands)
	for _, b := range bands {
		if b.PosInf > 0 {
			c.triangle(p.x(b.X), p.f.top+c.px(6), -1, th.Text)
		}
		if b.NegInf > 0 {
			c.triangle(p.x(b.X), p.f.bottom-c.px(6), 1, th.Text)
		}
	}
	if p.n <= int(p.f.w())/4 { // few lists for the width: each one a dot too
		d.medians.each(0, p.n, func(base int, seg []float64) {
			for j, m := range seg {
				if !math.IsNaN(m) && !math.IsInf(m, 0) {
					c.dot(p.xOfList(base+j), p.a.pos(m), 1.8, bandLine(th), bandLine(th))
				}
			}
		})
	}
	for _, i := range []int{d.MinIndex, d.MaxIndex} {
		if i >= 0 && !math.IsInf(d.Median(i), 0) {
			clr := th.Min
			if i == d.MaxIndex {
				clr = th.Max
			}
			c.dot(p.xOfList(i), p.a.pos(d.Median(i)), 4.5, clr, th.Background)
		}
	}
	annotate(c, d, p.a, p.f, p.xOfList, nil)
}

// bandChunk is the most columns filled as one polygon: freetype's
// rasterizer slows down with the cells of one long path. Chunks meet at a
// column's centre, a whole pixel, so no seam shows.
const bandChunk = 24

// fill fills, for every run of columns where span is defined, the area
// between its low and high values. With several lists per column each
// column paints its own pixel wide strip (a one-column spike — the global
// min, say — stays as wide as a pixel); with a list per column or fewer
// the area runs smoothly from column centre to column centre.
func (p bandPlot) fill(bands []Band, clr color.RGBA, span func(Band) (float64, float64, bool)) {
	step := p.n > p.width
	half := 0.0
	if step && p.width > 1 {
		half = p.f.w() / float64(p.width-1) / 2
	}
	left := func(b Band) float64 { return math.Max(p.x(b.X)-half, p.f.left) }
	right := func(b Band) float64 { return math.Min(p.x(b.X)+half, p.f.right) }
	var run []Band
	flush := func() {
		for i := 0; i < len(run); i += bandChunk {
			part := run[i:min(len(run), i+bandChunk+1)]
			if len(part) == 1 && !step {
				lo, hi, _ := span(part[0])
				x := p.x(part[0].X)
				p.c.rect(x-0.5, p.y(hi), x+0.5, p.y(lo)+1, clr)
				continue
			}
			xy := make([]float64, 0, 8*len(part))
			for _, b := range part {
				_, hi, _ := span(b)
				xy = append(xy, left(b), p.y(hi))
				if step {
					xy = append(xy, right(b), p.y(hi))
				}
			}
			for k := len(part) - 1; k >= 0; k-- {
				lo, _, _ := span(part[k])
				if step {
					xy = append(xy, right(part[k]), p.y(lo))
				}
				xy = append(xy, left(part[k]), p.y(lo))
			}
			p.c.polygon(clr, xy...)
		}
		run = run[:0]
	}
	for _, b := range bands {
		if _, _, ok := span(b); ok {
			run = append(run, b)
		} else {
			flush()
		}
	}
	flush()
}

// medianLine draws the median of each column's medians, joined across
// neighbouring columns.
func (p bandPlot) medianLine(bands []Band) {
	clr := bandLine(p.c.th)
	var path []float64
	flush := func() {
		const pts = 16 // short strokes, for the rasterizer's sake
		if len(path) == 2 {
			p.c.dot(path[0], path[1], 1.2, clr, clr)
		}
		for i := 0; i+2 < len(path); i += 2 * (pts - 1) {
			p.c.line(clr, 1.4, false, path[i:min(len(path), i+2*pts)]...)
		}
		path = path[:0]
	}
	for _, b := range bands {
		if b.N == 0 {
			flush()
			continue
		}
		path = append(path, p.x(b.X), p.y(b.Medians.Median))
	}
	flush()
}

// polygon fills the closed polygon through the xy pairs.
func (c *canvas) polygon(fill color.RGBA, xy ...float64) {
	c.ResetStyle()
	c.SetFillColor(col(fill))
	c.SetStrokeWidth(0)
	c.SetStrokeColor(col(color.RGBA{}))
	c.MoveTo(iround(xy[0]), iround(xy[1]))
	for i := 2; i+1 < len(xy); i += 2 {
		c.LineTo(iround(xy[i]), iround(xy[i+1]))
	}
	c.Close()
	c.Fill()
}
