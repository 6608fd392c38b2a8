package gui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"medianscope/compute"
	"medianscope/internal/atomicfile"
	"medianscope/plot"
)

// showError explains err in a dialog: what went wrong and where, then what
// to do about it.
func (ui *UI) showError(src Source, err error) {
	msg := compute.Describe(src.Name, err)
	hint := errorHint(err)
	if h := compute.HintOf(err); h != "" {
		msg += " — " + h
	}
	ui.errorShown = msg + "\n" + hint
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(text)
	if hint != "" {
		h := widget.NewLabel(hint)
		h.Wrapping = fyne.TextWrapWord
		h.TextStyle = fyne.TextStyle{Italic: true}
		content.Add(h)
	}
	d := dialog.NewCustom("Cannot read "+src.Name, "OK", content, ui.win)
	d.Resize(fyne.NewSize(560, 220))
	ui.showDialog(d)
}

func errorHint(err error) string {
	switch {
	case errors.Is(err, compute.ErrNotNumber):
		return "Tick “Skip invalid cells” to ignore such cells, or check the delimiter, header and label settings."
	case errors.Is(err, compute.ErrBadQuote):
		return "Look at the quotes at that place in the file: a quoted cell starts and ends with \" and writes a quote inside as \"\"."
	case errors.Is(err, compute.ErrNoNumbers):
		return "Check how the file is read (the row under the toolbar): with the wrong delimiter, every row is a single label."
	case errors.Is(err, fs.ErrNotExist):
		return "The file may have been moved or deleted."
	case errors.Is(err, fs.ErrPermission):
		return "You may not read this file: check its permissions."
	}
	return ""
}

// exportSizes are the chart export sizes offered.
var exportSizes = []string{"Window size", "1920 × 1080", "2× window size"}

// showExportChart asks where and how to save the chart of the current tab.
// Fyne's save dialog opens (and so truncates) the chosen file at once; to
// write atomically — nothing lost if the export fails — we ask for a
// folder and a name instead, and write through a temporary file.
func (ui *UI) showExportChart() {
	if ui.dialogUp() {
		return // one dialog at a time (modal.go)
	}
	if ui.result == nil {
		ui.showDialog(dialog.NewInformation("Nothing to export", "Open a file first.", ui.win))
		return
	}
	kind, view := plot.MediansChart, ui.medians
	if ui.tabs.Selected() != nil && ui.tabs.Selected().Content == ui.distribution {
		kind, view = plot.DistributionChart, ui.distribution
	} else if ui.tabs.Selected() != nil && ui.tabs.Selected().Content == ui.spread.view() {
		kind, view = plot.SpreadChart, ui.spread.chart
	}
	base := strings.TrimSuffix(ui.shown.Name, filepath.Ext(ui.shown.Name))
	name := ui.newDialogEntry()
	name.SetText(base + "-" + kind.String() + ".png")
	format := widget.NewRadioGroup([]string{"PNG", "SVG"}, func(f string) {
		ext := "." + strings.ToLower(f)
		n := name.Text
		name.SetText(strings.TrimSuffix(n, filepath.Ext(n)) + ext)
	})
	format.Horizontal = true
	format.SetSelected("PNG")
	size := widget.NewSelect(exportSizes, nil)
	size.SetSelected(exportSizes[0])
	white := widget.NewCheck("White background (prints well)", nil)
	white.SetChecked(true)
	folder := ui.folderPicker()
	items := []*widget.FormItem{
		widget.NewFormItem("Folder", folder.view),
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Format", format),
		widget.NewFormItem("Size", size),
		widget.NewFormItem("", white),
	}
	d := dialog.NewForm("Export Chart", "Export", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		px := view.pixelSize()
		switch size.Selected {
		case exportSizes[1]:
			px = plot.Size{W: 1920, H: 1080, Scale: 1.5}
		case exportSizes[2]:
			px = plot.Size{W: px.W * 2, H: px.H * 2, Scale: px.Scale * 2}
		}
		th := chartTheme(ui.app)
		if white.Checked {
			th = plot.Light
		}
		f := plot.PNG
		if format.Selected == "SVG" {
			f = plot.SVG
		}
		ui.confirmAndWrite(filepath.Join(folder.dir, name.Text), ui.chartExport(plot.Chart{Kind: kind, Size: px, Theme: th}, f))
	}, ui.win)
	d.Resize(fyne.NewSize(560, 340))
	ui.showDialog(d)
}

