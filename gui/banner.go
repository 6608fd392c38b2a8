package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
)

// skippedBanner says, after a lenient run, how many cells were not numbers
// and were skipped, shows the first few with their place, and offers the
// whole list (the first compute.MaxBadCells) and a strict run.
type skippedBanner struct {
	text    *widget.Label
	all     *widget.Button
	strict  *widget.Button
	box     fyne.CanvasObject
	res     *compute.Result
	name    string
	showAll func(title, text string)
}

func newSkippedBanner(strict func(), showAll func(title, text string)) *skippedBanner {
	b := &skippedBanner{showAll: showAll}
	b.text = widget.NewLabel("")
	b.text.Wrapping = fyne.TextWrapWord
	b.text.Importance = widget.WarningImportance
	b.all = widget.NewButton("Show all", func() { b.showAll(b.allText()) })
	b.strict = widget.NewButtonWithIcon("Compute strictly", theme.ErrorIcon(), strict)
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewHBox(b.all, b.strict), b.text)
	b.box.Hide()
	return b
}

func (b *skippedBanner) view() fyne.CanvasObject { return b.box }

// set shows the banner for res (of the file name), or hides it when no
// cell was skipped.
func (b *skippedBanner) set(name string, res *compute.Result) {
	b.res, b.name = res, name
	if res == nil || res.Invalid == 0 {
		b.box.Hide()
		return
	}
	var first []string
	for _, c := range res.BadCells[:min(3, len(res.BadCells))] {
		first = append(first, b.describe(c))
	}
	lists := map[int]bool{}
	for _, c := range res.BadCells {
		lists[c.List] = true
	}
	in := ""
	if int64(len(res.BadCells)) == res.Invalid {
		in = " in " + human.Count(len(lists), "list")
	}
	b.text.SetText(fmt.Sprintf("%s%s%s %s and %s skipped: %s%s",
		human.Int(res.Invalid), plural(res.Invalid, " cell", " cells"), in,
		plural(res.Invalid, "is not a number", "are not numbers"), wereWas(res.Invalid), strings.Join(first, "; "), more(res.Invalid, len(first))))
	b.box.Show()
}

func (b *skippedBanner) describe(c compute.BadCell) string {
	s := fmt.Sprintf("%s:%d:%d %q", b.name, c.Line, c.Field, c.Text)
	if c.List >= 0 && c.List < b.res.Stats.Len() {
		s += " (list " + b.res.Stats.At(c.List).Name() + ")"
	}
	return s
}

// allText is the "Show all" dialog: every kept cell, one per line.
func (b *skippedBanner) allText() (string, string) {
	var s strings.Builder
	for _, c := range b.res.BadCells {
		s.WriteString(b.describe(c) + "\n")
	}
	if int64(len(b.res.BadCells)) < b.res.Invalid {
		fmt.Fprintf(&s, "… and %s more (the first %d are kept).\n", human.Int(b.res.Invalid-int64(len(b.res.BadCells))), compute.MaxBadCells)
	}
	return fmt.Sprintf("Cells skipped in %s (%s)", b.name, human.Int(b.res.Invalid)), s.String()
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func wereWas(n int64) string { return plural(n, "was", "were") }

func more(total int64, shown int) string {
	if total > int64(shown) {
		return " …"
	}
	return ""
}

// showText shows a long text in a scrollable dialog.
func (ui *UI) showText(title, text string) {
	grid := widget.NewTextGridFromString(text)
	scroll := container.NewScroll(grid)
	d := dialog.NewCustom(title, "Close", scroll, ui.win)
	d.Resize(dialogSize(ui.win))
	ui.showDialog(d)
}
