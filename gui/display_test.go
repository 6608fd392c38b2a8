package gui

import (
	"fmt"
	"net"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseDisplay(t *testing.T) {
	// local is where display n of this machine listens on Linux.
	local := func(n int, tcp bool) []endpoint {
		e := []endpoint{{"unix", fmt.Sprintf("@/tmp/.X11-unix/X%d", n)}, {"unix", fmt.Sprintf("/tmp/.X11-unix/X%d", n)}}
		if tcp {
			e = append(e, endpoint{"tcp", fmt.Sprintf("localhost:%d", 6000+n)})
		}
		return e
	}
	cases := []struct {
		display string
		goos    string
		want    []endpoint
		err     string // part of the error, "" for none
	}{
		{display: ":0", goos: "linux", want: local(0, true)},
		{display: ":1.0", goos: "linux", want: local(1, true)},
		{display: ":987", goos: "linux", want: local(987, true)},
		{display: ":0", goos: "freebsd", want: []endpoint{{"unix", "/tmp/.X11-unix/X0"}, {"tcp", "localhost:6000"}}},
		{display: "unix:2", goos: "linux", want: local(2, false)},
		{display: "unix:2.1", goos: "linux", want: local(2, false)},
		{display: "unix/:3", goos: "linux", want: local(3, false)},
		{display: "localhost:10.0", goos: "linux", want: []endpoint{{"tcp", "localhost:6010"}}},
		{display: "example.org:1", goos: "linux", want: []endpoint{{"tcp", "example.org:6001"}}},
		{display: "tcp/example.org:0.0", goos: "linux", want: []endpoint{{"tcp", "example.org:6000"}}},
		{display: "tcp/:5", goos: "linux", want: []endpoint{{"tcp", "localhost:6005"}}},
		{display: "[::1]:2", goos: "linux", want: []endpoint{{"tcp", "[::1]:6002"}}},
		{display: "/private/tmp/com.apple.launchd.x/org.xquartz:0", goos: "linux",
			want: []endpoint{{"unix", "/private/tmp/com.apple.launchd.x/org.xquartz:0"}}},
		{display: "", err: "DISPLAY is not set"},
		{display: "bogus", err: `"bogus" is not of the form`},
		{display: ":x", err: `display "x" is not a number`},
		{display: ":", err: `display "" is not a number`},
		{display: ":0.x", err: `screen "x"`},
		{display: ":99999", err: "not a number"},
		{display: "host::0", err: "DECnet"},
		{display: "ftp/host:0", err: `unknown protocol "ftp"`},
	}
	for _, tc := range cases {
		got, err := parseDisplay(tc.display, tc.goos)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseDisplay(%q) = %v, %v; want an error with %q", tc.display, got, err, tc.err)
			}
		case err != nil || !reflect.DeepEqual(got, tc.want):
			t.Errorf("parseDisplay(%q, %s) = %v, %v; want %v", tc.display, tc.goos, got, err, tc.want)
		}
	}
}

// TestCheckX11 connects to a listening socket and fails on a closed one,
// naming the DISPLAY tried.
func TestCheckX11(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "X0")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	// An X server by TCP: the first free port from 6000+100 on.
	var tl net.Listener
	n := 100
	for ; n < 200; n++ {
		if tl, err = net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 6000+n)); err == nil {
			break
		}
	}
	if tl == nil {
		t.Fatal("no free port from 6100 to 6199")
	}
	tcpDisplay := fmt.Sprintf("127.0.0.1:%d.0", n)
	for _, display := range []string{sock, tcpDisplay} {
		if err := checkX11(display); err != nil {
			t.Errorf("checkX11(%q) with a server listening: %v", display, err)
		}
	}
	l.Close()
	tl.Close()
	for _, display := range []string{sock, tcpDisplay} {
		err := checkX11(display)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("DISPLAY=%q", display)) {
			t.Errorf("checkX11(%q) with no server: %v", display, err)
		}
	}
}

func TestCheckWayland(t *testing.T) {
	dir := t.TempDir()
	l, err := net.Listen("unix", filepath.Join(dir, "wayland-7"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cases := []struct {
		display, runtimeDir string
		err                 string
	}{
		{"wayland-7", dir, ""},
		{filepath.Join(dir, "wayland-7"), "", ""},
		{"wayland-8", dir, `WAYLAND_DISPLAY="wayland-8"`},
		{"wayland-7", "", "XDG_RUNTIME_DIR is not set"},
		{"", dir, "WAYLAND_DISPLAY is not set"},
	}
	for _, tc := range cases {
		err := checkWayland(tc.display, tc.runtimeDir)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("checkWayland(%q, %q) = %v, want %q", tc.display, tc.runtimeDir, err, tc.err)
		}
	}
}