// showExportCSV asks where to save every list's median as CSV (the CLI's
// -csv format).
func (ui *UI) showExportCSV() {
	if ui.dialogUp() {
		return // one dialog at a time (modal.go)
	}
	if ui.result == nil {
		ui.showDialog(dialog.NewInformation("Nothing to export", "Open a file first.", ui.win))
		return
	}
	base := strings.TrimSuffix(ui.shown.Name, filepath.Ext(ui.shown.Name))
	name := ui.newDialogEntry()
	name.SetText(base + "-medians.csv")
	folder := ui.folderPicker()
	items := []*widget.FormItem{
		widget.NewFormItem("Folder", folder.view),
		widget.NewFormItem("Name", name),
	}
	lists := ui.result.Stats
	d := dialog.NewForm("Export Medians as CSV", "Export", "Cancel", items, func(ok bool) {
		if ok {
			ui.confirmAndWrite(filepath.Join(folder.dir, name.Text), func(w io.Writer) error {
				return compute.WriteCSV(w, lists)
			})
		}
	}, ui.win)
	d.Resize(fyne.NewSize(560, 220))
	ui.showDialog(d)
}

// folderPicker is a folder label with a Change… button.
type folderPick struct {
	dir  string
	view fyne.CanvasObject
}

func (ui *UI) folderPicker() *folderPick {
	fp := &folderPick{}
	if l := ui.lastFolder(); l != nil {
		fp.dir = l.Path()
	}
	label := widget.NewLabel(fp.dir)
	label.Truncation = fyne.TextTruncateEllipsis
	change := widget.NewButton("Change…", func() {
		ui.chooseFolder(fp.dir, func(dir string) {
			fp.dir = dir
			label.SetText(fp.dir)
		})
	})
	fp.view = container.NewBorder(nil, nil, nil, change, label)
	return fp
}

// confirmAndWrite asks before replacing a file, then writes it atomically
// off the UI goroutine and reports the outcome.
func (ui *UI) confirmAndWrite(path string, fill func(io.Writer) error) {
	if strings.TrimSpace(filepath.Base(path)) == "" || strings.HasSuffix(path, string(filepath.Separator)) {
		ui.showDialog(dialog.NewError(errors.New("give the file a name"), ui.win))
		return
	}
	if _, err := os.Stat(path); err == nil {
		ui.showDialog(dialog.NewConfirm("Replace "+filepath.Base(path)+"?",
			"A file of that name exists in "+filepath.Dir(path)+". Replace it?", func(ok bool) {
				if ok {
					ui.export(path, fill)
				}
			}, ui.win))
		return
	}
	ui.export(path, fill)
}

// export writes path atomically off the UI goroutine and reports the
// outcome; on failure the file as it was is untouched.
func (ui *UI) export(path string, fill func(io.Writer) error) {
	ui.setStatus("Saving " + path + "…")
	background(ui.bridge, func() error { return atomicfile.Write(path, fill) }, func(err error) {
		if err != nil {
			ui.setStatus("Export failed; nothing was changed.")
			ui.showExportError(path, err)
			return
		}
		ui.app.Preferences().SetString(prefLastFolder, filepath.Dir(path))
		ui.setStatus("Saved " + path)
	})
}

func (ui *UI) showExportError(path string, err error) {
	ui.errorShown = "export: " + err.Error()
	hint := "The file was not changed. Pick another folder, or free some space, and export again."
	text := widget.NewLabel(fmt.Sprintf("Could not save %s:\n%v", path, err))
	text.Wrapping = fyne.TextWrapWord
	h := widget.NewLabel(hint)
	h.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Export failed", "OK", container.NewVBox(text, h), ui.win)
	d.Resize(fyne.NewSize(560, 220))
	ui.showDialog(d)
}
