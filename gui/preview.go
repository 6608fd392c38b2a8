package gui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
)

// previewStrip shows how the file is read, before and while it is
// computed: the first lines as parsed into cells (the header and a label
// column marked), what was detected, and warnings. The lines are plain
// monospaced text, a few text objects in all: the strip is on screen while
// the workers run, and every object in the window is repainted with each
// progress update.
type previewStrip struct {
	report  *compute.Report
	summary *widget.Label
	notes   *widget.Label
	bad     *widget.Label
	lines   []*canvas.Text
	item    *widget.AccordionItem
	acc     *widget.Accordion
	resized func()
}

const (
	previewRows  = 5  // lines shown
	previewWidth = 14 // runes of a cell shown, at most
)

func newPreviewStrip() *previewStrip {
	p := &previewStrip{}
	p.summary = widget.NewLabel("Open a file to see how it is read.")
	p.summary.Wrapping = fyne.TextWrapWord
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.Importance = widget.WarningImportance
	p.notes.Hide()
	p.bad = widget.NewLabel("")
	p.bad.Importance = widget.DangerImportance
	p.bad.Truncation = fyne.TextTruncateEllipsis
	p.bad.Hide()
	rows := container.NewVBox()
	for range previewRows {
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		t.TextStyle = fyne.TextStyle{Monospace: true}
		p.lines = append(p.lines, t)
		rows.Add(t)
	}
	body := container.NewVBox(p.summary, p.notes, container.NewHScroll(container.NewPadded(rows)), p.bad)
	p.item = widget.NewAccordionItem("First lines as parsed", body)
	p.acc = widget.NewAccordion(p.item)
	p.acc.Open(0)
	return p
}

func (p *previewStrip) view() fyne.CanvasObject { return p.acc }

// previewText lays the report's first records out in columns: the line
// number, then the cells, each cut to previewWidth runes and padded to its
// column's width. It also returns the cells that would not be numbers.
func previewText(r *compute.Report, rows int) (lines []string, bad []string) {
	recs := r.Preview[:min(rows, len(r.Preview))]
	var widths []int
	for _, rec := range recs {
		for i, c := range rec.Cells {
			for len(widths) <= i {
				widths = append(widths, 1)
			}
			widths[i] = max(widths[i], min(utf8.RuneCountInString(c), previewWidth))
		}
	}
	mark := r.Decimal.Mark()
	for _, rec := range recs {
		var b strings.Builder
		fmt.Fprintf(&b, "%5d │ ", rec.Line)
		for i, c := range rec.Cells {
			c = cut(c, previewWidth)
			b.WriteString(c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)) + " │ ")
			if dataCell(r, rec.Line, i) {
				if _, ok := compute.ParseDecimal([]byte(rec.Cells[i]), mark); !ok && !compute.IsMissing([]byte(rec.Cells[i])) {
					bad = append(bad, fmt.Sprintf("%d:%d %q", rec.Line, i+1, c))
				}
			}
		}
		if rec.More > 0 {
			fmt.Fprintf(&b, "… +%s cells", human.Int(int64(rec.More)))
		}
		lines = append(lines, b.String())
	}
	return lines, bad
}

// dataCell reports whether cell i of the record on line is read as a
// number (not the header, a label or an unread column).
func dataCell(r *compute.Report, line, i int) bool {
	switch {
	case r.Header && line == r.HeaderLine:
		return false
	case r.Shape == compute.ShapeLong:
		return i+1 == r.Value
	case i == 0 && r.Labels:
		return false
	}
	return true
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
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
		notes = append(notes, r.SuggestReason+" Choose “Lists are: "+shapeChoices[r.Suggested]+"”.")
	}
	if len(notes) > 0 {
		p.notes.SetText("⚠ " + strings.Join(notes, "\n⚠ "))
		p.notes.Show()
	} else {
		p.notes.Hide()
	}
	lines, bad := previewText(r, previewRows)
	for i, t := range p.lines {
		t.Text = ""
		if i < len(lines) {
			t.Text = lines[i]
		}
		// The header in the primary colour (themes have no bold monospace).
		t.Color = theme.Color(theme.ColorNameForeground)
		if r.Header && i < len(r.Preview) && r.Preview[i].Line == r.HeaderLine {
			t.Color = theme.Color(theme.ColorNamePrimary)
		}
		t.Refresh()
	}
	if len(bad) > 0 {
		p.bad.SetText("Would not be numbers: " + strings.Join(bad[:min(len(bad), 6)], ", "))
		p.bad.Show()
	} else {
		p.bad.Hide()
	}
	p.acc.Refresh()
}

// expand opens or closes the strip: it is open while a file is read, and
// stays open after when the sniffer has something to say. The window is
// laid out again only when the strip's height changes (resized may refresh
// every widget in it: tens of ms at 10M lists under Xvfb).
func (p *previewStrip) expand(open bool) {
	open = open || (p.report != nil && (len(p.report.Notes) > 0 || p.report.Suggested != compute.ShapeAuto))
	if open == p.item.Open {
		return
	}
	if open {
		p.acc.Open(0)
	} else {
		p.acc.Close(0)
	}
	if p.resized != nil {
		p.resized() // the strip's height changed: lay out what holds it
	}
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
		fmt.Fprintf(&b, "A long table: one list per value of column %d, of the numbers in column %d", r.Group, r.Value)
	default:
		b.WriteString("Each row is a list")
	}
	if r.Header {
		fmt.Fprintf(&b, "; line %d is the header (in colour)", r.HeaderLine)
	}
	if r.Labels && r.Shape != compute.ShapeLong {
		b.WriteString("; the first cell is a label")
	}
	b.WriteString(". The first lines as parsed, cell by cell:")
	return b.String()
}
