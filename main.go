//go:build !medianscope_window

// Command medianscope computes the median of every list (row) in a CSV
// file and charts them: a window by default, -headless for scripts.
//
// This file is the command line, medianscope: it never loads Fyne. Without
// -headless it hands over to medianscope-window (window.go, built with the
// medianscope_window tag), which holds the window; see internal/launch
// for why they are two.
package main

import (
	"fmt"
	"os"

	"medianscope/internal/cli"
	"medianscope/internal/launch"
	"medianscope/internal/tune"
)

func main() {
	tune.GC()
	cli.Version = meta.Version
	cfg, err := cli.Parse(os.Args[1:])
	if err != nil || cfg.Headless {
		// Help, usage errors and the headless mode need no window.
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	err = launch.Window(os.Args[1:])
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
