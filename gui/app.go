// Package gui is Medianscope's window (Fyne): open a CSV, compute its
// medians off the UI goroutine with live progress and cancel, and show
// them as charts, a distribution and a table that can be exported.
//
// One state struct, UI, holds every widget so that tests can reach them;
// bridge.go owns every goroutine and every hop back to the UI goroutine.
package gui

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"medianscope/assets"
	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

// Config is what the command line hands to the window.
type Config struct {
	File    string          // "" opens the bundled sample
	Options compute.Options // engine settings to start with
	Meta    fyne.AppMetadata
}

// spreadLimit is the most lists whose spread the window keeps.
const spreadLimit = 2_000_000

// Run opens the window and blocks until it is closed.
func Run(cfg Config) {
	// The window is lenient: cells that are not numbers are skipped, and
	// a banner says which (the command line stays strict).
	cfg.Options.SkipInvalid = true
	// The Spread tab shows every list's quartiles and extremes: about 32
	// bytes more per list and a little more selection (compute.Options) —
	// up to spreadLimit lists, past which memory matters more (10M lists:
	// 320 MB more); the drill-down still gives any list's own.
	cfg.Options.Spread = true
	cfg.Options.SpreadLimit = spreadLimit
	meta := cfg.Meta
	meta.Icon = fyne.NewStaticResource("icon.png", assets.Icon)
	app.SetMetadata(meta)
	a := app.NewWithID(meta.ID)
	a.SetIcon(meta.Icon)
	ui := New(a, fyne.Do, cfg.Options)
	ui.win.Resize(fyne.NewSize(1180, 760))
	ui.win.SetMaster()
	// Start computing once the window has started up (its first frames
	// painted: bridge.afterStartup), so the window shows at once, its
	// start-up is not slowed by the workers, and progress reaches it from
	// the first tick.
	first := ui.bridge.afterStartup(func() {
		if cfg.File != "" {
			ui.Open(FileSource(cfg.File))
		} else {
			ui.Open(SampleSource())
		}
	})
	// One pixel, out of any layout: a raster the window's size would be a
	// full-window texture drawn over everything in every frame.
	first.Resize(fyne.NewSize(1, 1))
	ui.win.SetContent(container.NewStack(container.NewWithoutLayout(first), ui.win.Content()))
	a.Lifecycle().SetOnStarted(ui.probeSystemChooser)
	ui.win.ShowAndRun()
	ui.bridge.close()
}

// UI is the window's state: the source and result on screen and every
// widget, addressable from tests.
type UI struct {
	app    fyne.App
	win    fyne.Window
	bridge *bridge
	opts   compute.Options

	source  Source          // what is on screen (or being computed)
	shown   Source          // the source of result
	result  *compute.Result // the result on screen; kept on cancel and error
	data    *plot.Data
	running Source

	// Progress row.
	progress     *widget.ProgressBar
	progressBusy *widget.ProgressBarInfinite
	progressText *widget.Label
	cancelButton *widget.Button
	status       *widget.Label

	summary  *summaryStrip
	settings *settingsBar
	preview  *previewStrip
	banner   *skippedBanner
	dialogs  dialogStack // the dialogs on screen and waiting: see modal.go
	// systemChooser: the session has a portal file chooser (portal.go).
	systemChooser bool
	relayout      func() // lays the window out again when a strip shows or hides
	tabs          *container.AppTabs
	medians       *ChartView
	distribution  *ChartView
	spread        *spreadView
	table         *resultTable
	drill         *drillPanel        // the list picked in a chart or the table (drill.go)
	tableTab      *container.TabItem // tabs are found by item, not by place

	// errorShown is the last error dialog's text (for tests and logs).
	errorShown string
	// lastSpeedup is the last speed-up measurement's report.
	lastSpeedup string
	// phase prefixes progress lines ("Speed-up, run 1 of 2 · ").
	phase string
}

// New builds the window on app a. do runs a function on the UI goroutine
// (fyne.Do in the app; a test queue in tests).
func New(a fyne.App, do func(func()), opts compute.Options) *UI {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	ui := &UI{app: a, bridge: newBridge(do, newTraceFromEnv()), opts: opts}
	ui.win = a.NewWindow("Medianscope")
	ui.build()
	return ui
}

