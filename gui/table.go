package gui

import (
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

// Table columns.
const (
	colIndex = iota
	colLine
	colLabel
	colCount
	colMedian
	colQ1 // the list's spread (R type 7 quartiles, smallest and largest value)
	colQ3
	colMin
	colMax
	colMissing
	colInvalid
	numCols
)

var colNames = [numCols]string{"Index", "Line", "Label", "Count", "Median", "Q1", "Q3", "Min", "Max", "Missing", "Invalid"}

// resultTable lists every list of the result in a virtual table (only the
// rows on screen exist, so ten million rows cost what ten do), sortable by
// any column with a click on its header, with buttons to jump to the min
// and the max.
type resultTable struct {
	bridge   *bridge
	status   func(string)
	table    *rowTable
	toMin    *widget.Button
	toMax    *widget.Button
	caption  *widget.Label
	res      *compute.Result
	order    []int32 // row -> list index; nil means file order
	sortCol  int     // -1: file order
	desc     bool
	sortGen  int
	selected int // list index selected, -1 none
	// onPick is told of a list the user selects (a click on its row, Go
	// to min or max): the window opens its drill-down panel.
	onPick func(list int)
}

func newResultTable(b *bridge, status func(string)) *resultTable {
	t := &resultTable{bridge: b, status: status, sortCol: -1, selected: -1}
	t.table = newRowTable(colNames[:], []float32{90, 80, 200, 70, 170, 100, 100, 100, 100, 75, 70}, t.cell, t.sortBy)
	wheel := b.debounce(wheelEvery, t.table.wheelDone)
	t.table.scrolled = wheel.trigger
	t.table.onSelect = func(row int) {
		if t.res != nil {
			t.selected = t.listAt(row)
			t.picked(t.selected)
		}
	}
	t.toMin = widget.NewButtonWithIcon("Go to min", theme.MoveDownIcon(), func() { t.goTo(t.res.MinIndex); t.picked(t.res.MinIndex) })
	t.toMax = widget.NewButtonWithIcon("Go to max", theme.MoveUpIcon(), func() { t.goTo(t.res.MaxIndex); t.picked(t.res.MaxIndex) })
	t.toMin.Disable()
	t.toMax.Disable()
	t.caption = widget.NewLabel("Click a column header to sort.")
	t.caption.Importance = widget.LowImportance
	return t
}

func (t *resultTable) view() fyne.CanvasObject {
	bar := container.NewHBox(t.toMin, t.toMax, t.caption)
	return container.NewBorder(bar, nil, nil, nil, t.table)
}

func (t *resultTable) size() (int, int) {
	if t.res == nil {
		return 0, numCols
	}
	return t.res.Stats.Len(), numCols
}

func (t *resultTable) listAt(row int) int {
	if t.order != nil {
		return int(t.order[row])
	}
	return row
}

// cell is the text of a cell and how to draw it.
func (t *resultTable) cell(row, col int) (string, cellLook) {
	if t.res == nil || row >= t.res.Stats.Len() {
		return "", cellLook{}
	}
	ls := t.res.Stats.At(t.listAt(row))
	var look cellLook
	var s string
	switch col {
	case colIndex:
		s = strconv.Itoa(ls.Index)
	case colLine:
		s = strconv.Itoa(ls.Line)
	case colLabel:
		s = ls.Label
	case colCount:
		s = strconv.Itoa(ls.Count)
	case colMissing:
		s = strconv.Itoa(ls.Missing)
	case colInvalid:
		s = strconv.Itoa(ls.Invalid)
		if ls.Invalid > 0 {
			look.color = theme.ColorNameWarning
		}
	case colQ1, colQ3, colMin, colMax:
		if ls.HasSpread() {
			s = plot.FormatValue(spreadKey(ls, col))
		}
	case colMedian:
		s = fmtMedian(ls)
		switch ls.Index {
		case t.res.MinIndex:
			s += "  (min)"
			look = cellLook{bold: true, color: theme.ColorNamePrimary}
		case t.res.MaxIndex:
			s += "  (max)"
			look = cellLook{bold: true, color: theme.ColorNameWarning}
		}
	}
	return s, look
}

// showHeader marks the sorted column in its header.
func (t *resultTable) showHeader() {
	for c, b := range t.table.header {
		b.Icon = nil
		if c == t.sortCol {
			b.Icon = theme.MenuDropUpIcon()
			if t.desc {
				b.Icon = theme.MenuDropDownIcon()
			}
		}
		b.Refresh()
	}
}

// setResult shows res in file order.
func (t *resultTable) setResult(res *compute.Result) {
	t.res = res
	t.order = nil
	t.sortCol, t.desc = -1, false
	t.sortGen++
	t.selected = -1
	t.toMin.Enable()
	t.toMax.Enable()
	if res.MinIndex < 0 {
		t.toMin.Disable()
		t.toMax.Disable()
	}
	t.caption.SetText(fmt.Sprintf("%s rows in file order. Click a column header to sort.", human.Int(int64(res.Stats.Len()))))
	t.showHeader()
	// No spread in this run (past Options.SpreadLimit): no empty columns.
	hidden := make([]bool, numCols)
	for _, c := range []int{colQ1, colQ3, colMin, colMax} {
		hidden[c] = !res.Stats.HasSpread()
	}
	t.table.setHidden(hidden)
	t.table.setRows(res.Stats.Len())
}

// sortBy sorts by col (a second click reverses). Sorting millions of rows
// takes a moment, so it runs off the UI goroutine.
func (t *resultTable) sortBy(col int) {
	if t.res == nil {
		return
	}
	desc := false
	if col == t.sortCol {
		desc = !t.desc
	}
	t.sortGen++
	gen, res := t.sortGen, t.res
	t.caption.SetText("Sorting…")
	background(t.bridge, func() []int32 { return sortOrder(res.Stats, col, desc) }, func(order []int32) {
		if gen != t.sortGen {
			return
		}
		t.order, t.sortCol, t.desc = order, col, desc
		t.bridge.releaseMemory() // the previous order's
		dir := "ascending"
		if desc {
			dir = "descending"
		}
		t.caption.SetText(fmt.Sprintf("%s rows by %s, %s.", human.Int(int64(res.Stats.Len())), colNames[col], dir))
		t.showHeader()
		t.table.selected = -1
		t.table.Refresh()
		if t.selected >= 0 {
			t.goTo(t.selected)
		}
	})
}

// spreadKey is the value of a spread column of list l.
func spreadKey(l compute.ListStat, col int) float64 {
	switch col {
	case colQ1:
		return l.Q1
	case colQ3:
		return l.Q3
	case colMin:
		return l.MinValue
	}
	return l.MaxValue
}

// picked tells onPick of list i, selected by the user.
func (t *resultTable) picked(i int) {
	if t.onPick != nil && i >= 0 {
		t.onPick(i)
	}
}

// goTo scrolls to and selects the row of list index i.
func (t *resultTable) goTo(i int) {
	if t.res == nil || i < 0 {
		return
	}
	row := i
	if t.order != nil {
		row = slices.Index(t.order, int32(i))
	}
	t.table.show(row)
	t.selected = i
}
