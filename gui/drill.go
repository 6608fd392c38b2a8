package gui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

// drillWidth is the side panel's width: room for the grid and a histogram
// whose bins can still be told apart, while the tabs keep the rest.
const drillWidth = 380

// stdinMessage is what the panel says for input that cannot be read twice.
const stdinMessage = "Standard input cannot be read again — save it to a file to look into one list."

// drillPanel is the side panel right of the tabs that shows one list — the
// one selected in a chart or the table — with its own histogram. The
// result keeps no list's values, so the panel reads the list again from
// the input with compute.ReadList: only its record when the engine kept
// where it starts and the file is plain text (a seek), else the input from
// its start, off the UI goroutine, with a progress bar and a Cancel.
//
// Until the values are back, the grid shows what the run kept of the list
// (its count, median, ledger and, when computed, its quartiles), so that
// the numbers show at once; the values then replace them and draw the
// histogram. The panel holds one list's values at a time and drops them
// when it closes or the result changes: no per-list state beyond the
// Store's.
type drillPanel struct {
	bridge   *bridge
	relayout func()         // the window lays itself out again when the panel shows or hides
	toTable  func(list int) // "Show in table"

	box          *fyne.Container // the whole panel; hidden until a list is picked
	body         *fyne.Container // laid out again when a part shows or hides
	name         *widget.Label
	where        *widget.Label // its line, the smallest or largest median, how it was read
	grid         *widget.Label // n, min, q1, median, q3, max and the ledger
	progressRow  *fyne.Container
	progress     *widget.ProgressBar
	progressText *widget.Label
	cancel       *widget.Button
	message      *widget.Label // one line: stdin, an error, a cancel, a warning
	chart        *ChartView

	// The result the lists are picked from, where it was read from and
	// with which options (the same input, read the same way).
	src  Source
	res  *compute.Result
	opts compute.Options

	shown map[string]string // the grid's values by name (drillStats, drillLedger)
	how   string            // how the values shown were read, once read
	list  int               // the list shown, -1 for none
	read  *drillRead        // the read in progress, nil when none
	gen   int               // the current read; older reads' results are dropped
	drill *compute.Drill    // the values shown, once read
	poll  *debouncer        // shows a read's progress every 100 ms while it runs
}

// drillRead is one read of a list in progress.
type drillRead struct {
	cancel context.CancelFunc
	latest atomic.Pointer[compute.Progress] // written by the engine, read by the poll
	again  bool                             // reading from the start, as the panel says
}

// drillOutcome is what a read hands back to the UI goroutine.
type drillOutcome struct {
	drill *compute.Drill
	data  *plot.Data
	err   error
}

// Labels of the grid, in its order: the list's summary, then its ledger.
var (
	drillStats  = []string{"n", "min", "q1", "median", "q3", "max"}
	drillLedger = []string{"missing", "invalid", "overflow"}
)

func newDrillPanel(b *bridge, th func() plot.Theme, relayout func(), toTable func(int)) *drillPanel {
	p := &drillPanel{bridge: b, relayout: relayout, toTable: toTable, list: -1}
	p.poll = b.debounce(100*time.Millisecond, p.showProgress)

	p.name = widget.NewLabel("")
	p.name.TextStyle.Bold = true
	p.name.Truncation = fyne.TextTruncateEllipsis
	closeButton := widget.NewButtonWithIcon("", theme.WindowCloseIcon(), p.close)
	closeButton.Importance = widget.LowImportance
	p.where = widget.NewLabel("")
	p.where.Wrapping = fyne.TextWrapWord
	p.where.SizeName = theme.SizeNameCaptionText // one line, and the histogram keeps the height
	showInTable := widget.NewButtonWithIcon("Show in table", theme.DocumentIcon(), func() {
		if p.list >= 0 {
			p.toTable(p.list)
		}
	})
	showInTable.Importance = widget.LowImportance
	// One monospaced label, not a widget per cell: aligned, and four lines
	// high where a form of nine rows left the histogram no room.
	p.grid = widget.NewLabel("")
	p.grid.TextStyle.Monospace = true

	p.progress = widget.NewProgressBar()
	p.progressText = widget.NewLabel("")
	p.progressText.Truncation = fyne.TextTruncateEllipsis
	p.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), p.stop)
	p.progressRow = container.NewVBox(p.progressText, container.NewBorder(nil, nil, nil, p.cancel, p.progress))
	p.progressRow.Hide()
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.WarningImportance
	p.message.Hide()

	p.chart = newChartView(plot.ValuesChart, b, th)
	p.chart.Hide()

	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(showInTable, closeButton), p.name),
		p.where,
		p.grid,
		p.progressRow,
		p.message,
	)
	width := canvas.NewRectangle(color.Transparent) // holds the panel's width
	width.SetMinSize(fyne.NewSize(drillWidth, 0))
	p.body = container.NewBorder(top, nil, nil, nil, container.New(chartArea{}, p.chart))
	p.box = container.NewBorder(nil, nil, widget.NewSeparator(), nil, container.NewStack(width, p.body))
	p.box.Hide()
	return p
}