func (ui *UI) build() {
	ui.progress = widget.NewProgressBar()
	ui.progressBusy = widget.NewProgressBarInfinite()
	ui.progressBusy.Hide()
	ui.progressBusy.Stop()
	ui.progressText = widget.NewLabel("")
	ui.progressText.Truncation = fyne.TextTruncateEllipsis
	ui.cancelButton = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), ui.Cancel)
	ui.cancelButton.Disable()
	ui.status = widget.NewLabel("")
	ui.status.Truncation = fyne.TextTruncateEllipsis

	ui.summary = newSummaryStrip()
	ui.settings = newSettingsBar(ui.opts, func(o compute.Options) {
		ui.opts = o
		ui.computeAgain()
	})
	ui.preview = newPreviewStrip()
	ui.banner = newSkippedBanner(ui.settings.setStrict, ui.showText)
	th := func() plot.Theme { return chartTheme(ui.app) }
	ui.medians = newChartView(plot.MediansChart, ui.bridge, th)
	ui.distribution = newChartView(plot.DistributionChart, ui.bridge, th)
	ui.table = newResultTable(ui.bridge, ui.setStatus)
	ui.spread = newSpreadView(ui.bridge, th)
	ui.drill = newDrillPanel(ui.bridge, th, func() { ui.relayout() }, ui.showInTable)
	ui.medians.OnPick = ui.pickList
	ui.spread.chart.OnPick = ui.pickList
	ui.table.onPick = ui.drill.show
	ui.tableTab = container.NewTabItemWithIcon("Table", theme.DocumentIcon(), ui.table.view())
	ui.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Medians", theme.ListIcon(), ui.medians),
		container.NewTabItemWithIcon("Distribution", theme.GridIcon(), ui.distribution),
		container.NewTabItemWithIcon("Spread", theme.ZoomFitIcon(), ui.spread.view()),
		ui.tableTab,
	)

	openButton := widget.NewButtonWithIcon("Open…", theme.FolderOpenIcon(), ui.showOpen)
	openButton.Importance = widget.HighImportance
	exportButton := widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), ui.showExportChart)
	top := container.NewBorder(nil, nil, container.NewHBox(openButton, exportButton), nil, ui.settings.view())
	progressRow := container.NewBorder(nil, nil, nil, ui.cancelButton,
		container.NewStack(ui.progress, ui.progressBusy))
	header := container.NewVBox(top, ui.settings.dialectView(), progressRow, container.NewBorder(nil, nil, nil, nil, ui.progressText),
		ui.preview.view(), ui.banner.view(), ui.summary.view(), widget.NewSeparator())
	content := container.NewBorder(header, ui.status, nil, ui.drill.view(), ui.tabs)
	// Laying out is enough when a strip shows or hides: a Refresh of the
	// whole content redraws every widget (30–75 ms of a 10M-list result's
	// hand-over on the UI goroutine).
	ui.relayout = func() { content.Layout.Layout(content.Objects, content.Size()) }
	ui.preview.resized = ui.relayout
	ui.win.SetContent(content)

	ui.refreshMenu()
	ui.addShortcuts()
	ui.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, u := range uris {
			if u.Scheme() == "file" {
				ui.Open(FileSource(u.Path()))
				return
			}
		}
	})
	a := ui.app
	a.Settings().AddListener(func(fyne.Settings) {
		ui.medians.Refresh()
		ui.distribution.Refresh()
		ui.spread.chart.Refresh()
		ui.drill.chart.Refresh()
	})
}

// chartTheme follows the window's light or dark theme.
func chartTheme(a fyne.App) plot.Theme {
	if a.Settings().ThemeVariant() == theme.VariantDark {
		return plot.Dark
	}
	return plot.Light
}

// Open computes src; a run in progress is cancelled first. The result on
// screen stays until the new one is complete.
func (ui *UI) Open(src Source) {
	if src.Path != ui.source.Path || src.Name != ui.source.Name {
		ui.settings.newFile() // another file's group and value columns mean nothing here
		ui.opts = ui.settings.opts
	}
	ui.source = src
	ui.running = src
	ui.win.SetTitle(src.Title())
	if src.Path != "" {
		ui.rememberRecent(src.Path)
	}
	ui.progress.SetValue(0)
	ui.phase = ""
	ui.progressText.SetText("Reading " + src.Name + "…")
	ui.preview.expand(true)
	ui.cancelButton.Enable()
	ui.setStatus("")
	opts := ui.opts
	opts.Background = true // the event loop comes first; see compute.Options
	ui.bridge.start(src, opts, runHandlers{
		progress: ui.showProgress,
		prepare:  chartData(src),
		done:     ui.finish,
	})
}

// Cancel stops the run in progress (Esc); the previous result stays.
func (ui *UI) Cancel() {
	if ui.bridge.running() {
		ui.progressText.SetText("Cancelling…")
		ui.bridge.stop()
	}
}

func (ui *UI) showProgress(p compute.Progress) {
	f := p.Fraction()
	if f < 0 {
		ui.progress.Hide()
		ui.progressBusy.Show()
		ui.progressBusy.Start()
	} else {
		ui.progressBusy.Stop()
		ui.progressBusy.Hide()
		ui.progress.Show()
		ui.progress.SetValue(f)
	}
	ui.progressText.SetText(ui.phase + progressLine(p))
	if p.Dialect != nil && p.Dialect != ui.preview.report {
		ui.showDialect(p.Dialect)
	}
}

