// Package appmeta reads the application's details from FyneApp.toml, the
// file `fyne package` compiles in and a plain `go build` does not. It has
// no Fyne import: the command line (which never loads Fyne) and the window
// both read the version from it.
package appmeta

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// Metadata is the [Details] section of a FyneApp.toml.
type Metadata struct {
	Name, ID, Version string
	Build             int
}

// Parse reads the [Details] of a FyneApp.toml (Name, ID, Version, Build).
// Keys it does not know and other sections are ignored; a missing Name or
// ID keeps Medianscope's.
func Parse(toml []byte) Metadata {
	m := Metadata{Name: "Medianscope", ID: "io.medianscope.app"}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(toml))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		key, val = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(val), `"`)
		switch key {
		case "Name":
			m.Name = val
		case "ID":
			m.ID = val
		case "Version":
			m.Version = val
		case "Build":
			m.Build, _ = strconv.Atoi(val)
		}
	}
	return m
}
