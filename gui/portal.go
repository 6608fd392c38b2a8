package gui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/godbus/dbus/v5"
	"github.com/rymdport/portal"
	"github.com/rymdport/portal/filechooser"
)

// The system file chooser: in a desktop session that offers one, Open and
// the export's Change… folder use the XDG desktop portal's FileChooser —
// the desktop's own dialog, with its bookmarks, recent files and network
// places — and Fyne's dialog otherwise (no session bus, as under Xvfb or
// over ssh, or no portal on it). This file is the only importer of the
// portal and D-Bus packages.
//
// A portal call blocks until the user answers, so it runs on a goroutine
// of the bridge and its answer comes back to the UI goroutine. The
// exports still ask for a folder and a name and write atomically
// (temporary file + rename); the portal only chooses the folder.

const (
	portalBusName = "org.freedesktop.portal.Desktop"
	portalPath    = "/org/freedesktop/portal/desktop"
	portalChooser = "org.freedesktop.portal.FileChooser"
	// portalProbeTimeout bounds the probe: a portal that is installed but
	// not running is started by D-Bus on the first call.
	portalProbeTimeout = 5 * time.Second
)

// dataFileExts are the files Open offers, in both choosers.
var dataFileExts = []string{".csv", ".tsv", ".txt", ".gz", ".zst", ".xz", ".bz2", ".xlsx"}

// probeSystemChooser finds out, off the UI goroutine, whether the session
// has a portal FileChooser; until it knows, the choosers are Fyne's.
func (ui *UI) probeSystemChooser() {
	background(ui.bridge, func() bool { return portalFileChooser(context.Background()) == nil },
		func(ok bool) { ui.systemChooser = ok })
}

// portalFileChooser reports why the session bus has no portal FileChooser,
// or nil if it has one. It never starts a bus (the D-Bus library would
// launch one when none is found): DBUS_SESSION_BUS_ADDRESS or the
// user's bus socket must name it.
func portalFileChooser(ctx context.Context) error {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return err
	}
	if err := conn.Hello(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, portalProbeTimeout)
	defer cancel()
	// The portal exports the FileChooser interface only when one of its
	// back ends implements it; its version property says so.
	var version dbus.Variant
	err = conn.Object(portalBusName, portalPath).
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, portalChooser, "version").
		Store(&version)
	if err != nil {
		return err
	}
	if v, ok := version.Value().(uint32); !ok || v == 0 {
		return errors.New("the portal has no FileChooser")
	}
	return nil
}

// chooserAnswer is a system chooser's answer: a path, "" if dismissed.
type chooserAnswer struct {
	path string
	err  error
}

// chooseWithPortal shows the portal's chooser (a file, or a folder) that
// starts in folder, and hands its answer to then on the UI goroutine.
// While it is up it counts as a dialog up (modal.go).
func (ui *UI) chooseWithPortal(title string, folder string, directory bool, then func(chooserAnswer)) {
	opts := &filechooser.OpenFileOptions{Directory: directory, CurrentFolder: folder}
	if !directory {
		f := portalFilter("Data files", dataFileExts)
		opts.Filters, opts.CurrentFilter = []*filechooser.Filter{f}, f
	}
	parent := portalParent(ui.win)
	ui.dialogs.system++
	background(ui.bridge, func() chooserAnswer {
		uris, err := portalOpenFile(parent, title, opts)
		if err != nil || len(uris) == 0 {
			return chooserAnswer{err: err}
		}
		path, err := localPath(uris[0])
		return chooserAnswer{path: path, err: err}
	}, func(a chooserAnswer) {
		ui.dialogs.system--
		then(a)
		ui.showWaiting()
	})
}

// portalOpenFile is filechooser.OpenFile, with a panic turned into an
// error: the portal package asserts the answer's types (an answer without
// "uris", as a chooser that ended without the user would give, panics),
// and a panic on this goroutine would end the app.
func portalOpenFile(parent, title string, opts *filechooser.OpenFileOptions) (uris []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			uris, err = nil, fmt.Errorf("unexpected answer from the portal: %v", r)
		}
	}()
	return filechooser.OpenFile(parent, title, opts)
}

// portalFilter matches the extensions in either case, as Fyne's dialog.
func portalFilter(name string, exts []string) *filechooser.Filter {
	f := &filechooser.Filter{Name: name}
	for _, e := range exts {
		f.Rules = append(f.Rules,
			filechooser.Rule{Type: filechooser.GlobPattern, Pattern: "*" + strings.ToLower(e)},
			filechooser.Rule{Type: filechooser.GlobPattern, Pattern: "*" + strings.ToUpper(e)})
	}
	return f
}

// portalParent is the window handle the portal's chooser is modal to: the
// X11 window's, "" where there is none (Wayland would need xdg-foreign;
// the test driver has no native window).
func portalParent(w fyne.Window) string {
	handle := ""
	if nw, ok := w.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
				handle = portal.FormatX11WindowHandle(x.WindowHandle)
			}
		})
	}
	return handle
}

// localPath is the path of a file:// URI the portal answered (already
// unescaped by the portal package).
func localPath(uri string) (string, error) {
	path, ok := strings.CutPrefix(uri, "file://")
	if !ok || !strings.HasPrefix(path, "/") {
		return "", errors.New("not a local file: " + uri)
	}
	return path, nil
}
