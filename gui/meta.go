package gui

import (
	"fyne.io/fyne/v2"

	"medianscope/internal/appmeta"
)

// Metadata is the app's details as Fyne takes them (Help ▸ About, the
// app ID for preferences).
func Metadata(m appmeta.Metadata) fyne.AppMetadata {
	return fyne.AppMetadata{Name: m.Name, ID: m.ID, Version: m.Version, Build: m.Build}
}
