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

// TestNoDisplay builds medianscope and starts its window with no display:
// one line on stderr that names the DISPLAY tried and -headless, nothing
// on stdout, exit status 2 — not GLFW's panic trace, and nothing from
// Fyne's initialisation (LANG=C makes it log about the locale; earlylog
// must keep that quiet).
func TestNoDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the app with")
	}
	bin := filepath.Join(t.TempDir(), "medianscope")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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
			for _, want := range []string{"no display", tc.says, "medianscope -headless FILE"} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr %q does not say %q", msg, want)
				}
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: %q", stdout.String())
			}
		})
	}
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
