package main

import (
	_ "embed"
	"os"

	"medianscope/internal/appmeta"
	"medianscope/internal/cli"
	"medianscope/internal/tune"
)

// fyneApp is FyneApp.toml: `fyne package` compiles it in, a plain `go
// build` does not, so both executables embed it (exports and Help ▸ About
// say its version).
//
//go:embed FyneApp.toml
var fyneApp []byte

var meta = appmeta.Parse(fyneApp)

// start is what both executables do first: the process set-up, and the
// command line's work where it needs no window (help, usage errors,
// -headless), after which it exits. Otherwise it returns the settings
// the window opens with.
func start() cli.Config {
	tune.GC()
	cli.Version = meta.Version
	cfg, err := cli.Parse(os.Args[1:])
	if err != nil || cfg.Headless {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	return cfg
}
