package gui

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
)

// ParseMetadata reads the [Details] of a FyneApp.toml (Name, ID, Version,
// Build). `fyne package` compiles this in; a plain `go build` does not, so
// main embeds the file and the window reads it here for Help ▸ About.
func ParseMetadata(toml []byte) fyne.AppMetadata {
	m := fyne.AppMetadata{Name: "Medianscope", ID: "io.medianscope.app"}
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