// chartArea gives the panel's histogram whatever height is left, down to
// a small one: a chart's own minimum (200 px) under the grid would make
// the window taller than the screen on a small one.
type chartArea struct{}

func (chartArea) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 120) }

func (chartArea) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (p *drillPanel) view() fyne.CanvasObject { return p.box }

// setResult is a new result on screen, computed from src with opts: the
// panel of the previous one closes.
func (p *drillPanel) setResult(src Source, res *compute.Result, opts compute.Options) {
	p.close()
	p.src, p.res, p.opts = src, res, opts
}

// close hides the panel and stops its read, if any (✕).
func (p *drillPanel) close() {
	p.stop()
	p.gen++ // a cancelled read's end is not shown either
	p.list, p.drill, p.read = -1, nil, nil
	p.chart.SetData(nil)
	if p.box.Visible() {
		p.box.Hide()
		p.relayout()
	}
}

// stop cancels the read in progress (Cancel); the panel stays open.
func (p *drillPanel) stop() {
	if p.read != nil {
		p.read.cancel()
	}
}

// show opens the panel on list i of the result and reads its values; a
// read of another list in progress is cancelled. The list already shown
// (or being read) is left as it is.
func (p *drillPanel) show(i int) {
	if p.res == nil || i < 0 || i >= p.res.Stats.Len() || (i == p.list && p.box.Visible() && (p.read != nil || p.drill != nil)) {
		return
	}
	p.stop()
	p.gen++
	p.list, p.drill, p.read = i, nil, nil
	ls := p.res.Stats.At(i)
	p.name.SetText(ls.Name())
	p.how = ""
	p.where.SetText(p.whereLine(ls))
	p.setValues(ls, ls.Spread())
	p.chart.SetData(nil)
	p.chart.Hide()
	p.progressRow.Hide()
	p.message.Hide()
	switch {
	case ls.Count == 0:
		p.say("No numbers in this list: nothing to draw.")
	case p.src.open == nil:
		p.say(stdinMessage)
	default:
		p.start(ls)
	}
	if !p.box.Visible() {
		p.box.Show()
		p.relayout()
	}
	p.body.Refresh()
}

// start reads list ls again off the UI goroutine.
func (p *drillPanel) start(ls compute.ListStat) {
	gen := p.gen
	ctx, cancel := context.WithCancel(context.Background())
	rd := &drillRead{cancel: cancel}
	p.read = rd
	open, res, opts, i := p.src.open, p.res, p.opts, ls.Index
	opts.Background = true // the event loop comes first, as for a run
	if p.src.size != 0 {
		opts.TotalBytes = p.src.size
	}
	// Say at once what will take long; a seek is instant and says
	// nothing, and one that the input refuses (a reader without Seek)
	// shows the progress bar with its first progress.
	if res.RereadReason(i) != "" {
		p.showRereading(rd)
	}
	p.poll.trigger()
	background(p.bridge, func() drillOutcome {
		d, err := compute.ReadList(ctx, open, res, opts, i, func(pr compute.Progress) { rd.latest.Store(&pr) })
		if err != nil {
			return drillOutcome{err: err}
		}
		return drillOutcome{drill: d, data: plot.NewValues(d.List.Name(), d.Values, d.Spread)}
	}, func(o drillOutcome) {
		cancel()
		if p.read == rd {
			p.read = nil // the progress poll stops
		}
		if gen != p.gen {
			return // another list was picked, or the panel closed
		}
		p.finish(o)
	})
}

// showRereading shows the progress bar of a read from the start.
func (p *drillPanel) showRereading(rd *drillRead) {
	rd.again = true
	p.progress.SetValue(0)
	p.progressText.SetText("Reading " + p.name.Text + " again from the start…")
	p.progressRow.Show()
	p.body.Refresh()
}

