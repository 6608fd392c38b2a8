package gui

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/godbus/dbus/v5"
)

// pressKey delivers a key without modifiers as Fyne's desktop driver does:
// to the focused widget of the topmost layer (a dialog has its own focus),
// else to the canvas's key handler.
func pressKey(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if w := c.Focused(); w != nil {
		w.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// pressShortcut delivers a shortcut such as Ctrl+E to the canvas (the
// driver tries the main menu first, whose items call the same functions).
func pressShortcut(c fyne.Canvas, s fyne.Shortcut) {
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// overlayCount is the number of pop-ups over the window.
func overlayCount(ui *UI) int { return len(ui.win.Canvas().Overlays().List()) }

// topDialog is the tracked dialog whose pop-up is on top, nil if none.
func topDialog(ui *UI) dialog.Dialog {
	ui.pruneDialogs()
	n := len(ui.dialogs.open)
	if n == 0 || ui.dialogs.open[n-1].overlay != ui.win.Canvas().Overlays().Top() {
		return nil
	}
	return ui.dialogs.open[n-1].d
}

// inTopOverlay finds the first object of type T in the topmost pop-up.
func inTopOverlay[T any](t *testing.T, ui *UI, match func(T) bool) T {
	t.Helper()
	for _, o := range test.LaidOutObjects(ui.win.Canvas().Overlays().Top()) {
		if v, ok := o.(T); ok && (match == nil || match(v)) {
			return v
		}
	}
	var zero T
	t.Fatalf("no %T in the top pop-up", zero)
	return zero
}

// TestEscClosesEveryDialog opens each dialog of the window while a file is
// being computed: Esc closes the dialog and leaves the run alone; with no
// dialog left, Esc cancels the run.
func TestEscClosesEveryDialog(t *testing.T) {
	data := generated(t, 4<<20)
	existing := filepath.Join(t.TempDir(), "keep.csv")
	if err := os.WriteFile(existing, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		noResult bool // no file computed yet (these cases come first)
		open     func(ui *UI)
		want     func(d dialog.Dialog) bool
	}{
		{name: "nothing to export", noResult: true, open: (*UI).showExportChart, want: notNil},
		{name: "open", open: (*UI).showOpen, want: dialogIs[*dialog.FileDialog]},
		{name: "export chart", open: (*UI).showExportChart, want: dialogIs[*dialog.FormDialog]},
		{name: "export CSV", open: (*UI).showExportCSV, want: dialogIs[*dialog.FormDialog]},
		{name: "about", open: (*UI).showAbout, want: dialogIs[*dialog.CustomDialog]},
		{name: "error", open: func(ui *UI) { ui.showError(Source{Name: "x.csv"}, errors.New("boom")) }, want: dialogIs[*dialog.CustomDialog]},
		{name: "skipped cells", open: func(ui *UI) { ui.showText("Cells skipped", "x.csv:2:3 \"x\"\n") }, want: dialogIs[*dialog.CustomDialog]},
		{name: "replace file", open: func(ui *UI) {
			ui.confirmAndWrite(existing, func(w io.Writer) error { _, err := io.WriteString(w, "replaced"); return err })
		}, want: dialogIs[*dialog.ConfirmDialog]},
		{name: "no file name", open: func(ui *UI) { ui.confirmAndWrite(t.TempDir()+"/", nil) }, want: notNil},
		{name: "export failed", open: func(ui *UI) { ui.showExportError(existing, errors.New("disk full")) }, want: dialogIs[*dialog.CustomDialog]},
	}
	f := newFixture(t) // one window for all: each case leaves no dialog and no run
	for _, tc := range cases {
		if !tc.noResult && f.ui.result == nil {
			f.openAndWait(SampleSource())
		}
		t.Run(tc.name, func(t *testing.T) {
			if (f.ui.result == nil) != tc.noResult {
				t.Fatal("the cases without a result come first")
			}
			t.Cleanup(func() { // whatever failed, the next case starts clean
				overlays := f.ui.win.Canvas().Overlays()
				for overlays.Top() != nil {
					overlays.Remove(overlays.Top())
				}
				f.ui.dialogs = dialogStack{}
				f.ui.Cancel()
				f.q.pumpUntil(t, "no run", func() bool { return !f.ui.bridge.running() })
			})
			f.ui.Open(slowSource("slow.csv", data, 5*time.Millisecond))
			tc.open(f.ui)
			if d := topDialog(f.ui); d == nil || !tc.want(d) || overlayCount(f.ui) != 1 {
				t.Fatalf("on screen: %T, %d pop-ups", d, overlayCount(f.ui))
			}
			pressKey(f.ui.win.Canvas(), fyne.KeyEscape)
			if n := overlayCount(f.ui); n != 0 || f.ui.dialogUp() {
				t.Fatalf("after Esc: %d pop-ups", n)
			}
			if !f.ui.bridge.running() {
				t.Fatal("Esc on a dialog cancelled the run")
			}
			if strings.HasPrefix(f.ui.status.Text, "Saving") {
				t.Fatalf("Esc on the dialog exported: %q", f.ui.status.Text)
			}
			// No dialog left: Esc cancels.
			pressKey(f.ui.win.Canvas(), fyne.KeyEscape)
			f.q.pumpUntil(t, "the cancel", func() bool { return !f.ui.bridge.running() })
			if !strings.HasPrefix(f.ui.status.Text, "Cancelled slow.csv") {
				t.Errorf("status after Esc with no dialog: %q", f.ui.status.Text)
			}
			if b, _ := os.ReadFile(existing); string(b) != "precious" {
				t.Errorf("Esc on the dialog wrote the file: %q", b)
			}
		})
	}
}

// TestEscClosesFyneOwnDialog: a dialog shown past showDialog — Fyne's own,
// such as its file dialog's New Folder — counts as a dialog up, and Esc
// closes it without cancelling the run.
func TestEscClosesFyneOwnDialog(t *testing.T) {
	f := newFixture(t)
	f.ui.Open(slowSource("slow.csv", generated(t, 1<<20), 5*time.Millisecond))
	dialog.ShowInformation("Fyne's own", "not shown through showDialog", f.ui.win)
	if !f.ui.dialogUp() || overlayCount(f.ui) != 1 {
		t.Fatalf("dialog up %v, %d pop-ups", f.ui.dialogUp(), overlayCount(f.ui))
	}
	pressShortcut(f.ui.win.Canvas(), scOpen)
	if overlayCount(f.ui) != 1 {
		t.Error("Ctrl+O stacked a dialog over Fyne's own")
	}
	pressKey(f.ui.win.Canvas(), fyne.KeyEscape)
	if overlayCount(f.ui) != 0 || !f.ui.bridge.running() {
		t.Fatalf("after Esc: %d pop-ups, running %v", overlayCount(f.ui), f.ui.bridge.running())
	}
}

func dialogIs[T any](d dialog.Dialog) bool { _, ok := d.(T); return ok }

func notNil(d dialog.Dialog) bool { return d != nil }

// TestEscInTextField: a clicked text field holds the keyboard focus, so Esc
// goes to it first; the dialogs' text fields pass it on, and other keys
// still edit the text.
func TestEscInTextField(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	f.ui.showExportCSV()
	c := f.ui.win.Canvas()
	name := inTopOverlay[*dialogEntry](t, f.ui, nil)
	c.Focus(name)
	if c.Focused() != fyne.Focusable(name) {
		t.Fatal("the name field did not take the focus")
	}
	name.SetText("")
	test.Type(name, "abc")
	pressKey(c, fyne.KeyBackspace)
	if name.Text != "ab" {
		t.Errorf("Backspace in the name field: %q", name.Text)
	}
	pressKey(c, fyne.KeyEscape)
	if overlayCount(f.ui) != 0 {
		t.Fatal("Esc in the name field left the dialog up")
	}
}

// TestQuitFromTextField: Fyne hands every shortcut to a focused text field
// (the window's own never see it); Ctrl+Q there still quits, and the
// field's own shortcuts still edit.
func TestQuitFromTextField(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	f.ui.showExportCSV()
	name := inTopOverlay[*dialogEntry](t, f.ui, nil)
	f.ui.win.Canvas().Focus(name)
	name.SetText("abc")
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
	if name.SelectedText() != "abc" {
		t.Errorf("Select All in the name field selected %q", name.SelectedText())
	}
	if f.ui.bridge.closed {
		t.Fatal("the bridge closed before Ctrl+Q")
	}
	name.TypedShortcut(scQuit)
	if !f.ui.bridge.closed {
		t.Error("Ctrl+Q in the name field did not quit")
	}
}

// TestOneDialogAtATime: a shortcut that would open a dialog does nothing
// while one is up (F5 neither); a dialog the window shows by itself waits
// for the one up to close.
func TestOneDialogAtATime(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	c := f.ui.win.Canvas()
	pressShortcut(c, scOpen)
	open := topDialog(f.ui)
	if !dialogIs[*dialog.FileDialog](open) {
		t.Fatalf("Ctrl+O showed %T", open)
	}
	for _, s := range []fyne.Shortcut{scExport, scOpen} {
		pressShortcut(c, s)
		if overlayCount(f.ui) != 1 || topDialog(f.ui) != open || len(f.ui.dialogs.waiting) != 0 {
			t.Fatalf("%s while Open is up: %d pop-ups, top %T, %d waiting",
				s.ShortcutName(), overlayCount(f.ui), topDialog(f.ui), len(f.ui.dialogs.waiting))
		}
	}
	f.ui.showAbout() // Help ▸ About, were the menu reachable
	pressKey(c, fyne.KeyF5)
	if overlayCount(f.ui) != 1 || len(f.ui.dialogs.waiting) != 0 || f.ui.bridge.running() {
		t.Fatalf("About or F5 behind the Open dialog: %d pop-ups, %d waiting, running %v",
			overlayCount(f.ui), len(f.ui.dialogs.waiting), f.ui.bridge.running())
	}

	// A run's error while Open is up waits its turn.
	f.ui.showError(Source{Name: "bad.csv"}, errors.New("boom"))
	if topDialog(f.ui) != open || overlayCount(f.ui) != 1 {
		t.Fatal("the error dialog did not wait for the Open dialog")
	}
	if !strings.Contains(f.ui.errorShown, "boom") {
		t.Errorf("error recorded: %q", f.ui.errorShown)
	}
	pressKey(c, fyne.KeyEscape)
	if d := topDialog(f.ui); !dialogIs[*dialog.CustomDialog](d) || overlayCount(f.ui) != 1 {
		t.Fatalf("after closing Open: %T, %d pop-ups", d, overlayCount(f.ui))
	}
	pressKey(c, fyne.KeyEscape)
	if f.ui.dialogUp() {
		t.Fatal("a dialog is still up")
	}
	// With none up, Ctrl+E opens the export dialog.
	pressShortcut(c, scExport)
	if !dialogIs[*dialog.FormDialog](topDialog(f.ui)) {
		t.Fatalf("Ctrl+E showed %T", topDialog(f.ui))
	}
}

// TestDialogChains: the export's Change… folder opens over the export
// dialog and Esc closes it first; Export with the name of an existing file
// closes the form and asks before replacing it at once.
func TestDialogChains(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	dir := t.TempDir()
	f.ui.app.Preferences().SetString(prefLastFolder, dir)
	existing := filepath.Join(dir, "sample-medians.csv")
	if err := os.WriteFile(existing, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := f.ui.win.Canvas()

	f.ui.showExportCSV()
	form := topDialog(f.ui).(*dialog.FormDialog)
	change := inTopOverlay(t, f.ui, func(b *widget.Button) bool { return b.Text == "Change…" })
	test.Tap(change)
	if overlayCount(f.ui) != 2 || !dialogIs[*dialog.FileDialog](topDialog(f.ui)) {
		t.Fatalf("Change…: %d pop-ups, top %T", overlayCount(f.ui), topDialog(f.ui))
	}
	pressKey(c, fyne.KeyEscape)
	if overlayCount(f.ui) != 1 || topDialog(f.ui) != form {
		t.Fatalf("Esc over the form: %d pop-ups, top %T", overlayCount(f.ui), topDialog(f.ui))
	}

	form.Submit()
	if _, ok := topDialog(f.ui).(*dialog.ConfirmDialog); !ok || overlayCount(f.ui) != 1 {
		t.Fatalf("Export over an existing file: %T, %d pop-ups", topDialog(f.ui), overlayCount(f.ui))
	}
	pressKey(c, fyne.KeyEscape) // No
	f.q.runPending()
	if b, _ := os.ReadFile(existing); string(b) != "precious" || f.ui.dialogUp() {
		t.Fatalf("after Esc on Replace?: file %q, dialog up %v", b, f.ui.dialogUp())
	}
}

// TestNoSessionBusMeansFyneDialog: with no session bus the probe finds no
// portal and Open shows Fyne's dialog. (The portal's own chooser cannot be
// shown here: no desktop session runs the portal.)
func TestNoSessionBusMeansFyneDialog(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	if err := portalFileChooser(t.Context()); err == nil {
		t.Fatal("found a portal on a bus that does not exist")
	}
	f := newFixture(t)
	f.ui.systemChooser = true // as if a portal had been there: the probe must say otherwise
	f.ui.probeSystemChooser()
	f.q.pumpUntil(t, "the probe", func() bool { return !f.ui.systemChooser })
	f.ui.showOpen()
	if !dialogIs[*dialog.FileDialog](topDialog(f.ui)) || f.ui.dialogs.system != 0 {
		t.Fatalf("Open without a portal showed %T (system choosers %d)", topDialog(f.ui), f.ui.dialogs.system)
	}
}

// testBus starts a private D-Bus session bus (a bare dbus-daemon) for the
// test and points DBUS_SESSION_BUS_ADDRESS at it; it skips the test where
// dbus-daemon is not installed.
func testBus(t *testing.T) string {
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon not installed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, daemon, "--session", "--nofork", "--nopidfile", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// TestSessionBusWithoutPortal: a session bus with no portal on it is no
// system chooser either.
func TestSessionBusWithoutPortal(t *testing.T) {
	testBus(t)
	err := portalFileChooser(t.Context())
	if err == nil || !strings.Contains(err.Error(), portalBusName) {
		t.Fatalf("portal on a bare bus: %v", err)
	}
}

// fakePortal stands in for xdg-desktop-portal on a test bus: it offers the
// FileChooser interface and answers OpenFile with uri after a pause (the
// portal package listens for the answer only once its call returned).
type fakePortal struct {
	conn  *dbus.Conn
	uri   string
	asked chan map[string]dbus.Variant
}

func (p *fakePortal) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if iface == portalChooser && name == "version" {
		return dbus.MakeVariant(uint32(4)), nil
	}
	return dbus.Variant{}, dbus.MakeFailedError(errors.New("no such property"))
}

func (p *fakePortal) OpenFile(parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	p.asked <- options
	go func() {
		time.Sleep(200 * time.Millisecond)
		p.conn.Emit(portalPath, "org.freedesktop.portal.Request.Response",
			uint32(0), map[string]dbus.Variant{"uris": dbus.MakeVariant([]string{p.uri})})
	}()
	return portalPath + "/request/1", nil
}

// TestFakePortalOpen runs Open through the portal package and D-Bus against
// a fake portal: the chooser starts in the last folder with the data-file
// filter, counts as a dialog while it is up (Esc does not cancel, Ctrl+E
// opens nothing), and the file it answers is opened and its folder
// remembered. (Not the real portal, which needs a desktop session.)
func TestFakePortalOpen(t *testing.T) {
	addr := testBus(t)
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dir := t.TempDir()
	data := filepath.Join(dir, "some data.csv")
	if err := os.WriteFile(data, []byte("a,1,2,3\nb,4,5,6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := &fakePortal{conn: conn, uri: "file://" + data, asked: make(chan map[string]dbus.Variant, 1)}
	for iface, v := range map[string]any{"org.freedesktop.DBus.Properties": fake, portalChooser: fake} {
		if err := conn.Export(v, portalPath, iface); err != nil {
			t.Fatal(err)
		}
	}
	if reply, err := conn.RequestName(portalBusName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", portalBusName, reply, err)
	}

	f := newFixture(t)
	f.openAndWait(SampleSource())
	start := t.TempDir()
	f.ui.app.Preferences().SetString(prefLastFolder, start)
	f.ui.probeSystemChooser()
	f.q.pumpUntil(t, "the probe", func() bool { return f.ui.systemChooser })

	f.ui.Open(slowSource("slow.csv", generated(t, 4<<20), 20*time.Millisecond))
	f.ui.showOpen()
	var options map[string]dbus.Variant
	f.q.pumpUntil(t, "the portal to be asked", func() bool {
		select {
		case options = <-fake.asked:
			return true
		default:
			return false
		}
	})
	if got := strings.TrimRight(string(options["current_folder"].Value().([]byte)), "\x00"); got != start {
		t.Errorf("current_folder %q, want %q", got, start)
	}
	if dir, _ := options["directory"].Value().(bool); dir {
		t.Error("asked for a folder")
	}
	if _, ok := options["filters"]; !ok {
		t.Error("no file filter")
	}
	if !f.ui.dialogUp() || overlayCount(f.ui) != 0 {
		t.Fatalf("while the system chooser is up: dialog up %v, %d pop-ups", f.ui.dialogUp(), overlayCount(f.ui))
	}
	pressShortcut(f.ui.win.Canvas(), scExport)
	if overlayCount(f.ui) != 0 {
		t.Error("Ctrl+E opened a dialog while the system chooser was up")
	}
	pressKey(f.ui.win.Canvas(), fyne.KeyEscape)
	if !f.ui.bridge.running() {
		t.Error("Esc cancelled the run while the system chooser was up")
	}
	f.q.pumpUntil(t, "the answer and its run", func() bool {
		return f.ui.dialogs.system == 0 && f.ui.shown.Path == data && !f.ui.bridge.running()
	})
	if f.ui.result == nil || f.ui.result.Stats.Len() != 2 {
		t.Fatalf("result of %s: %+v", data, f.ui.result)
	}
	if got := f.ui.app.Preferences().String(prefLastFolder); got != dir {
		t.Errorf("last folder %q, want %q", got, dir)
	}
}

func TestLocalPath(t *testing.T) {
	cases := []struct {
		uri, want string
		ok        bool
	}{
		{"file:///home/a/data.csv", "/home/a/data.csv", true},
		{"file:///home/a/with space.csv", "/home/a/with space.csv", true},
		{"file:///", "/", true},
		{"sftp://host/data.csv", "", false},
		{"file://host/data.csv", "", false},
		{"/home/a/data.csv", "", false},
	}
	for _, tc := range cases {
		got, err := localPath(tc.uri)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("localPath(%q) = %q, %v", tc.uri, got, err)
		}
	}
}
