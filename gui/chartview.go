package gui

import (
	"fmt"
	"image"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/internal/human"
	"medianscope/plot"
)

// ChartView shows a chart drawn by package plot at the widget's real pixel
// size (size × canvas scale, so it is crisp on HiDPI screens). Drawing
// happens off the UI goroutine, after a resize has paused, and follows the
// light or dark theme; while a new picture is drawn the old one is
// stretched to fit.
//
// Hovering shows what is under the mouse (a list, or a bin); a click on a
// list calls OnPick with its index.
type ChartView struct {
	widget.BaseWidget
	kind    plot.Kind
	bridge  *bridge
	theme   func() plot.Theme
	image   *canvas.Image
	empty   *widget.Label
	data    *plot.Data
	layout  *plot.Layout // of the image on screen
	resized *debouncer
	tip     *canvas.Text
	tipBox  *canvas.Rectangle
	OnPick  func(list int)

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
	v.tip = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	v.tip.TextSize = theme.CaptionTextSize()
	v.tipBox = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	v.tipBox.StrokeColor = theme.Color(theme.ColorNameShadow)
	v.tipBox.StrokeWidth = 1
	v.tipBox.CornerRadius = 4
	v.tip.Hide()
	v.tipBox.Hide()
	v.ExtendBaseWidget(v)
	return v
}

func (v *ChartView) CreateRenderer() fyne.WidgetRenderer {
	tips := container.NewWithoutLayout(v.tipBox, v.tip)
	return widget.NewSimpleRenderer(container.NewStack(v.image, container.NewCenter(v.empty), tips))
}

// toImage converts a position in the widget to a pixel of the image shown
// (which may be stretched while a new one is drawn).
func (v *ChartView) toImage(p fyne.Position) (float64, float64, bool) {
	img, s := v.image.Image, v.Size()
	if img == nil || v.layout == nil || s.Width <= 0 || s.Height <= 0 {
		return 0, 0, false
	}
	b := img.Bounds()
	return float64(p.X) * float64(b.Dx()) / float64(s.Width), float64(p.Y) * float64(b.Dy()) / float64(s.Height), true
}

// describe is the tooltip text for what is at p, "" for nothing.
func (v *ChartView) describe(p fyne.Position) (string, int) {
	x, y, ok := v.toImage(p)
	if !ok {
		return "", -1
	}
	if v.kind == plot.DistributionChart || v.kind == plot.ValuesChart {
		lo, hi, n, ok := v.layout.BinAt(x)
		if !ok {
			return "", -1
		}
		short := func(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }
		if v.kind == plot.ValuesChart {
			return fmt.Sprintf("%s in [%s, %s)", human.Count(n, "value"), short(lo), short(hi)), -1
		}
		return fmt.Sprintf("%s with a median in [%s, %s)", human.Count(n, "list"), short(lo), short(hi)), -1
	}
	i, ok := v.layout.ListAt(x, y)
	if !ok || i >= v.data.Len() { // the layout may be the previous data's until redrawn
		return "", -1
	}
	if l, ok := v.data.List(i); ok {
		spread := ""
		if v.kind == plot.SpreadChart && l.HasSpread() {
			spread = fmt.Sprintf(" · q1 %s · q3 %s · min %s · max %s", plot.FormatValue(l.Q1), plot.FormatValue(l.Q3),
				plot.FormatValue(l.MinValue), plot.FormatValue(l.MaxValue))
		}
		return fmt.Sprintf("%s · line %d · %s · median %s%s — click for its values",
			l.Name(), l.Line, human.Count(l.Count, "value"), fmtMedian(l), spread), i
	}
	return fmt.Sprintf("%s · median %s", v.data.Name(i), plot.FormatValue(v.data.Median(i))), i
}

// MouseIn shows the tooltip (desktop.Hoverable).
func (v *ChartView) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved moves the tooltip to what is under the mouse.
func (v *ChartView) MouseMoved(ev *desktop.MouseEvent) {
	text, _ := v.describe(ev.Position)
	if text == "" {
		v.MouseOut()
		return
	}
	v.tip.Text = text
	v.tip.Refresh()
	size := v.tip.MinSize()
	pad := float32(6)
	pos := ev.Position.Add(fyne.NewPos(14, 14))
	if pos.X+size.Width+2*pad > v.Size().Width {
		pos.X = max(0, ev.Position.X-size.Width-2*pad-8)
	}
	if pos.Y+size.Height+2*pad > v.Size().Height {
		pos.Y = max(0, ev.Position.Y-size.Height-2*pad-8)
	}
	v.tipBox.Move(pos)
	v.tipBox.Resize(size.AddWidthHeight(2*pad, 2*pad))
	v.tip.Move(pos.Add(fyne.NewPos(pad, pad)))
	v.tip.Resize(size)
	v.tipBox.Show()
	v.tip.Show()
}

// MouseOut hides the tooltip.
func (v *ChartView) MouseOut() {
	v.tip.Hide()
	v.tipBox.Hide()
}

// Tapped picks the list under the mouse (fyne.Tappable).
func (v *ChartView) Tapped(ev *fyne.PointEvent) {
	if _, i := v.describe(ev.Position); i >= 0 && v.OnPick != nil {
		v.OnPick(i)
	}
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
	type drawn struct {
		img    *image.RGBA
		layout *plot.Layout
	}
	background(v.bridge, func() drawn {
		img, layout, err := plot.Chart{Kind: v.kind, Size: key.size, Theme: th}.Image(key.data)
		if err != nil {
			return drawn{}
		}
		return drawn{img, layout}
	}, func(d drawn) {
		if v.drawing == key {
			v.drawing = drawKey{}
		}
		if d.img == nil || key.data != v.data {
			return // stale: newer data arrived while this was drawn
		}
		v.drawn = key
		v.layout = d.layout
		v.image.Image = d.img
		v.image.Refresh()
	})
}

// Image is the picture on screen (tests sample its pixels).
func (v *ChartView) Image() image.Image { return v.image.Image }
