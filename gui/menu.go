package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Preference keys.
const (
	prefRecent     = "recent"
	prefLastFolder = "lastFolder"
	maxRecent      = 10
)

var (
	scOpen   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	scExport = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	scQuit   = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// refreshMenu rebuilds the main menu off the UI goroutine — looking up
// whether recent files still exist can block on a slow or gone network
// drive — and sets it on the UI goroutine.
func (ui *UI) refreshMenu() {
	background(ui.bridge, ui.mainMenu, ui.win.SetMainMenu)
}

// mainMenu builds the menu; it touches no widget, so it may run on any
// goroutine.
func (ui *UI) mainMenu() *fyne.MainMenu {
	open := fyne.NewMenuItem("Open…", ui.showOpen)
	open.Shortcut = scOpen
	recent := fyne.NewMenuItem("Open Recent", nil)
	recent.ChildMenu = ui.recentMenu()
	sample := fyne.NewMenuItem("Open Bundled Sample", func() { ui.Open(SampleSource()) })
	export := fyne.NewMenuItem("Export Chart…", ui.showExportChart)
	export.Shortcut = scExport
	exportCSV := fyne.NewMenuItem("Export Medians as CSV…", ui.showExportCSV)
	quit := fyne.NewMenuItem("Quit", ui.quit)
	quit.Shortcut = scQuit
	quit.IsQuit = true
	file := fyne.NewMenu("File", open, recent, sample, fyne.NewMenuItemSeparator(), export, exportCSV,
		fyne.NewMenuItemSeparator(), quit)
	cancel := fyne.NewMenuItem("Cancel Computation (Esc)", ui.Cancel)
	speedup := fyne.NewMenuItem(fmt.Sprintf("Measure Speed-up (1 vs %d Workers)", runtime.NumCPU()), ui.measureSpeedup)
	run := fyne.NewMenu("Compute", fyne.NewMenuItem("Compute Again (F5)", ui.computeAgain), speedup, cancel)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Medianscope", ui.showAbout))
	return fyne.NewMainMenu(file, run, help)
}

func (ui *UI) addShortcuts() {
	c := ui.win.Canvas()
	c.AddShortcut(scOpen, func(fyne.Shortcut) { ui.showOpen() })
	c.AddShortcut(scExport, func(fyne.Shortcut) { ui.showExportChart() })
	c.AddShortcut(scQuit, func(fyne.Shortcut) { ui.quit() })
	// Esc and F5 reach this handler unless a widget holds the keyboard
	// focus (see modal.go). Behind a dialog, F5 does nothing and Esc
	// closes the dialog instead of cancelling the run.
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			if !ui.closeTopDialog() {
				ui.Cancel()
			}
		case fyne.KeyF5:
			if !ui.dialogUp() {
				ui.computeAgain()
			}
		}
	})
}

// computeAgain re-runs the file on screen (F5).
func (ui *UI) computeAgain() {
	if ui.source.open != nil {
		ui.Open(ui.source)
	}
}

// quit ends the app, a moment after it is asked to. Fyne 2.7's shutdown
// has a race: a callback that reaches its main-thread queue while the
// queue is being closed panics ("send on closed channel"; seen once in
// make smoke, for an event queued behind the Ctrl+Q handler that called
// Quit). So the run is cancelled and the heartbeat stopped at once, and
// Quit runs from the UI goroutine's queue once the events behind the
// shortcut have been handled, not from within its handler.
func (ui *UI) quit() {
	ui.bridge.quitSoon(ui.app.Quit)
}

// recentFiles are the last files opened, newest first.
func (ui *UI) recentFiles() []string {
	return ui.app.Preferences().StringList(prefRecent)
}

func (ui *UI) rememberRecent(path string) {
	list := slices.DeleteFunc(ui.recentFiles(), func(p string) bool { return p == path })
	list = append([]string{path}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	ui.app.Preferences().SetStringList(prefRecent, list)
	ui.app.Preferences().SetString(prefLastFolder, filepath.Dir(path))
	ui.refreshMenu()
}

// recentMenu lists the recent files; one that is gone is shown greyed.
func (ui *UI) recentMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, p := range ui.recentFiles() {
		path := p
		item := fyne.NewMenuItem(fmt.Sprintf("%s — %s", filepath.Base(path), filepath.Dir(path)), func() {
			ui.Open(FileSource(path))
		})
		if _, err := os.Stat(path); err != nil {
			item.Label += " (missing)"
			item.Disabled = true
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No recent files", nil)
		none.Disabled = true
		items = append(items, none)
	} else {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear Recent Files", func() {
			ui.app.Preferences().SetStringList(prefRecent, nil)
			ui.refreshMenu()
		}))
	}
	return fyne.NewMenu("", items...)
}

