//go:build medianscope_window

// Command medianscope-window is Medianscope with its window: what
// `medianscope FILE` runs (see internal/launch). It takes the same
// arguments, -headless included.
package main

import (
	"fmt"
	"os"

	_ "early.medianscope/earlylog" // before Fyne's init: see the package

	"medianscope/gui"
)

func main() {
	cfg := start()
	if err := gui.CheckDisplay(); err != nil {
		// One line instead of GLFW's panic trace.
		fmt.Fprintln(os.Stderr, err)
		os.Exit(gui.ExitNoDisplay)
	}
	gui.Run(gui.Config{File: cfg.File, Options: cfg.Options, Meta: gui.Metadata(meta)})
}
