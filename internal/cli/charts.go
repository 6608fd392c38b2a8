package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"medianscope/compute"
	"medianscope/internal/atomicfile"
	"medianscope/plot"
)

// writeCharts writes the -png and -hist-png files (atomically), on the
// light theme so they print, with meta saying where they came from. A name
// ending in .svg gets SVG.
func writeCharts(c Config, name string, res *compute.Result, meta compute.Provenance) error {
	if c.Charts.PNG == "" && c.Charts.HistPNG == "" {
		return nil
	}
	d := plot.NewData(filepath.Base(name), res)
	size := plot.Size{W: c.Charts.Width, H: c.Charts.Height, Scale: 1}
	for _, out := range []struct {
		path string
		kind plot.Kind
	}{{c.Charts.PNG, plot.MediansChart}, {c.Charts.HistPNG, plot.DistributionChart}} {
		if out.path == "" {
			continue
		}
		format := plot.PNG
		if strings.EqualFold(filepath.Ext(out.path), ".svg") {
			format = plot.SVG
		}
		err := atomicfile.Write(out.path, func(w io.Writer) error {
			return plot.Chart{Kind: out.kind, Size: size, Theme: plot.Light}.Write(w, format, d, &meta)
		})
		if err != nil {
			return fmt.Errorf("%s: writing the %s chart: %v", out.path, out.kind, err)
		}
	}
	return nil
}
