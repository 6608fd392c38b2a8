package gui

import (
	"image/color"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rowTable is a table over any number of rows that only ever holds the
// rows on screen: fixed row height, an integer index of the first row
// shown, and a scroll bar mapped onto rows. Fyne's widget.Table walks all
// its rows in places and places them at float32 offsets, which hangs the
// UI goroutine for a minute at ten million rows; this costs the same at
// ten rows and at ten million.
type rowTable struct {
	widget.BaseWidget
	widths   []float32 // of the columns at full size
	hidden   []bool    // columns not shown (and given no width)
	relayout bool      // the columns changed: the next Refresh lays them out
	shownW   []float32 // as laid out: narrowed in proportion when the table is narrower
	header   []*widget.Button
	bar      *widget.Slider
	cell     func(row, col int) (string, cellLook)
	onSelect func(row int)

	rows     int
	first    int // the first row shown
	selected int // -1 for none
	shown    int // rows that fit
	wheel    float32

	texts [][]*canvas.Text // rows on screen × columns
	mark  *canvas.Rectangle
	quiet bool // set while the table moves its own scroll bar

	// scrolled, when set, redraws the rows some time after a wheel step
	// (a throttle: wheel steps in between only move first); nil redraws
	// at once. wheelPending: a redraw is coming.
	scrolled     func()
	wheelPending bool
}

// wheelEvery is the least time between two redraws of the rows while the
// wheel turns. Why: a redraw of a screenful of cells is a frame of
// 30-40 ms under a software GL renderer (Xvfb), and a wheel turned fast
// sends a step every 15 ms: redrawn at each, the frames ran back to back
// and the UI goroutine's other work (the heartbeat) waited over 100 ms
// behind them. At most one redraw per wheelEvery leaves it room; on a
// GPU desktop it is still 25 frames a second of scrolling.
const wheelEvery = 40 * time.Millisecond

// cellLook is how a cell is drawn.
type cellLook struct {
	bold  bool
	color fyne.ThemeColorName // "" for the foreground
}

func newRowTable(names []string, widths []float32, cell func(row, col int) (string, cellLook), sort func(col int)) *rowTable {
	t := &rowTable{widths: widths, hidden: make([]bool, len(widths)), shownW: slices.Clone(widths), cell: cell, selected: -1}
	for c, n := range names {
		col := c
		b := widget.NewButton(n, func() { sort(col) })
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		t.header = append(t.header, b)
	}
	t.bar = widget.NewSlider(0, 1)
	t.bar.Orientation = widget.Vertical
	t.bar.OnChanged = func(v float64) {
		if !t.quiet {
			t.scrollTo(int(math.Round(t.bar.Max - v)))
		}
	}
	t.mark = canvas.NewRectangle(color.Transparent)
	t.ExtendBaseWidget(t)
	return t
}

func (t *rowTable) rowHeight() float32 {
	return theme.TextSize() + 2*theme.InnerPadding()
}

// setRows shows n rows from the top, none selected.
func (t *rowTable) setRows(n int) {
	t.rows, t.first, t.selected = n, 0, -1
	t.Refresh()
}

// scrollTo makes first the first row shown (clamped).
func (t *rowTable) scrollTo(first int) {
	if t.moveTo(first) {
		t.Refresh()
	}
}

// moveTo makes first (clamped) the first row, to be drawn by a Refresh,
// and reports whether it moved.
func (t *rowTable) moveTo(first int) bool {
	first = max(0, min(first, t.rows-t.shown))
	moved := first != t.first
	t.first = first
	return moved
}

// show scrolls so that row is on screen (in the middle when it was not)
// and selects it.
func (t *rowTable) show(row int) {
	if row < 0 || row >= t.rows {
		return
	}
	if row < t.first || row >= t.first+t.shown {
		t.first = max(0, min(row-t.shown/2, t.rows-t.shown))
	}
	t.selected = row
	t.Refresh()
}

// Scrolled moves by whole rows (fyne.Scrollable), redrawn at most once
// per wheelEvery when scrolled is set.
func (t *rowTable) Scrolled(ev *fyne.ScrollEvent) {
	t.wheel -= ev.Scrolled.DY
	rows := int(t.wheel / t.rowHeight())
	if rows == 0 {
		return
	}
	t.wheel -= float32(rows) * t.rowHeight()
	if t.scrolled == nil {
		t.scrollTo(t.first + rows)
		return
	}
	if t.moveTo(t.first+rows) && !t.wheelPending {
		t.wheelPending = true
		t.scrolled()
	}
}

// wheelDone redraws the rows a throttled wheel moved (scrolled's call).
func (t *rowTable) wheelDone() {
	if t.wheelPending {
		t.wheelPending = false
		t.Refresh()
	}
}

// Tapped selects the row under the pointer (fyne.Tappable).
func (t *rowTable) Tapped(ev *fyne.PointEvent) {
	hh := t.headerHeight()
	if ev.Position.Y < hh {
		return
	}
	row := t.first + int((ev.Position.Y-hh)/t.rowHeight())
	if row < t.rows {
		t.selected = row
		t.Refresh()
		if t.onSelect != nil {
			t.onSelect(row)
		}
	}
}

func (t *rowTable) headerHeight() float32 { return t.header[0].MinSize().Height }

// MinSize is a few rows of the columns at half their width: a narrower
// window narrows the columns (their texts get an ellipsis) rather than
// cutting off the last ones.
func (t *rowTable) MinSize() fyne.Size {
	return fyne.NewSize(t.fullWidth()/2+t.bar.MinSize().Width, t.headerHeight()+3*t.rowHeight())
}

func (t *rowTable) fullWidth() float32 {
	w := float32(0)
	for c, cw := range t.widths {
		if !t.hidden[c] {
			w += cw
		}
	}
	return w
}

// setHidden hides the columns marked (a result without them: their room
// goes to the others, which a narrow window cut short).
func (t *rowTable) setHidden(hidden []bool) {
	if slices.Equal(hidden, t.hidden) {
		return
	}
	copy(t.hidden, hidden)
	for c, b := range t.header {
		b.Hidden = hidden[c]
	}
	t.relayout = true
	t.Refresh()
}

// fitColumns narrows the columns in proportion to fit width, or gives
// them their full width when it fits; hidden ones get none.
func (t *rowTable) fitColumns(width float32) {
	k := min(1, max(width, 1)/max(t.fullWidth(), 1))
	for c, cw := range t.widths {
		t.shownW[c] = float32(math.Floor(float64(cw * k)))
		if t.hidden[c] {
			t.shownW[c] = 0
		}
	}
}

func (t *rowTable) CreateRenderer() fyne.WidgetRenderer { return &rowRenderer{t: t} }

type rowRenderer struct {
	t    *rowTable
	objs []fyne.CanvasObject
}

func (r *rowRenderer) MinSize() fyne.Size { return r.t.MinSize() }

// Layout fits as many rows as the height allows, and makes their texts.
func (r *rowRenderer) Layout(size fyne.Size) {
	t := r.t
	hh := t.headerHeight()
	shown := max(1, int((size.Height-hh)/t.rowHeight()))
	if shown != len(t.texts) {
		t.texts = t.texts[:0]
		for range shown {
			row := make([]*canvas.Text, len(t.widths))
			for c := range row {
				row[c] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
			}
			t.texts = append(t.texts, row)
		}
		r.objs = nil
	}
	t.shown = shown
	bw := t.bar.MinSize().Width
	t.fitColumns(size.Width - bw)
	x := float32(0)
	for c, b := range t.header {
		b.Move(fyne.NewPos(x, 0))
		b.Resize(fyne.NewSize(t.shownW[c], hh))
		x += t.shownW[c]
	}
	t.bar.Move(fyne.NewPos(size.Width-bw, hh))
	t.bar.Resize(fyne.NewSize(bw, size.Height-hh))
	pad := theme.InnerPadding()
	for i, row := range t.texts {
		x := float32(0)
		for c, tx := range row {
			tx.Move(fyne.NewPos(x+pad, hh+float32(i)*t.rowHeight()+pad))
			tx.Resize(fyne.NewSize(t.shownW[c]-2*pad, theme.TextSize()))
			x += t.shownW[c]
		}
	}
	r.fill(size)
}

// fill puts the rows' texts in place for the first row shown.
func (r *rowRenderer) fill(size fyne.Size) {
	t := r.t
	t.first = max(0, min(t.first, t.rows-t.shown))
	hh := t.headerHeight()
	t.mark.Hide()
	for i, row := range t.texts {
		n := t.first + i
		for c, tx := range row {
			text, look := "", cellLook{}
			if n < t.rows && !t.hidden[c] { // a hidden column's text is not made
				text, look = t.cell(n, c)
			}
			tx.Text = fitText(text, t.shownW[c]-2*theme.InnerPadding(), tx.TextSize)
			tx.TextStyle = fyne.TextStyle{Bold: look.bold}
			name := look.color
			if name == "" {
				name = theme.ColorNameForeground
			}
			tx.Color = theme.Color(name)
			tx.Refresh()
		}
		if n == t.selected {
			t.mark.FillColor = theme.Color(theme.ColorNameSelection)
			t.mark.Move(fyne.NewPos(0, hh+float32(i)*t.rowHeight()))
			t.mark.Resize(fyne.NewSize(size.Width-t.bar.MinSize().Width, t.rowHeight()))
			t.mark.Show()
		}
	}
	t.quiet = true
	t.bar.Max = float64(max(1, t.rows-t.shown))
	t.bar.Value = t.bar.Max - float64(t.first)
	t.bar.Step = 1
	t.bar.Refresh()
	t.quiet = false
}

// fitText cuts s so that it fits width at text size sz, with an ellipsis.
func fitText(s string, width, sz float32) string {
	if s == "" {
		return ""
	}
	if float32(len(s))*sz*0.62 <= width || fyne.MeasureText(s, sz, fyne.TextStyle{}).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && fyne.MeasureText(string(r)+"…", sz, fyne.TextStyle{}).Width > width {
		r = r[:len(r)*3/4]
	}
	return string(r) + "…"
}

func (r *rowRenderer) Refresh() {
	if r.t.relayout {
		r.t.relayout = false
		r.Layout(r.t.Size()) // fills too
	} else {
		r.fill(r.t.Size())
	}
	for _, b := range r.t.header {
		b.Refresh()
	}
	canvas.Refresh(r.t)
}

func (r *rowRenderer) Objects() []fyne.CanvasObject {
	if r.objs == nil {
		t := r.t
		r.objs = append(r.objs, t.mark)
		for _, b := range t.header {
			r.objs = append(r.objs, b)
		}
		for _, row := range t.texts {
			for _, tx := range row {
				r.objs = append(r.objs, tx)
			}
		}
		r.objs = append(r.objs, t.bar)
	}
	return r.objs
}

func (r *rowRenderer) Destroy() {}
