// Command medianscope computes the median of every list (row) in a CSV
// file and charts them: a window by default, -headless for scripts.
package main

import (
	_ "embed"
	"fmt"
	"os"

	_ "early.medianscope/earlylog" // before Fyne's init: see the package

	"medianscope/gui"
	"medianscope/internal/cli"
	"medianscope/internal/tune"
)

//go:embed FyneApp.toml
var fyneApp []byte

func main() {
	tune.GC()
	cli.Version = gui.ParseMetadata(fyneApp).Version // exports say the version Help ▸ About shows
	cfg, err := cli.Parse(os.Args[1:])
	if err != nil || cfg.Headless {
		// Help, usage errors and the headless mode need no window.
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	if err := gui.CheckDisplay(); err != nil {
		// One line instead of GLFW's panic trace.
		fmt.Fprintln(os.Stderr, err)
		os.Exit(gui.ExitNoDisplay)
	}
	gui.Run(gui.Config{File: cfg.File, Options: cfg.Options, Meta: gui.ParseMetadata(fyneApp)})
}