// showProgress shows the read's latest progress, and polls again while it
// runs (on the UI goroutine, through the bridge's timer: the engine's
// goroutines only store it).
func (p *drillPanel) showProgress() {
	rd := p.read
	if rd == nil {
		return
	}
	if pr := rd.latest.Load(); pr != nil {
		if !rd.again {
			p.showRereading(rd)
		}
		if f := pr.Fraction(); f >= 0 {
			p.progress.SetValue(f)
		}
		p.progressText.SetText(fmt.Sprintf("Reading %s again from the start… %s", p.name.Text, human.Bytes(pr.BytesRead)))
	}
	p.poll.trigger()
}

// finish shows the end of a read: the values and their histogram, or one
// line saying why not.
func (p *drillPanel) finish(o drillOutcome) {
	defer p.body.Refresh()
	p.progressRow.Hide()
	ls := p.res.Stats.At(p.list)
	switch {
	case errors.Is(o.err, compute.ErrNoReopen):
		p.say(stdinMessage)
	case errors.Is(o.err, context.Canceled):
		p.say("Cancelled. Select the list again to read its values.")
	case o.err != nil:
		p.say("Could not read " + ls.Name() + " again: " + o.err.Error())
	default:
		d := o.drill
		p.drill = d
		p.how = "only its own bytes were read again"
		if !d.Seeked {
			why := p.res.RereadReason(p.list)
			if why == "" {
				why = "the input cannot seek"
			}
			p.how = "read again from the start: " + why
		}
		p.where.SetText(p.whereLine(d.List))
		p.setValues(d.List, d.Spread)
		if run := ls.Spread(); p.res.Stats.HasSpread() && !sameSpread(run, d.Spread) {
			p.say("These values differ from the run's: the file may have changed since it was computed.")
		}
		p.chart.Show()
		p.chart.SetData(o.data)
	}
}

// say shows one line in the panel.
func (p *drillPanel) say(s string) {
	p.message.SetText(s)
	p.message.Show()
}

// whereLine is "line 12 · the smallest median · only its own bytes were
// read again".
func (p *drillPanel) whereLine(ls compute.ListStat) string {
	s := "line " + strconv.Itoa(ls.Line)
	switch ls.Index {
	case p.res.MinIndex:
		s += " · the smallest median"
	case p.res.MaxIndex:
		s += " · the largest median"
	}
	if p.how != "" {
		s += " · " + p.how
	}
	return s
}

// setValues fills the grid, formatted as the table formats them; a value
// the run did not compute is "—".
func (p *drillPanel) setValues(ls compute.ListStat, s compute.Spread) {
	value := func(v float64) string {
		if ls.Count == 0 || math.IsNaN(v) {
			return "—"
		}
		return plot.FormatValue(v)
	}
	p.shown = map[string]string{
		"n": strconv.Itoa(ls.Count), "min": value(s.Min), "q1": value(s.Q1), "median": value(s.Median),
		"q3": value(s.Q3), "max": value(s.Max),
		"missing": strconv.Itoa(ls.Missing), "invalid": strconv.Itoa(ls.Invalid), "overflow": strconv.Itoa(ls.Overflow),
	}
	p.grid.SetText(drillGrid(p.shown))
}

// drillGrid lays the values out in two columns of pairs, as a list is
// read — its size and middle, its range, its middle half — and its
// ledger on a line of its own:
//
//	n      6      median 4
//	min    1      max    9
//	q1     2.25   q3     6.5
//	missing 1 · invalid 1 · overflow 0
func drillGrid(v map[string]string) string {
	rows := [][2]string{{"n", "median"}, {"min", "max"}, {"q1", "q3"}}
	width := 0 // of the left column's values, in characters
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(v[r[0]]))
	}
	var b strings.Builder
	for _, r := range rows {
		left := v[r[0]]
		fmt.Fprintf(&b, "%-6s %s%s   %-6s %s\n", r[0], left, strings.Repeat(" ", width-utf8.RuneCountInString(left)), r[1], v[r[1]])
	}
	fmt.Fprintf(&b, "missing %s · invalid %s · overflow %s", v["missing"], v["invalid"], v["overflow"])
	return b.String()
}

// sameSpread reports whether two spreads agree value for value (NaN
// agreeing with NaN).
func sameSpread(a, b compute.Spread) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return eq(a.Min, b.Min) && eq(a.Q1, b.Q1) && eq(a.Median, b.Median) && eq(a.Q3, b.Q3) && eq(a.Max, b.Max)
}
