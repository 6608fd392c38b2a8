package gui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The window shows one dialog at a time, and Esc closes it. Every dialog
// of the window goes through this file:
//
//   - A dialog the user asks for (Open, Export, About — by shortcut, menu
//     or button) is not opened while another is up: its shortcut does
//     nothing until that dialog is answered or closed. A modal dialog
//     already keeps clicks away from the window behind it; this makes the
//     shortcuts agree, rather than stacking a second dialog over the first
//     or replacing it and losing what was typed into it. The openers ask
//     dialogUp first.
//   - A dialog the window shows by itself (a run's error, an export's
//     outcome, a report) goes through showDialog: if another is up, it
//     waits its turn and shows when that one closes.
//   - A chooser opened from inside a dialog (the export's Change… folder)
//     is the one dialog allowed over another (showChildDialog); Esc
//     closes it first.
//   - Esc closes the topmost dialog as its dismiss button would
//     (closeTopDialog); only with no dialog up does it cancel a run.
//   - The system file chooser (the desktop portal, portal.go) is a window
//     of its own that we cannot close; while it is up it counts as a
//     dialog up.
//
// Keys reach the window's handler only when no widget in the dialog holds
// the keyboard focus (Fyne gives a key to the focused widget first, and
// its dialogs do not handle Esc). Just opened, no dialog here focuses a
// widget; a text field takes the focus when clicked, so the dialogs' text
// fields are dialogEntry, which passes Esc on. A check box, radio button
// or select that was clicked keeps Esc (Fyne's own widgets).
type dialogStack struct {
	open    []shownDialog   // bottom first; two only for a chooser over its dialog
	waiting []dialog.Dialog // shown by showDialog while another was up
	system  int             // system file choosers up
}

// shownDialog is a dialog on screen and its pop-up on the canvas: it is up
// while that pop-up is among the canvas's overlays (Fyne hides the pop-up
// before it runs the dialog's callbacks, which may show the next dialog).
type shownDialog struct {
	d       dialog.Dialog
	overlay fyne.CanvasObject
}

// showDialog shows d now if no dialog is up, or when the ones up (and any
// that waited before it) have closed.
func (ui *UI) showDialog(d dialog.Dialog) {
	ui.dialogs.waiting = append(ui.dialogs.waiting, d)
	ui.showWaiting()
}

// showChildDialog shows d over the dialog it was opened from.
func (ui *UI) showChildDialog(d dialog.Dialog) { ui.present(d) }

func (ui *UI) present(d dialog.Dialog) {
	overlays := ui.win.Canvas().Overlays()
	before := overlays.Top()
	d.SetOnClosed(func() { ui.dialogClosed(d) })
	d.Show()
	shown := shownDialog{d: d}
	if top := overlays.Top(); top != before {
		shown.overlay = top
	}
	ui.dialogs.open = append(ui.dialogs.open, shown)
}

// dialogClosed forgets d and shows the next waiting dialog, if any.
func (ui *UI) dialogClosed(d dialog.Dialog) {
	ui.dialogs.open = slices.DeleteFunc(ui.dialogs.open, func(s shownDialog) bool { return s.d == d })
	ui.showWaiting()
}

func (ui *UI) showWaiting() {
	ui.pruneDialogs()
	for len(ui.dialogs.waiting) > 0 && len(ui.dialogs.open) == 0 && ui.dialogs.system == 0 {
		d := ui.dialogs.waiting[0]
		ui.dialogs.waiting = ui.dialogs.waiting[1:]
		ui.present(d)
	}
}

// pruneDialogs forgets dialogs whose pop-up is no longer on the canvas.
func (ui *UI) pruneDialogs() {
	overlays := ui.win.Canvas().Overlays().List()
	ui.dialogs.open = slices.DeleteFunc(ui.dialogs.open, func(s shownDialog) bool {
		return s.overlay == nil || !slices.Contains(overlays, s.overlay)
	})
}

// dialogUp reports whether a dialog is on screen: one of ours, a system
// file chooser, or any other pop-up over the window (a dialog Fyne opens
// by itself, such as its file dialog's New Folder).
func (ui *UI) dialogUp() bool {
	ui.pruneDialogs()
	return len(ui.dialogs.open) > 0 || ui.dialogs.system > 0 || ui.win.Canvas().Overlays().Top() != nil
}

// closeTopDialog closes the topmost dialog as its dismiss button would
// (Cancel, Close), and reports whether a dialog was up. A system chooser
// is on top of everything and is not ours to close: Esc there does
// nothing here.
func (ui *UI) closeTopDialog() bool {
	if ui.dialogs.system > 0 {
		return true
	}
	ui.pruneDialogs()
	overlays := ui.win.Canvas().Overlays()
	top := overlays.Top()
	if n := len(ui.dialogs.open); n > 0 && ui.dialogs.open[n-1].overlay == top {
		ui.dialogs.open[n-1].d.Dismiss()
		return true
	}
	if top == nil {
		return false
	}
	// A pop-up shown past this file (Fyne's own): hide it, with no answer.
	if p, ok := top.(*widget.PopUp); ok {
		p.Hide()
	} else {
		overlays.Remove(top)
	}
	ui.showWaiting()
	return true
}

// dialogEntry is a text field for dialogs that passes Esc on to close the
// dialog: once clicked it holds the keyboard focus, and Fyne's entry
// ignores Esc.
type dialogEntry struct {
	widget.Entry
	escape func()
	quit   func()
}

func (ui *UI) newDialogEntry() *dialogEntry {
	e := &dialogEntry{escape: func() { ui.closeTopDialog() }, quit: ui.quit}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut passes Ctrl+Q on to quit; other shortcuts edit the text.
// Fyne gives a focused entry every shortcut, not the window's, and the
// entry drops those it does not know: Ctrl+Q did nothing while the export
// dialog's name field held the focus. (Ctrl+O and Ctrl+E would open a
// second dialog, which waits anyway.)
func (e *dialogEntry) TypedShortcut(s fyne.Shortcut) {
	if s.ShortcutName() == scQuit.ShortcutName() {
		e.quit()
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey closes the dialog on Esc; other keys edit the text.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.escape()
		return
	}
	e.Entry.TypedKey(ev)
}
