package gui

import (
	"fmt"
	"strconv"
	"strings"

	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
)

// previewStrip shows how the file is read, before and while it is
// computed: the first lines as parsed into cells (the header and a label
// column marked), what was detected, and the dialect settings, each with
// an override.
type previewStrip struct {
	report  *compute.Report
	summary *widget.Label
	notes   *widget.Label
	table   *widget.Table
	item    *widget.AccordionItem
	acc     *widget.Accordion
	resized func()
}

const previewRows = 4

func newPreviewStrip() *previewStrip {
	p := &previewStrip{}
	p.summary = widget.NewLabel("Open a file to see how it is read.")
	p.summary.Wrapping = fyne.TextWrapWord
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.Importance = widget.WarningImportance
	p.notes.Hide()
	p.table = widget.NewTableWithHeaders(p.size, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, p.update)
	p.table.ShowHeaderRow = false
	p.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("00000") }
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.TextStyle = fyne.TextStyle{Italic: true}
		if p.report != nil && id.Row >= 0 && id.Row < len(p.report.Preview) {
			l.SetText(strconv.Itoa(p.report.Preview[id.Row].Line))
		} else {
			l.SetText("")
		}
	}
	p.table.SetColumnWidth(0, 110)
	for c := 1; c < compute.PreviewCells; c++ {
		p.table.SetColumnWidth(c, 86)
	}
	rowH := widget.NewLabel("0").MinSize().Height
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(100, rowH*previewRows))
	grid := container.NewStack(room, p.table)
	body := container.NewVBox(p.summary, p.notes, grid)
	p.item = widget.NewAccordionItem("First lines as parsed", body)
	p.acc = widget.NewAccordion(p.item)
	p.acc.Open(0)
	return p
}

func (p *previewStrip) view() fyne.CanvasObject { return p.acc }

func (p *previewStrip) size() (int, int) {
	if p.report == nil {
		return 0, 0
	}
	cols := 0
	for _, r := range p.report.Preview {
		cols = max(cols, len(r.Cells))
	}
	return len(p.report.Preview), cols
}

func (p *previewStrip) update(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.TextStyle = fyne.TextStyle{}
	l.Importance = widget.MediumImportance
	r := p.report
	if r == nil || id.Row >= len(r.Preview) || id.Col >= len(r.Preview[id.Row].Cells) {
		l.SetText("")
		return
	}
	rec := r.Preview[id.Row]
	text := rec.Cells[id.Col]
	if id.Col == len(rec.Cells)-1 && rec.More > 0 {
		text += fmt.Sprintf(" … +%s cells", human.Int(int64(rec.More)))
	}
	switch {
	case r.Header && rec.Line == r.HeaderLine:
		l.TextStyle.Bold = true // the header: names, not data
	case r.Shape == compute.ShapeLong && id.Col+1 == r.Group:
		l.TextStyle.Italic = true
	case r.Shape == compute.ShapeLong && id.Col+1 != r.Value:
		l.Importance = widget.LowImportance // not read
	case id.Col == 0 && r.Labels && r.Shape != compute.ShapeLong:
		l.TextStyle.Italic = true // a label
	}
	if _, ok := compute.ParseDecimal([]byte(text), r.Decimal.Mark()); !ok && !l.TextStyle.Bold && !l.TextStyle.Italic &&
		!compute.IsMissing([]byte(text)) && l.Importance == widget.MediumImportance {
		l.Importance = widget.DangerImportance // would be an invalid cell
	}
	l.SetText(text)
}

// set shows a run's report.
func (p *previewStrip) set(r *compute.Report) {
	if r == p.report {
		return
	}
	p.report = r
	p.item.Title = "First lines as parsed — " + r.String()
	p.summary.SetText(previewSummary(r))
	var notes []string
	notes = append(notes, r.Notes...)
	if r.Suggested != compute.ShapeAuto {
		notes = append(notes, r.SuggestReason+" Choose “Lists are: "+shapeName(r.Suggested)+"”.")
	}
	if len(notes) > 0 {
		p.notes.SetText("⚠ " + strings.Join(notes, "\n⚠ "))
		p.notes.Show()
	} else {
		p.notes.Hide()
	}
	p.acc.Refresh()
	p.table.Refresh()
	p.table.ScrollToTop()
}

// expand opens or closes the strip: it is open while a file is read, and
// stays open after when the sniffer has something to say.
func (p *previewStrip) expand(open bool) {
	if open || (p.report != nil && (len(p.report.Notes) > 0 || p.report.Suggested != compute.ShapeAuto)) {
		p.acc.Open(0)
	} else {
		p.acc.Close(0)
	}
	if p.resized != nil {
		p.resized() // the strip's height changed: lay out what holds it
	}
}

func shapeName(s compute.Shape) string {
	switch s {
	case compute.ShapeColumns:
		return "Columns"
	case compute.ShapeLong:
		return "Groups"
	}
	return "Rows"
}

// previewSummary says in words what the preview shows.
func previewSummary(r *compute.Report) string {
	var b strings.Builder
	switch r.Shape {
	case compute.ShapeColumns:
		b.WriteString("Each column is a list")
		if r.ShapeDetected {
			b.WriteString(" (every line holds one cell: one list)")
		}
	case compute.ShapeLong:
		fmt.Fprintf(&b, "A long table: one list per value of column %d (italic), of the numbers in column %d", r.Group, r.Value)
	default:
		b.WriteString("Each row is a list")
	}
	if r.Header {
		fmt.Fprintf(&b, "; line %d is the header (bold)", r.HeaderLine)
	}
	if r.Labels && r.Shape != compute.ShapeLong {
		b.WriteString("; the first cell is a label (italic)")
	}
	b.WriteString(". Cells in red would not be numbers. First lines as parsed:")
	return b.String()
}
