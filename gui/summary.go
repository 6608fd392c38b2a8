package gui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

// summaryStrip is the row of figures over the tabs: lists, min and max
// median (in the charts' colours), values, cells skipped, and how the
// cores were used.
type summaryStrip struct {
	lists, min, max, values, cores *summaryCard
}

type summaryCard struct {
	caption *widget.Label
	value   *canvas.Text
	detail  *widget.Label
}

func newSummaryCard(caption string) *summaryCard {
	c := &summaryCard{
		caption: widget.NewLabelWithStyle(caption, fyne.TextAlignLeading, fyne.TextStyle{}),
		value:   canvas.NewText("—", theme.Color(theme.ColorNameForeground)),
		detail:  widget.NewLabel(""),
	}
	c.caption.SizeName = theme.SizeNameCaptionText
	c.value.TextSize = theme.TextSubHeadingSize()
	c.value.TextStyle = fyne.TextStyle{Bold: true}
	c.detail.SizeName = theme.SizeNameCaptionText
	c.detail.Truncation = fyne.TextTruncateEllipsis
	return c
}

func (c *summaryCard) view() fyne.CanvasObject {
	pad := container.NewPadded(container.NewVBox(c.caption, container.NewHBox(c.value), c.detail))
	return pad
}

func (c *summaryCard) set(value, detail string, clr color.Color) {
	c.value.Text = value
	if clr == nil {
		clr = theme.Color(theme.ColorNameForeground)
	}
	c.value.Color = clr
	c.value.Refresh()
	c.detail.SetText(detail)
}

func newSummaryStrip() *summaryStrip {
	return &summaryStrip{
		lists:  newSummaryCard("Lists"),
		min:    newSummaryCard("Smallest median"),
		max:    newSummaryCard("Largest median"),
		values: newSummaryCard("Values"),
		cores:  newSummaryCard("Cores kept busy"),
	}
}

func (s *summaryStrip) view() fyne.CanvasObject {
	return container.NewGridWithColumns(5, s.lists.view(), s.min.view(), s.max.view(), s.values.view(), s.cores.view())
}

func (s *summaryStrip) set(res *compute.Result, d *plot.Data, th plot.Theme) {
	empty := "no empty rows"
	if res.EmptyLists > 0 {
		empty = fmt.Sprintf("+ %s empty rows (no number)", human.Int(int64(res.EmptyLists)))
	}
	s.lists.set(human.Int(int64(res.Summary.Lists)), empty, nil)
	for _, side := range []struct {
		card *summaryCard
		get  func() (compute.ListStat, bool)
		clr  color.Color
	}{{s.min, res.Min, th.Min}, {s.max, res.Max, th.Max}} {
		if l, ok := side.get(); ok {
			side.card.set(plot.FormatValue(l.Median), fmt.Sprintf("%s · line %d · %s", l.Name(), l.Line, human.Count(l.Count, "value")), side.clr)
		} else {
			side.card.set("—", "no list has a median", nil)
		}
	}
	skipped := fmt.Sprintf("%s missing cells skipped", human.Int(res.Skipped))
	if res.Invalid > 0 {
		skipped += fmt.Sprintf(" · %s invalid", human.Int(res.Invalid))
	}
	s.values.set(human.Int(res.Values), skipped, nil)
	s.cores.set(fmt.Sprintf("%.1f of %d", res.Parallelism(), res.Workers),
		fmt.Sprintf("%s · %s · %.0f MB/s", human.Count(res.Workers, "worker"), human.Duration(res.Elapsed), res.MBPerSecond()), nil)
}
