// Package assets holds the files built into the binary: the bundled sample
// data a new user sees first, the app icon and the app metadata.
package assets

import _ "embed"

// Sample is assets/sample.csv: 40 sensor runs of a few hundred readings
// each, ragged, with a few missing cells; one run clearly lowest (B-run04)
// and one clearly highest (D-run02).
//
//go:embed sample.csv
var Sample []byte

// SampleName is the sample's file name as shown to the user.
const SampleName = "sample.csv"

// Icon is the app icon, 512×512 PNG (made by tools/genicon).
//
//go:embed icon.png
var Icon []byte