// lastFolder is where file dialogs start: the folder last used, if it
// still exists.
func (ui *UI) lastFolder() fyne.ListableURI {
	dir := ui.app.Preferences().String(prefLastFolder)
	if dir == "" {
		if wd, err := os.Getwd(); err == nil {
			dir = wd
		}
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// showOpen asks for a file to open: in the system chooser when the session
// has one (portal.go), else in Fyne's dialog. Both start in the folder last
// used, and ui.Open remembers the new one.
func (ui *UI) showOpen() {
	if ui.dialogUp() {
		return // one dialog at a time (modal.go)
	}
	if ui.systemChooser {
		folder := ""
		if l := ui.lastFolder(); l != nil {
			folder = l.Path()
		}
		ui.chooseWithPortal("Open", folder, false, func(a chooserAnswer) {
			switch {
			case a.err != nil:
				// The portal failed (gone away?): Fyne's dialog from now on.
				ui.systemChooser = false
				ui.showOpen()
			case a.path != "":
				ui.Open(FileSource(a.path))
			}
		})
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			ui.showError(Source{Name: "the file"}, err)
			return
		}
		if r == nil {
			return // dismissed
		}
		path := r.URI().Path()
		r.Close()
		ui.Open(FileSource(path))
	}, ui.win)
	var exts []string
	for _, e := range dataFileExts {
		exts = append(exts, e, strings.ToUpper(e))
	}
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if l := ui.lastFolder(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(dialogSize(ui.win))
	ui.showDialog(d)
}

// chooseFolder asks for a folder, starting in start, from inside a dialog:
// in the system chooser when the session has one, else in Fyne's folder
// dialog over that dialog. then gets the folder chosen, not a dismissal.
func (ui *UI) chooseFolder(start string, then func(dir string)) {
	if ui.systemChooser {
		ui.chooseWithPortal("Choose a Folder", start, true, func(a chooserAnswer) {
			switch {
			case a.err != nil:
				ui.systemChooser = false
				ui.chooseFolder(start, then)
			case a.path != "":
				then(a.path)
			}
		})
		return
	}
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err == nil && l != nil {
			then(l.Path())
		}
	}, ui.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil && start != "" {
		d.SetLocation(l)
	} else if l := ui.lastFolder(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(dialogSize(ui.win))
	ui.showChildDialog(d)
}

func dialogSize(w fyne.Window) fyne.Size {
	s := w.Canvas().Size()
	return fyne.NewSize(max(600, s.Width*0.8), max(420, s.Height*0.8))
}

func (ui *UI) showAbout() {
	if ui.dialogUp() {
		return // one dialog at a time (modal.go)
	}
	meta := ui.app.Metadata()
	name := meta.Name
	if name == "" {
		name = "Medianscope"
	}
	icon := canvas.NewImageFromResource(ui.app.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	title := widget.NewLabelWithStyle(name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	version := widget.NewLabelWithStyle(fmt.Sprintf("Version %s (build %d)", meta.Version, meta.Build), fyne.TextAlignCenter, fyne.TextStyle{})
	about := widget.NewLabel("The median of every list in a CSV file, the smallest and the largest of them, " +
		"and charts to look at and export. The work is CPU-bound, so it runs on every core: " +
		fmt.Sprintf("this machine has %d.", runtime.NumCPU()))
	about.Wrapping = fyne.TextWrapWord
	about.Alignment = fyne.TextAlignCenter
	built := widget.NewLabelWithStyle(fmt.Sprintf("%s · %s/%s · Fyne · go-chart", runtime.Version(), runtime.GOOS, runtime.GOARCH),
		fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	content := container.NewVBox(container.NewCenter(icon), title, version, about, built)
	d := dialog.NewCustom("About "+name, "Close", content, ui.win)
	d.Resize(fyne.NewSize(460, 360))
	ui.showDialog(d)
}