// showDialect shows how the file is read as soon as the sniffer knows.
func (ui *UI) showDialect(r *compute.Report) {
	ui.preview.set(r)
	ui.settings.detected(r)
}

// progressLine is "45.1 MB of 200.0 MB · 12 345 lists · 412 MB/s · 0.4 s left
// · 2 workers, 1.9 cores busy".
func progressLine(p compute.Progress) string {
	secs := p.Elapsed.Seconds()
	var b strings.Builder
	b.WriteString(human.Bytes(p.BytesRead))
	if p.TotalBytes > 0 {
		b.WriteString(" of " + human.Bytes(p.TotalBytes))
	}
	fmt.Fprintf(&b, " · %s lists", human.Int(int64(p.Lists)))
	if secs > 0 {
		rate := float64(p.BytesRead) / secs
		fmt.Fprintf(&b, " · %.0f MB/s", rate/1e6)
		if p.TotalBytes > 0 && rate > 0 {
			left := time.Duration(float64(p.TotalBytes-p.BytesRead) / rate * float64(time.Second))
			b.WriteString(" · " + human.Duration(max(left, 0)) + " left")
		}
		fmt.Fprintf(&b, " · %s, %.1f cores busy", human.Count(p.Workers, "worker"), p.Busy.Seconds()/secs)
	}
	return b.String()
}

// finish shows a run's end: the new result, or a cancel or an error with
// the previous result left untouched.
func (ui *UI) finish(res *compute.Result, data *plot.Data, err error) {
	ui.phase = ""
	ui.cancelButton.Disable()
	ui.progressBusy.Stop()
	ui.progressBusy.Hide()
	ui.progress.Show()
	switch {
	case errors.Is(err, context.Canceled):
		ui.progress.SetValue(0)
		ui.progressText.SetText("")
		ui.restoreTitle()
		ui.setStatus("Cancelled " + ui.running.Name + " (F5 computes it again). " + ui.previousNote())
	case err != nil:
		ui.progress.SetValue(0)
		ui.progressText.SetText("")
		ui.restoreTitle()
		ui.showError(ui.running, err)
		ui.setStatus("Could not read " + ui.running.Name + "; change the settings to try again. " + ui.previousNote())
	default:
		ui.progress.SetValue(1)
		ui.progressText.SetText(doneLine(res))
		ui.show(ui.running, res, data)
	}
}

func (ui *UI) previousNote() string {
	if ui.result == nil {
		return ""
	}
	return "Still showing " + ui.shown.Name + "."
}

// restoreTitle puts back the title of what is on screen after a failed or
// cancelled run of something else. ui.source stays the file asked for, so
// that a change of settings (or F5) computes that file again.
func (ui *UI) restoreTitle() {
	if ui.result != nil {
		ui.win.SetTitle(ui.shown.Title())
	}
}

func doneLine(res *compute.Result) string {
	return fmt.Sprintf("Done: %s in %s · %.0f MB/s · %s kept %.1f cores busy",
		human.Bytes(res.Bytes), human.Duration(res.Elapsed), res.MBPerSecond(), human.Count(res.Workers, "worker"), res.Parallelism())
}

// show puts a complete result on screen.
func (ui *UI) show(src Source, res *compute.Result, data *plot.Data) {
	ui.shown, ui.result, ui.data = src, res, data
	ui.showDialect(&res.Dialect)
	ui.preview.expand(false)
	ui.banner.set(src.Name, res)
	ui.relayout()
	ui.summary.set(res, ui.data, chartTheme(ui.app))
	ui.medians.SetData(ui.data)
	ui.distribution.SetData(ui.data)
	ui.spread.setData(ui.data)
	ui.table.setResult(res)
	// The options of this result's run: a result is shown only by the
	// last run started, and every change of ui.opts starts one.
	ui.drill.setResult(src, res, ui.opts)
	ui.bridge.releaseMemory() // the previous result's
}

func (ui *UI) setStatus(s string) { ui.status.SetText(s) }

// chartData builds the charts' data of a result of src (run off the UI
// goroutine by the bridge: it is O(lists)).
func chartData(src Source) func(*compute.Result) *plot.Data {
	return func(res *compute.Result) *plot.Data { return plot.NewData(src.Name, res) }
}

// pickList opens the drill-down panel on list i, picked in a chart,
// without leaving the chart: the panel shows its values beside it, and
// the list is selected in the table for when the Table tab is opened
// (the panel's "Show in table" goes there).
func (ui *UI) pickList(i int) {
	ui.table.goTo(i)
	ui.drill.show(i)
}

// showInTable switches to the Table tab with list i selected.
func (ui *UI) showInTable(i int) {
	ui.tabs.Select(ui.tableTab)
	ui.table.goTo(i)
}
