package plot

import (
	"image/color"
	"math"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Theme is a chart's palette.
type Theme struct {
	Name       string
	Background color.RGBA
	Text       color.RGBA
	Muted      color.RGBA // axis titles, notes
	Axis       color.RGBA
	Grid       color.RGBA
	Bar        color.RGBA // bars and the line of ordinary lists
	Min        color.RGBA // the smallest median
	Max        color.RGBA // the largest median
	Center     color.RGBA // the median of medians
}

// Light is for white backgrounds and print; Dark for dark window themes.
// Min and max are blue and orange: apart for every common colour vision.
var (
	Light = Theme{
		Name:       "light",
		Background: color.RGBA{255, 255, 255, 255},
		Text:       color.RGBA{33, 33, 33, 255},
		Muted:      color.RGBA{100, 100, 100, 255},
		Axis:       color.RGBA{120, 120, 120, 255},
		Grid:       color.RGBA{228, 228, 228, 255},
		Bar:        color.RGBA{150, 160, 175, 255},
		Min:        color.RGBA{0, 114, 178, 255},
		Max:        color.RGBA{213, 94, 0, 255},
		Center:     color.RGBA{0, 140, 90, 255},
	}
	Dark = Theme{
		Name:       "dark",
		Background: color.RGBA{24, 24, 27, 255},
		Text:       color.RGBA{230, 230, 230, 255},
		Muted:      color.RGBA{165, 165, 170, 255},
		Axis:       color.RGBA{140, 140, 145, 255},
		Grid:       color.RGBA{52, 52, 58, 255},
		Bar:        color.RGBA{105, 112, 128, 255},
		Min:        color.RGBA{86, 180, 233, 255},
		Max:        color.RGBA{240, 150, 60, 255},
		Center:     color.RGBA{80, 200, 140, 255},
	}
)

// canvas is a go-chart renderer with our layout helpers; all lengths given
// to its methods are in unscaled pixels unless they say otherwise.
type canvas struct {
	chart.Renderer
	w, h  int
	scale float64
	th    Theme
	// The current font; re-applied before text since drawing shapes
	// resets the renderer's style.
	fontSize  float64
	fontColor color.RGBA

	layout Layout // where the chart put things, for hit-testing
}

// Font sizes in points at 96 dpi before scaling.
const (
	fontTitle = 11
	fontBody  = 9
	fontSmall = 8
)

func newCanvas(provider chart.RendererProvider, size Size, th Theme) (*canvas, error) {
	w, h := max(size.W, 50), max(size.H, 50)
	r, err := provider(w, h)
	if err != nil {
		return nil, err
	}
	f, err := loadFont()
	if err != nil {
		return nil, err
	}
	r.SetDPI(96)
	r.SetFont(f)
	c := &canvas{Renderer: r, w: w, h: h, scale: size.scale(), th: th}
	c.rect(0, 0, float64(w), float64(h), th.Background)
	return c, nil
}

// px scales a length.
func (c *canvas) px(v float64) float64 { return v * c.scale }

func col(c color.RGBA) drawing.Color { return drawing.Color{R: c.R, G: c.G, B: c.B, A: c.A} }

func (c *canvas) rect(x0, y0, x1, y1 float64, fill color.RGBA) {
	c.ResetStyle()
	c.SetFillColor(col(fill))
	c.SetStrokeWidth(0)
	c.SetStrokeColor(drawing.Color{})
	c.MoveTo(iround(x0), iround(y0))
	c.LineTo(iround(x1), iround(y0))
	c.LineTo(iround(x1), iround(y1))
	c.LineTo(iround(x0), iround(y1))
	c.Close()
	c.Fill()
}

// line draws a polyline of width w (unscaled) through xy pairs.
func (c *canvas) line(stroke color.RGBA, w float64, dash bool, xy ...float64) {
	c.ResetStyle()
	c.SetStrokeColor(col(stroke))
	c.SetStrokeWidth(c.px(w))
	if dash {
		c.SetStrokeDashArray([]float64{c.px(4), c.px(3)})
	}
	c.MoveTo(iround(xy[0]), iround(xy[1]))
	for i := 2; i+1 < len(xy); i += 2 {
		c.LineTo(iround(xy[i]), iround(xy[i+1]))
	}
	c.Stroke()
}

func (c *canvas) dot(x, y, radius float64, fill, stroke color.RGBA) {
	c.ResetStyle()
	c.SetFillColor(col(fill))
	c.SetStrokeColor(col(stroke))
	c.SetStrokeWidth(c.px(1.5))
	c.Circle(c.px(radius), iround(x), iround(y))
	c.FillStroke()
}

// triangle draws a small marker pointing up (dir -1) or down (dir +1).
func (c *canvas) triangle(x, y float64, dir float64, fill color.RGBA) {
	s := c.px(5)
	c.ResetStyle()
	c.SetFillColor(col(fill))
	c.SetStrokeWidth(0)
	c.MoveTo(iround(x), iround(y+dir*s))
	c.LineTo(iround(x-s), iround(y-dir*s*0.4))
	c.LineTo(iround(x+s), iround(y-dir*s*0.4))
	c.Close()
	c.Fill()
}

func (c *canvas) font(size float64, fg color.RGBA) {
	c.fontSize, c.fontColor = size, fg
}

func (c *canvas) applyFont() {
	c.ResetStyle()
	c.SetFontSize(c.fontSize * c.scale)
	c.SetFontColor(col(c.fontColor))
}

// measure returns the width and height in pixels of s at the current font.
func (c *canvas) measure(s string) (float64, float64) {
	c.applyFont()
	b := c.MeasureText(s)
	return float64(b.Width()), float64(b.Height())
}

// Horizontal alignments for text.
const (
	alignLeft = iota
	alignCenter
	alignRight
)

// text draws s with its baseline at y, aligned on x.
func (c *canvas) text(s string, x, y float64, align int) {
	w, _ := c.measure(s)
	switch align {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	c.applyFont()
	c.Text(s, iround(x), iround(y))
}

// textUp draws s rotated to read bottom to top, ending at (x, yEnd) with
// its glyphs centred on x.
func (c *canvas) textUp(s string, x, yEnd float64) {
	w, h := c.measure(s)
	c.applyFont()
	c.SetTextRotation(-math.Pi / 2)
	c.Text(s, iround(x+h*0.35), iround(yEnd+w))
	c.ClearTextRotation()
}

// fit shortens s with an ellipsis until it is at most maxW pixels wide.
func (c *canvas) fit(s string, maxW float64) string {
	if w, _ := c.measure(s); w <= maxW {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		t := string(r) + "…"
		if w, _ := c.measure(t); w <= maxW {
			return t
		}
	}
	return "…"
}

// lineHeight is the pixel height of a line of text at the current font.
func (c *canvas) lineHeight() float64 {
	_, h := c.measure("Ag0")
	return h * 1.25
}

func iround(v float64) int { return int(math.Round(v)) }
