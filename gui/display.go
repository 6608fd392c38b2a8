package gui

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// ExitNoDisplay is the exit status of the window mode started without a
// display: 2, as a bad command line (the same run with -headless works).
const ExitNoDisplay = 2

// displayTimeout bounds the connection attempt to an X server over TCP
// (an ssh-forwarded DISPLAY such as localhost:10.0); local sockets answer
// or fail at once.
const displayTimeout = 2 * time.Second

// CheckDisplay reports, before Fyne and GLFW are initialised, whether the
// window can open: without a display GLFW panics with a 31-line trace
// instead of saying so. It is pure Go (no cgo, no X library): it reads
// DISPLAY — or, in a build with the wayland tag, WAYLAND_DISPLAY — and
// connects to the socket that names, then closes the connection. The
// error is one line that names the value tried and the way out
// (-headless). Other systems than Linux and the BSDs need no check. It
// does not speak the X protocol: a server that is there but refuses us
// (no Xauthority cookie) still fails in GLFW.
func CheckDisplay() error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
	default:
		return nil
	}
	var err error
	if waylandBuild {
		err = checkWayland(os.Getenv("WAYLAND_DISPLAY"), os.Getenv("XDG_RUNTIME_DIR"))
	} else {
		err = checkX11(os.Getenv("DISPLAY"))
	}
	if err != nil {
		return fmt.Errorf("medianscope: no display: %w; medianscope -headless FILE works without one", err)
	}
	return nil
}

// endpoint is one place an X server may listen.
type endpoint struct{ network, address string }

// parseDisplay reads an X11 DISPLAY value into the places to try, in the
// order Xlib (through xcb) tries them: [protocol/][host]:N[.S] — ":0",
// ":1.0", "unix:0", "localhost:10.0", "tcp/host:0", "[::1]:0" — or the
// path of a socket ("/private/tmp/com.apple.launchd.x/org.xquartz:0", as
// XQuartz sets it). No host, host "unix" or protocol unix is the local
// socket of display N: Linux's abstract socket @/tmp/.X11-unix/XN first
// (what Xorg and Xvfb listen on there), then the socket file
// /tmp/.X11-unix/XN, and, with neither host nor protocol given, TCP on
// localhost. Any other host is TCP port 6000+N. DECnet's "host::N" is not
// supported.
func parseDisplay(display string, goos string) ([]endpoint, error) {
	if display == "" {
		return nil, errors.New("DISPLAY is not set")
	}
	if strings.HasPrefix(display, "/") {
		return []endpoint{{"unix", display}}, nil
	}
	protocol, rest := "", display
	if i := strings.Index(rest, "/"); i >= 0 {
		protocol, rest = rest[:i], rest[i+1:]
		switch protocol {
		case "unix", "local", "tcp", "inet", "inet6":
		default:
			return nil, fmt.Errorf("DISPLAY=%q: unknown protocol %q", display, protocol)
		}
	}
	colon := strings.LastIndex(rest, ":")
	if colon < 0 {
		return nil, fmt.Errorf("DISPLAY=%q is not of the form [host]:N", display)
	}
	host, number := rest[:colon], rest[colon+1:]
	if strings.HasSuffix(host, ":") && !strings.HasPrefix(host, "[") {
		return nil, fmt.Errorf("DISPLAY=%q: DECnet displays are not supported", display)
	}
	if dot := strings.IndexByte(number, '.'); dot >= 0 {
		if _, err := strconv.ParseUint(number[dot+1:], 10, 16); err != nil {
			return nil, fmt.Errorf("DISPLAY=%q: screen %q is not a number", display, number[dot+1:])
		}
		number = number[:dot]
	}
	n, err := strconv.ParseUint(number, 10, 16)
	if err != nil || n > 65535-6000 {
		return nil, fmt.Errorf("DISPLAY=%q: display %q is not a number", display, number)
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	tcp := endpoint{"tcp", net.JoinHostPort(cmp.Or(host, "localhost"), strconv.Itoa(6000+int(n)))}
	switch {
	case protocol == "unix" || protocol == "local" || (protocol == "" && (host == "" || host == "unix")):
		file := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		var ends []endpoint
		if goos == "linux" {
			ends = append(ends, endpoint{"unix", "@" + file})
		}
		ends = append(ends, endpoint{"unix", file})
		if protocol == "" && host == "" {
			ends = append(ends, tcp)
		}
		return ends, nil
	case host == "unix":
		return nil, fmt.Errorf("DISPLAY=%q: host unix with protocol %s", display, protocol)
	}
	return []endpoint{tcp}, nil
}

// checkX11 connects to the X server DISPLAY names, or says why not.
func checkX11(display string) error {
	ends, err := parseDisplay(display, runtime.GOOS)
	if err != nil {
		return err
	}
	var first error
	for _, e := range ends {
		c, err := net.DialTimeout(e.network, e.address, displayTimeout)
		if err == nil {
			c.Close()
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return fmt.Errorf("cannot connect to the X server of DISPLAY=%q (%s)", display, dialReason(first))
}

// dialReason is the gist of a failed connection: "connection refused"
// rather than "dial unix @/tmp/.X11-unix/X987: connect: connection refused".
func dialReason(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		err = op.Err
	}
	var sys *os.SyscallError
	if errors.As(err, &sys) {
		err = sys.Err
	}
	return err.Error()
}

// checkWayland looks for the compositor's socket: WAYLAND_DISPLAY (default
// "wayland-0") in XDG_RUNTIME_DIR, or WAYLAND_DISPLAY itself if it is a
// path.
func checkWayland(display, runtimeDir string) error {
	if display == "" {
		return errors.New("WAYLAND_DISPLAY is not set")
	}
	path := display
	if !filepath.IsAbs(path) {
		if runtimeDir == "" {
			return fmt.Errorf("WAYLAND_DISPLAY=%q but XDG_RUNTIME_DIR is not set", display)
		}
		path = filepath.Join(runtimeDir, display)
	}
	c, err := net.DialTimeout("unix", path, displayTimeout)
	if err != nil {
		return fmt.Errorf("cannot connect to the Wayland compositor at %s (WAYLAND_DISPLAY=%q: %s)", path, display, dialReason(err))
	}
	c.Close()
	return nil
}
