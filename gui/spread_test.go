package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"medianscope/compute"
	"medianscope/plot"
)

// newSpreadFixture is a window that computes the spread, as gui.Run's.
func newSpreadFixture(t *testing.T) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	q := &uiQueue{}
	ui := New(a, q.do, compute.Options{Workers: 2, Spread: true})
	ui.win.Resize(fyne.NewSize(1000, 700))
	ui.win.Show()
	f := &fixture{t: t, q: q, ui: ui}
	t.Cleanup(f.shutdown)
	return f
}

// TestSpreadTab opens the sample (40 lists) with the spread: the Spread
// tab draws a box per list with the min and max lists in their colours,
// orders them by median on request, shows the spread in the tooltip and
// the table, and a click on a box shows its list in the table.
func TestSpreadTab(t *testing.T) {
	f := newSpreadFixture(t)
	f.openAndWait(SampleSource())
	ui := f.ui
	sv := ui.spread
	selectSpreadTab(t, ui)
	v := sv.chart
	f.q.pumpUntil(t, "the spread chart", func() bool { return v.Image() != nil && v.layout != nil })
	if !sv.bar.Visible() {
		t.Error("no order choice for 40 lists")
	}
	th := chartTheme(ui.app)
	img := v.Image()
	if n := countPixels(img, th.Min); n < 100 {
		t.Errorf("%d pixels of the min colour", n)
	}
	if n := countPixels(img, th.Max); n < 100 {
		t.Errorf("%d pixels of the max colour", n)
	}

	// By median: the first box is the min's, the last the max's.
	sv.order.SetSelected("By median")
	f.q.pumpUntil(t, "the chart by median", func() bool {
		return v.drawn.data != nil && v.drawn.data.Order() == plot.MedianOrder && v.drawing.data == nil
	})
	s := v.Size()
	y := s.Height / 2
	first, last := -1, -1
	var tip string
	for x := float32(0); x < s.Width; x++ {
		if text, i := v.describe(fyne.NewPos(x, y)); i >= 0 {
			if first < 0 {
				first, tip = i, text
			}
			last = i
		}
	}
	if first != ui.result.MinIndex || last != ui.result.MaxIndex {
		t.Errorf("by median: first box %d, last %d; want the min %d and the max %d", first, last, ui.result.MinIndex, ui.result.MaxIndex)
	}
	if !strings.Contains(tip, " · q1 ") || !strings.Contains(tip, " · max ") {
		t.Errorf("tooltip without the spread: %q", tip)
	}

	// A click on a box opens its list's panel beside the chart and selects
	// it in the table, with its spread.
	for x := float32(0); x < s.Width; x++ {
		if _, i := v.describe(fyne.NewPos(x, y)); i == ui.result.MaxIndex {
			v.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x, y)})
			break
		}
	}
	if ui.tabs.Selected().Content != sv.view() || ui.table.selected != ui.result.MaxIndex || ui.drill.list != ui.result.MaxIndex {
		t.Fatalf("after a click on the max's box: tab %q, selection %d, panel on list %d", ui.tabs.Selected().Text, ui.table.selected, ui.drill.list)
	}
	mx, _ := ui.result.Max()
	for col, want := range map[int]float64{colQ1: mx.Q1, colQ3: mx.Q3, colMin: mx.MinValue, colMax: mx.MaxValue} {
		if got, _ := ui.table.cell(mx.Index, col); got != plot.FormatValue(want) {
			t.Errorf("table column %s of the max: %q, want %v", colNames[col], got, want)
		}
	}
}

// TestSpreadTabWithoutSpread: a window whose runs compute no quartiles
// shows the chart's note and no order choice, and its table leaves the
// spread columns empty.
func TestSpreadTabWithoutSpread(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	selectSpreadTab(t, f.ui)
	v := f.ui.spread.chart
	f.q.pumpUntil(t, "the spread chart", func() bool { return v.Image() != nil })
	if f.ui.spread.bar.Visible() {
		t.Error("an order choice without boxes")
	}
	if text, i := v.describe(fyne.NewPos(v.Size().Width/2, v.Size().Height/2)); i >= 0 {
		t.Errorf("a list under the mouse: %q", text)
	}
	if got, _ := f.ui.table.cell(0, colQ1); got != "" {
		t.Errorf("Q1 without a spread: %q", got)
	}
}

// selectSpreadTab shows the Spread tab (a chart is drawn once it has a
// size, that is once its tab is shown).
func selectSpreadTab(t *testing.T, ui *UI) {
	t.Helper()
	for _, it := range ui.tabs.Items {
		if it.Text == "Spread" {
			ui.tabs.Select(it)
		}
	}
	if ui.tabs.Selected().Content != ui.spread.view() {
		t.Fatal("no Spread tab")
	}
}
