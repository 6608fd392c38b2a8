package gui

import (
	"fmt"
	"runtime"

	"fyne.io/fyne/v2/dialog"

	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

// measureSpeedup computes the current file with every core, then with one
// worker, and shows how much the cores bought: the lesson of this app, on
// the user's own data. The all-cores run goes first, so that a cold disk
// cache can only make the measured speed-up smaller, not larger; its
// result is the one left on screen.
func (ui *UI) measureSpeedup() {
	if ui.source.open == nil {
		return
	}
	src := ui.source
	n := runtime.NumCPU()
	all, one := ui.opts, ui.opts
	all.Workers, one.Workers = n, 1
	all.Background, one.Background = true, true
	ui.running = src
	ui.cancelButton.Enable()
	ui.phase = fmt.Sprintf("Speed-up, run 1 of 2 (%d workers) · ", n)
	ui.progress.SetValue(0)
	ui.progressText.SetText(ui.phase + "reading " + src.Name + "…")
	ui.bridge.start(src, all, runHandlers{
		progress: ui.showProgress,
		prepare:  chartData(src),
		done: func(rn *compute.Result, data *plot.Data, err error) {
			ui.finish(rn, data, err)
			if err != nil {
				return
			}
			ui.cancelButton.Enable()
			ui.phase = "Speed-up, run 2 of 2 (1 worker) · "
			ui.progress.SetValue(0)
			ui.progressText.SetText(ui.phase + "reading " + src.Name + "…")
			ui.bridge.start(src, one, runHandlers{
				progress: ui.showProgress,
				done: func(r1 *compute.Result, _ *plot.Data, err error) {
					ui.phase = ""
					ui.cancelButton.Disable()
					if err != nil {
						ui.progressText.SetText(doneLine(rn))
						ui.setStatus("Speed-up not measured: " + err.Error())
						return
					}
					ui.progress.SetValue(1)
					ui.progressText.SetText(doneLine(rn))
					ui.showSpeedup(src, r1, rn)
				},
			})
		},
	})
}

// speedupText reports two runs of the same file.
func speedupText(one, all *compute.Result) string {
	ratio := one.Elapsed.Seconds() / all.Elapsed.Seconds()
	return fmt.Sprintf("1 worker: %s, %.0f MB/s\n%d workers: %s, %.0f MB/s (%.1f cores busy)\nSpeed-up: %.2f× with %d workers",
		human.Duration(one.Elapsed), one.MBPerSecond(),
		all.Workers, human.Duration(all.Elapsed), all.MBPerSecond(), all.Parallelism(),
		ratio, all.Workers)
}

func (ui *UI) showSpeedup(src Source, one, all *compute.Result) {
	text := speedupText(one, all)
	ui.lastSpeedup = text
	ui.setStatus(fmt.Sprintf("Speed-up on %s: %.2f× with %d workers.", src.Name, one.Elapsed.Seconds()/all.Elapsed.Seconds(), all.Workers))
	ui.showDialog(dialog.NewInformation("Speed-up on "+src.Name, text+
		"\n\nParsing and selecting medians is CPU-bound: more cores, not faster I/O, make it faster.", ui.win))
}
