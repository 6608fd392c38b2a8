package gui

import (
	"runtime"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
)

// settingsBar holds the engine settings; a change re-runs the current file.
type settingsBar struct {
	opts      compute.Options
	onChange  func(compute.Options)
	workers   *widget.Select
	delimiter *widget.Select
	header    *widget.Select
	label     *widget.Select
	skip      *widget.Check
	quiet     bool // set while the bar itself changes a widget
}

var delimiterNames = []struct {
	name string
	b    byte
}{{"Comma ,", ','}, {"Semicolon ;", ';'}, {"Tab", '\t'}, {"Pipe |", '|'}}

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
	for _, d := range delimiterNames {
		delims = append(delims, d.name)
	}
	s.delimiter = widget.NewSelect(delims, func(v string) {
		for _, d := range delimiterNames {
			if d.name == v {
				s.opts.Delimiter = d.b
			}
		}
		s.changed()
	})
	s.header = widget.NewSelect([]string{"auto", "yes", "no"}, func(v string) {
		s.opts.Header, _ = compute.ParseHeaderMode(v)
		s.changed()
	})
	s.label = widget.NewSelect([]string{"auto", "first", "none"}, func(v string) {
		s.opts.Label, _ = compute.ParseLabelMode(v)
		s.changed()
	})
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
	d := s.opts.Delimiter
	if d == 0 {
		d = ','
	}
	for _, dn := range delimiterNames {
		if dn.b == d {
			s.delimiter.SetSelected(dn.name)
		}
	}
	s.header.SetSelected(s.opts.Header.String())
	s.label.SetSelected(s.opts.Label.String())
	s.skip.SetChecked(s.opts.SkipInvalid)
}

func (s *settingsBar) changed() {
	if !s.quiet {
		s.onChange(s.opts)
	}
}

// setDelimiter changes the delimiter and re-runs.
func (s *settingsBar) setDelimiter(d byte) {
	s.opts.Delimiter = d
	s.show()
	s.onChange(s.opts)
}

func (s *settingsBar) view() fyne.CanvasObject {
	lbl := func(t string) *widget.Label { return widget.NewLabel(t) }
	return container.NewHBox(
		lbl("Workers"), s.workers,
		lbl("Delimiter"), s.delimiter,
		lbl("Header"), s.header,
		lbl("Label"), s.label,
		s.skip,
	)
}
