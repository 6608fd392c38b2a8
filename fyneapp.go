package main

import (
	_ "embed"

	"medianscope/internal/appmeta"
)

// fyneApp is FyneApp.toml: `fyne package` compiles it in, a plain `go
// build` does not, so both executables embed it (exports and Help ▸ About
// say its version).
//
//go:embed FyneApp.toml
var fyneApp []byte

var meta = appmeta.Parse(fyneApp)
