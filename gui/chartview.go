package gui

import (
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"medianscope/plot"
)

// ChartView shows a chart drawn by package plot at the widget's real pixel
// size (size × canvas scale, so it is crisp on HiDPI screens). Drawing
// happens off the UI goroutine, after a resize has paused, and follows the
// light or dark theme; while a new picture is drawn the old one is
// stretched to fit.
type ChartView struct {
	widget.BaseWidget
	kind    plot.Kind
	bridge  *bridge
	theme   func() plot.Theme
	image   *canvas.Image
	empty   *widget.Label
	data    *plot.Data
	resized *debouncer

	drawn   drawKey // what image shows
	drawing drawKey // what is being drawn, if anything
}

type drawKey struct {
	data  *plot.Data
	size  plot.Size
	theme string
}

func newChartView(kind plot.Kind, b *bridge, th func() plot.Theme) *ChartView {
	v := &ChartView{kind: kind, bridge: b, theme: th}
	v.image = canvas.NewImageFromImage(nil)
	v.image.FillMode = canvas.ImageFillStretch
	v.image.ScaleMode = canvas.ImageScaleSmooth
	v.empty = widget.NewLabel("No data yet: open a CSV file (File ▸ Open, Ctrl+O, or drop one here).")
	v.empty.Alignment = fyne.TextAlignCenter
	v.resized = b.debounce(120*time.Millisecond, v.draw)
	v.ExtendBaseWidget(v)
	return v
}

func (v *ChartView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(v.image, container.NewCenter(v.empty)))
}

func (v *ChartView) MinSize() fyne.Size { return fyne.NewSize(320, 200) }

// Resize redraws once the size has settled.
func (v *ChartView) Resize(s fyne.Size) {
	if s == v.Size() {
		return
	}
	v.BaseWidget.Resize(s)
	v.resized.trigger()
}

// Refresh redraws, e.g. after a theme change.
func (v *ChartView) Refresh() {
	v.draw()
	v.BaseWidget.Refresh()
}

// SetData shows d (nil clears the chart).
func (v *ChartView) SetData(d *plot.Data) {
	v.data = d
	v.draw()
}

// pixelSize is the size in device pixels, with the canvas scale.
func (v *ChartView) pixelSize() plot.Size {
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	s := v.Size()
	return plot.Size{W: int(s.Width * scale), H: int(s.Height * scale), Scale: float64(scale)}
}

func (v *ChartView) draw() {
	if v.data == nil {
		v.empty.Show()
		return
	}
	v.empty.Hide()
	key := drawKey{data: v.data, size: v.pixelSize(), theme: v.theme().Name}
	if key.size.W < 50 || key.size.H < 50 || key == v.drawn || key == v.drawing {
		return
	}
	v.drawing = key
	th := v.theme()
	background(v.bridge, func() *image.RGBA {
		img, err := plot.Image(v.kind, key.data, key.size, th)
		if err != nil {
			return nil
		}
		return img
	}, func(img *image.RGBA) {
		if v.drawing == key {
			v.drawing = drawKey{}
		}
		if img == nil || key.data != v.data {
			return // stale: newer data arrived while this was drawn
		}
		v.drawn = key
		v.image.Image = img
		v.image.Refresh()
	})
}

// Image is the picture on screen (tests sample its pixels).
func (v *ChartView) Image() image.Image { return v.image.Image }
