package gui

import (
	"fmt"
	"runtime"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
)

// settingsBar holds the engine settings; a change re-runs the current
// file. Every dialect setting offers "Auto", which shows what the sniffer
// detected once a run has looked at the file, so that a wrong guess costs
// one click.
type settingsBar struct {
	opts      compute.Options
	onChange  func(compute.Options)
	workers   *widget.Select
	shape     *choice
	delimiter *choice
	decimal   *choice
	header    *choice
	label     *choice
	encoding  *choice
	group     *widget.Select
	value     *widget.Select
	skip      *widget.Check
	quiet     bool // set while the bar itself changes a widget
}

// choice is a Select over a setting's values whose first entry is "Auto",
// captioned with what was detected.
type choice struct {
	sel    *widget.Select
	names  []string // the values' names; names[0] is auto
	detail string   // what auto detected, "" before a run
}

func newChoice(names []string, on func(i int)) *choice {
	c := &choice{names: names}
	c.sel = widget.NewSelect(c.options(), func(string) { on(c.sel.SelectedIndex()) })
	return c
}

func (c *choice) options() []string {
	opts := append([]string(nil), c.names...)
	opts[0] = "Auto"
	if c.detail != "" {
		opts[0] = "Auto: " + c.detail
	}
	return opts
}

// detected captions Auto with what the sniffer found.
func (c *choice) detected(detail string) {
	if detail == c.detail {
		return
	}
	i := max(c.sel.SelectedIndex(), 0)
	c.detail = detail
	c.sel.Options = c.options()
	c.sel.SetSelectedIndex(i)
}

// shapeChoices name the shapes, by compute.Shape.
var shapeChoices = []string{"auto", "Rows", "Columns", "Groups"}

var delimiterChoices = []struct {
	name string
	b    byte
}{{"auto", 0}, {"Comma ,", ','}, {"Semicolon ;", ';'}, {"Tab", '\t'}, {"Pipe |", '|'}}

func newSettingsBar(opts compute.Options, onChange func(compute.Options)) *settingsBar {
	s := &settingsBar{opts: opts, onChange: onChange}
	var workers []string
	for i := 1; i <= runtime.NumCPU(); i++ {
		workers = append(workers, strconv.Itoa(i))
	}
	s.workers = widget.NewSelect(workers, func(v string) {
		n, _ := strconv.Atoi(v)
		s.opts.Workers = n
		s.changed()
	})
	var delims []string
	for _, d := range delimiterChoices {
		delims = append(delims, d.name)
	}
	s.delimiter = newChoice(delims, func(i int) {
		s.opts.Dialect.Delimiter = delimiterChoices[max(i, 0)].b
		s.changed()
	})
	s.decimal = newChoice([]string{"auto", "Point", "Comma"}, func(i int) {
		s.opts.Dialect.Decimal = compute.Decimal(max(i, 0))
		s.changed()
	})
	s.header = newChoice([]string{"auto", "Yes", "No"}, func(i int) {
		s.opts.Dialect.Header = compute.HeaderMode(max(i, 0))
		s.changed()
	})
	s.label = newChoice([]string{"auto", "First cell", "None"}, func(i int) {
		s.opts.Dialect.Label = compute.LabelMode(max(i, 0))
		s.changed()
	})
	s.encoding = newChoice([]string{"auto", "UTF-8", "Windows-1252", "UTF-16"}, func(i int) {
		s.opts.Dialect.Encoding = compute.Encoding(max(i, 0))
		s.changed()
	})
	s.shape = newChoice(shapeChoices, func(i int) {
		s.opts.Shape = compute.Shape(max(i, 0))
		s.showLong()
		s.changed()
	})
	column := func(sel *widget.Select) string {
		if i := sel.SelectedIndex(); i >= 0 {
			return strconv.Itoa(i + 1)
		}
		return "" // auto
	}
	s.group = widget.NewSelect(nil, func(string) {
		s.opts.Group = column(s.group)
		s.changed()
	})
	s.value = widget.NewSelect(nil, func(string) {
		s.opts.Value = column(s.value)
		s.changed()
	})
	s.group.PlaceHolder, s.value.PlaceHolder = "auto", "auto"
	s.skip = widget.NewCheck("Skip invalid cells", func(b bool) {
		s.opts.SkipInvalid = b
		s.changed()
	})
	s.show()
	return s
}

