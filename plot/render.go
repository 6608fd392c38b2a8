// Package plot draws Medianscope's charts — the median of every list, and
// the distribution of the medians — as PNG, SVG or an in-memory image, for
// the window and for the headless -png flags alike. It imports no GUI
// package, and it is the only package that imports go-chart (archived
// upstream), so a move to a maintained fork stays local to it.
//
// go-chart supplies the renderers (raster and vector), the font and the
// text measurement; the layout (axes, ticks, bars, the per-pixel-column
// decimation, the annotations) is ours, because go-chart's own charts do
// not start bars at zero, do not bin histograms, overlap dense labels and
// take seconds on 100k+ points.
package plot

import (
	"errors"
	"fmt"
	"image"
	"io"
	"sync"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"

	"medianscope/compute"
)

// Format is an output format.
type Format int

const (
	PNG Format = iota
	SVG
)

// Size is an output size in pixels; Scale multiplies fonts and strokes
// (1 at 96 dpi, 2 on a HiDPI screen or for a 2× export).
type Size struct {
	W, H  int
	Scale float64
}

func (s Size) scale() float64 {
	if s.Scale <= 0 {
		return 1
	}
	return s.Scale
}

// Kind is which chart to draw.
type Kind int

const (
	MediansChart Kind = iota
	DistributionChart
	SpreadChart // every list's quartiles and extremes (spread.go)
	ValuesChart // one list's own values (values.go, NewValues)
)

func (k Kind) String() string {
	switch k {
	case DistributionChart:
		return "distribution"
	case SpreadChart:
		return "spread"
	case ValuesChart:
		return "values"
	}
	return "medians"
}

var (
	fontOnce sync.Once
	font     *truetype.Font
	fontErr  error
)

// loadFont loads go-chart's default font once: its own lazy loading is not
// safe for concurrent use, and charts are drawn from several goroutines.
func loadFont() (*truetype.Font, error) {
	fontOnce.Do(func() { font, fontErr = chart.GetDefaultFont() })
	return font, fontErr
}

func init() { loadFont() }

// Chart is one chart to draw: which, at what size, in which colours. The
// same Chart draws on screen (Image) and into a file (Write).
type Chart struct {
	Kind  Kind
	Size  Size
	Theme Theme
}

// Write draws c for d and writes it to w in format f. meta, when not nil,
// says where the chart came from: PNG text chunks after the header
// (pngmeta.go), an SVG <metadata> element (svgmeta.go).
func (c Chart) Write(w io.Writer, f Format, d *Data, meta *compute.Provenance) error {
	provider := chart.PNG
	if f == SVG {
		provider = escapedSVG
	}
	r, err := newCanvas(provider, c.Size, c.Theme)
	if err != nil {
		return err
	}
	if err := draw(r, c.Kind, d); err != nil {
		return err
	}
	if meta == nil {
		return r.Save(w)
	}
	// Close does not close w: it reports a stream that ended before the
	// metadata's place.
	var mw io.WriteCloser
	if f == SVG {
		mw = newSVGMetaWriter(w, *meta)
	} else {
		mw = newPNGMetaWriter(w, pngTexts(c.Kind, *meta))
	}
	if err := r.Save(mw); err != nil {
		return err
	}
	return mw.Close()
}

// Image draws c for d into an RGBA image (no encoding), for the screen,
// with the layout of what it drew, for hit-testing.
func (c Chart) Image(d *Data) (*image.RGBA, *Layout, error) {
	r, err := newCanvas(chart.PNG, c.Size, c.Theme)
	if err != nil {
		return nil, nil, err
	}
	if err := draw(r, c.Kind, d); err != nil {
		return nil, nil, err
	}
	var col collector
	if err := r.Save(&col); err != nil {
		return nil, nil, err
	}
	return col.img, &r.layout, nil
}

func draw(c *canvas, k Kind, d *Data) error {
	if d == nil {
		return errors.New("no data to draw")
	}
	switch k {
	case MediansChart:
		drawMedians(c, d)
	case DistributionChart:
		drawDistribution(c, d)
	case SpreadChart:
		drawSpread(c, d)
	case ValuesChart:
		drawValues(c, d)
	default:
		return fmt.Errorf("unknown chart %d", k)
	}
	return nil
}

// collector receives the raster renderer's image without PNG encoding.
type collector struct{ img *image.RGBA }

func (c *collector) SetRGBA(i *image.RGBA)       { c.img = i }
func (c *collector) Write(p []byte) (int, error) { return 0, errors.New("collector takes images only") }
