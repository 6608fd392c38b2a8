package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

func drawDistribution(c *canvas, d *Data) {
	h := d.Histogram()
	off := offScale(h)
	if u := d.undefinedN; u > 0 {
		off = append(off, fmt.Sprintf("undefined (∞−∞): %d", u))
	}
	note := fmt.Sprintf("%s medians in %d bins", groupThousands(strconv.Itoa(h.N)), len(h.Counts))
	if len(off) > 0 {
		note += " · off-scale " + strings.Join(off, ", ")
	}
	drawHistogram(c, h, histText{
		kind:  DistributionChart,
		title: "Distribution of the medians — " + d.Title, note: note,
		x: "median", y: "lists", empty: "no finite median to bin",
	}, []histMark{
		{h.Min, "min", c.th.Min},
		{h.Center, "median", c.th.Center},
		{h.Max, "max", c.th.Max},
	}, nil)
}

// offScale lists the infinite values a histogram counted beside its bins.
func offScale(h *Hist) []string {
	var off []string
	if h.PosInf > 0 {
		off = append(off, fmt.Sprintf("+∞: %d", h.PosInf))
	}
	if h.NegInf > 0 {
		off = append(off, fmt.Sprintf("−∞: %d", h.NegInf))
	}
	return off
}

// histText is what a histogram says: the distribution of the medians and
// the values of one list differ only in their words and markers.
type histText struct {
	kind         Kind // for the layout's hit-testing
	title, note  string
	x, y         string // axis titles
	empty        string // shown when nothing finite was binned
	shadeCaption string // under the x axis title, when a range is shaded
}

// histMark is a vertical marker line at v, labelled "label v" above the
// frame. Marks that are not finite are left out (the note counts them).
type histMark struct {
	v     float64
	label string
	clr   color.RGBA
}

// drawHistogram draws h with its markers; shade, when not nil, is a range
// of values drawn as a light band behind the bars (a list's middle half).
func drawHistogram(c *canvas, h *Hist, txt histText, marks []histMark, shade *[2]float64) {
	top := drawTitle(c, txt.title, txt.note) + c.px(14)
	if h.N == 0 {
		c.font(fontTitle, c.th.Muted)
		c.text(txt.empty, float64(c.w)/2, float64(c.h)/2, alignCenter)
		return
	}
	peak := 0
	for _, n := range h.Counts {
		peak = max(peak, n)
	}
	c.font(fontBody, c.th.Text)
	lh := c.lineHeight()
	f := frame{top: top + lh*2.4, right: float64(c.w) - c.px(18), bottom: float64(c.h) - 2.7*lh}
	ya, lw := yAxis(c, 0, float64(peak)*1.08, f.top, f.bottom, true)
	ya.lo = 0
	f.left = math.Max(lw+c.px(14), c.px(40))
	drawYAxis(c, ya, f, txt.y, top)

	xa := niceAxis(h.Lo, h.Hi(), int(f.w()/c.px(90)), false)
	xa.lo, xa.hi = h.Lo, h.Hi() // bins fill the frame; ticks inside
	xa.p0, xa.p1 = f.left, f.right
	if shade != nil && !math.IsNaN(shade[0]) && !math.IsNaN(shade[1]) {
		// Clamped to the frame: an infinite quartile reaches its edge.
		in := func(v float64) float64 { return math.Min(math.Max(v, xa.lo), xa.hi) }
		x0, x1 := xa.pos(in(shade[0])), xa.pos(in(shade[1]))
		band := c.th.Center
		band.A = 48
		c.rect(x0, f.top, math.Max(x1, x0+1), f.bottom, band)
	}
	c.font(fontBody, c.th.Text)
	for _, t := range xa.ticks {
		if t < xa.lo || t > xa.hi {
			continue
		}
		x := xa.pos(t)
		c.line(c.th.Axis, 1, false, x, f.bottom, x, f.bottom+c.px(4))
		c.text(xa.label(t), x, f.bottom+c.px(6)+lh*0.8, alignCenter)
	}
	c.font(fontSmall, c.th.Muted)
	xTitle := txt.x
	if shade != nil && txt.shadeCaption != "" {
		xTitle += " · " + txt.shadeCaption
	}
	c.text(xTitle, (f.left+f.right)/2, f.bottom+c.px(6)+lh*1.9, alignCenter)

	bw := f.w() / float64(len(h.Counts))
	c.layout = Layout{kind: txt.kind, f: f, hist: h}
	for i, n := range h.Counts {
		if n == 0 {
			continue
		}
		x0 := f.left + bw*float64(i)
		gap := math.Min(c.px(1), bw*0.15)
		c.rect(x0+gap, ya.pos(float64(n)), x0+bw-gap, f.bottom, c.th.Bar)
	}
	c.line(c.th.Axis, 1, false, f.left, f.bottom, f.right, f.bottom)

	// Markers, labelled above the frame in rows so that their labels never
	// overlap.
	var placed [][2]float64 // label extents on the first row
	for _, m := range marks {
		if math.IsNaN(m.v) || math.IsInf(m.v, 0) {
			continue
		}
		x := xa.pos(m.v)
		c.line(m.clr, 1.6, m.clr == c.th.Center, x, f.top-c.px(2), x, f.bottom)
		label := m.label + " " + FormatValue(m.v)
		c.font(fontBody, m.clr)
		w, _ := c.measure(label)
		lx := math.Min(math.Max(x-w/2, c.px(4)), float64(c.w)-w-c.px(4))
		row := 0.0
		for _, p := range placed {
			if lx < p[1]+c.px(8) && p[0] < lx+w+c.px(8) {
				row++
			}
		}
		placed = append(placed, [2]float64{lx, lx + w})
		c.text(label, lx, f.top-c.px(6)-row*lh, alignLeft)
	}
}