// show puts s.opts into the widgets without re-running.
func (s *settingsBar) show() {
	s.quiet = true
	defer func() { s.quiet = false }()
	w := min(max(s.opts.Workers, 1), runtime.NumCPU())
	s.workers.SetSelected(strconv.Itoa(w))
	for i, dn := range delimiterChoices {
		if dn.b == s.opts.Dialect.Delimiter {
			s.delimiter.sel.SetSelectedIndex(i)
		}
	}
	s.decimal.sel.SetSelectedIndex(int(s.opts.Dialect.Decimal))
	s.header.sel.SetSelectedIndex(int(s.opts.Dialect.Header))
	s.label.sel.SetSelectedIndex(int(s.opts.Dialect.Label))
	s.encoding.sel.SetSelectedIndex(int(s.opts.Dialect.Encoding))
	s.shape.sel.SetSelectedIndex(int(s.opts.Shape))
	s.skip.SetChecked(s.opts.SkipInvalid)
	s.showLong()
}

func (s *settingsBar) showLong() {
	if s.opts.Shape == compute.ShapeLong {
		s.group.Enable()
		s.value.Enable()
	} else {
		s.group.Disable()
		s.value.Disable()
	}
}

func (s *settingsBar) changed() {
	if !s.quiet {
		s.onChange(s.opts)
	}
}

// newFile forgets the settings that belong to one file (the long shape's
// columns), without re-running.
func (s *settingsBar) newFile() {
	s.opts.Group, s.opts.Value = "", ""
	s.quiet = true
	s.group.ClearSelected()
	s.value.ClearSelected()
	s.quiet = false
}

// setStrict unticks "Skip invalid cells" and re-runs.
func (s *settingsBar) setStrict() {
	s.opts.SkipInvalid = false
	s.show()
	s.onChange(s.opts)
}

// detected shows what a run's sniffer found beside each Auto.
func (s *settingsBar) detected(r *compute.Report) {
	s.quiet = true
	defer func() { s.quiet = false }()
	s.delimiter.detected(compute.DelimiterName(r.Delimiter))
	s.decimal.detected(r.Decimal.String())
	if r.Header {
		s.header.detected(fmt.Sprintf("line %d", r.HeaderLine))
	} else {
		s.header.detected("none")
	}
	if r.Labels {
		s.label.detected("first")
	} else {
		s.label.detected("none")
	}
	s.encoding.detected(r.Encoding)
	s.shape.detected(r.Shape.String())
	// The long shape's columns, by header name where there is one.
	var cols []string
	n := len(r.Names)
	if len(r.Preview) > 0 {
		for _, p := range r.Preview {
			n = max(n, len(p.Cells))
		}
	}
	for i := 1; i <= n; i++ {
		name := strconv.Itoa(i)
		if i <= len(r.Names) && r.Names[i-1] != "" {
			name += " " + r.Names[i-1]
		}
		cols = append(cols, name)
	}
	s.group.Options, s.value.Options = cols, cols
	if r.Shape == compute.ShapeLong {
		if r.Group >= 1 && r.Group <= len(cols) {
			s.group.SetSelectedIndex(r.Group - 1)
		}
		if r.Value >= 1 && r.Value <= len(cols) {
			s.value.SetSelectedIndex(r.Value - 1)
		}
	}
}

func (s *settingsBar) view() fyne.CanvasObject {
	lbl := func(t string) *widget.Label { return widget.NewLabel(t) }
	return container.NewHBox(lbl("Workers"), s.workers, s.skip)
}

// dialectView is the row of how the file is read, each setting under a
// caption, always in sight: a wrong guess costs one click.
func (s *settingsBar) dialectView() fyne.CanvasObject {
	cell := func(caption string, o fyne.CanvasObject) fyne.CanvasObject {
		c := widget.NewLabel(caption)
		c.SizeName = theme.SizeNameCaptionText
		c.Importance = widget.LowImportance
		return container.NewVBox(c, o)
	}
	return container.NewGridWithColumns(8,
		cell("Lists are", s.shape.sel),
		cell("Group column (long)", s.group),
		cell("Value column (long)", s.value),
		cell("Delimiter", s.delimiter.sel),
		cell("Decimal mark", s.decimal.sel),
		cell("Header line", s.header.sel),
		cell("Labels", s.label.sel),
		cell("Encoding", s.encoding.sel),
	)
}
