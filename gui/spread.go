package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"medianscope/plot"
)

// orderChoices are the orders of the Spread tab's boxes, as plot.Order
// numbers them.
var orderChoices = []string{"File order", "By median"}

// spreadView is the Spread tab: how the values of every list lie, a box
// per list up to plot.MaxBars lists (with a choice of their order) and
// bands over the list index beyond. The chart is a ChartView like the
// Medians and Distribution tabs: drawn off the UI goroutine, hoverable,
// and a click on a box or a band shows its list in the table.
type spreadView struct {
	chart   *ChartView
	order   *widget.RadioGroup
	bar     *fyne.Container // the order choice; boxes only
	content *fyne.Container
	data    *plot.Data // in file order; nil before a result
}

func newSpreadView(b *bridge, th func() plot.Theme) *spreadView {
	v := &spreadView{chart: newChartView(plot.SpreadChart, b, th)}
	v.order = widget.NewRadioGroup(orderChoices, func(string) { v.show() })
	v.order.Horizontal = true
	v.order.Required = true
	v.order.Selected = orderChoices[plot.FileOrder]
	v.bar = container.NewHBox(widget.NewLabel("Order of the boxes:"), v.order)
	v.bar.Hide()
	v.content = container.NewBorder(v.bar, nil, nil, nil, v.chart)
	return v
}

func (v *spreadView) view() fyne.CanvasObject { return v.content }

// setData shows the spread of d; the order choice is offered when d is
// drawn as boxes.
func (v *spreadView) setData(d *plot.Data) {
	v.data = d
	if d != nil && d.HasSpread() && d.Len() <= plot.MaxBars {
		v.bar.Show()
	} else {
		v.bar.Hide()
	}
	v.content.Refresh()
	v.show()
}

// show draws the data in the order chosen.
func (v *spreadView) show() {
	if v.data == nil {
		return
	}
	v.chart.SetData(v.shown())
}

// shown is the data as the tab shows it, in the order chosen (what an
// export of the tab writes); nil before a result.
func (v *spreadView) shown() *plot.Data {
	if v.data == nil {
		return nil
	}
	o := plot.FileOrder
	if v.order.Selected == orderChoices[plot.MedianOrder] {
		o = plot.MedianOrder
	}
	return v.data.InOrder(o)
}
