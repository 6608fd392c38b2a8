// Command medianscope computes the median of every list (row) in a CSV
// file and charts them: a window by default, -headless for scripts.
package main

import (
	_ "embed"
	"os"

	"medianscope/gui"
	"medianscope/internal/cli"
)

//go:embed FyneApp.toml
var fyneApp []byte

func main() {
	cfg, err := cli.Parse(os.Args[1:])
	if err != nil || cfg.Headless {
		// Help, usage errors and the headless mode need no window.
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	gui.Run(gui.Config{File: cfg.File, Options: cfg.Options, Meta: gui.ParseMetadata(fyneApp)})
}
