package gui

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"medianscope/compute"
	"medianscope/plot"
)

// chartExport is what writes chart c of the result on screen to a file in
// format f, with its provenance. It captures the result now, on the UI
// goroutine, as its tab shows it (the Spread tab's boxes in the order
// chosen); the writing, hashing included, runs in the export's goroutine.
func (ui *UI) chartExport(c plot.Chart, f plot.Format) func(io.Writer) error {
	data, src, res := ui.data, ui.shown, ui.result
	if c.Kind == plot.SpreadChart {
		data = ui.spread.shown()
	}
	version := ui.app.Metadata().Version
	return func(w io.Writer) error {
		meta := exportProvenance(src, res, version)
		return c.Write(w, f, data, &meta)
	}
}

// exportProvenance says where the chart of res, computed from src, comes
// from. It reads src again to hash it, so it runs in the export's
// goroutine, never on the UI goroutine: the engine read the input once, at
// full speed, and kept no digest, and most charts are never exported.
//
// The file may have changed since it was computed: a file whose size is
// no longer the bytes the engine read is not hashed as if it were the data
// shown (an edit that keeps the size is not caught).
func exportProvenance(src Source, res *compute.Result, version string) compute.Provenance {
	p := compute.NewProvenance(res)
	p.Input = src.Name
	p.Software = strings.TrimSpace("Medianscope " + version)
	p.SHA256 = hashSource(src, res.Bytes)
	return p
}

// hashSource is the hex SHA-256 of what src reads, which must be want
// bytes, or "unavailable (why)".
func hashSource(src Source, want int64) string {
	rc, err := src.open()
	if err != nil {
		return "unavailable (the input could not be read again: " + err.Error() + ")"
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	switch {
	case err != nil:
		return "unavailable (the input could not be read again: " + err.Error() + ")"
	case n != want:
		return "unavailable (the input changed since it was computed)"
	}
	return hex.EncodeToString(h.Sum(nil))
}
