package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestNoDisplay builds medianscope and medianscope-window and starts the
// window, through the command line, with no display:
// one line on stderr that names the DISPLAY tried and -headless, nothing
// on stdout, exit status 2 — not GLFW's panic trace, and nothing from
// Fyne's initialisation (LANG=C makes it log about the locale; earlylog
// must keep that quiet).
func TestNoDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app")
	}
	bin := buildApp(t, true)
	if _, err := os.Stat("/tmp/.X11-unix/X987"); err == nil {
		t.Skip("display :987 exists on this machine")
	}
	cases := []struct {
		name    string
		display []string // DISPLAY=…, or none for unset
		says    string
	}{
		{"unset", nil, "DISPLAY is not set"},
		{"empty", []string{"DISPLAY="}, "DISPLAY is not set"},
		{"unreachable", []string{"DISPLAY=:987"}, `DISPLAY=":987"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "assets/sample.csv")
			cmd.Env = append(environWithout("DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL"), "LANG=C")
			cmd.Env = append(cmd.Env, tc.display...)
			msg := oneLineExit2(t, cmd)
			for _, want := range []string{"no display", tc.says, "medianscope -headless FILE"} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr %q does not say %q", msg, want)
				}
			}
		})
	}
}

// buildApp builds medianscope into a new folder, and medianscope-window
// beside it when window is set; it returns medianscope's path.
func buildApp(t *testing.T, window bool) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the app with")
	}
	dir := t.TempDir()
	builds := [][]string{{"build", "-o", filepath.Join(dir, "medianscope"), "."}}
	if window {
		builds = append(builds, []string{"build", "-tags", "medianscope_window", "-o", filepath.Join(dir, "medianscope-window"), "."})
	}
	for _, args := range builds {
		if out, err := exec.Command(goTool, args...).CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	return filepath.Join(dir, "medianscope")
}

// TestNoWindowBinary: the command line alone opens no window; it says in
// one line what is missing and that -headless works, and exits with 2,
// while -headless runs as ever.
func TestNoWindowBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app")
	}
	bin := buildApp(t, false)
	msg := oneLineExit2(t, exec.Command(bin, "assets/sample.csv"))
	if !strings.Contains(msg, "medianscope-window") || !strings.Contains(msg, "-headless") {
		t.Errorf("stderr %q: want it to name medianscope-window and -headless", msg)
	}
	out, err := exec.Command(bin, "-headless", "assets/sample.csv").Output()
	if err != nil || !strings.Contains(string(out), "median") {
		t.Errorf("-headless without the window: %v\n%s", err, out)
	}
}

// oneLineExit2 runs cmd and returns its stderr, failing t unless that is
// one line, the exit status 2 and stdout empty.
func oneLineExit2(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit: %v, want status 2; stderr:\n%s", err, stderr.String())
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
		t.Fatalf("stderr is not one line:\n%s", msg)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
	return msg
}

// environWithout is the environment less the named variables.
func environWithout(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !slices.Contains(names, name) {
			env = append(env, kv)
		}
	}
	return env
}
