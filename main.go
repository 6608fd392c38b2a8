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

	"medianscope/internal/launch"
)

func main() {
	start()
	err := launch.Window(os.Args[1:])
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
