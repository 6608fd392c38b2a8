package gui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"medianscope/assets"
	"medianscope/compute"
	"medianscope/plot"
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestExportProvenance computes a source, then changes it (or not) before
// the export hashes it again.
func TestExportProvenance(t *testing.T) {
	const content = "a,1,2\nb,3,4\n"
	tests := []struct {
		name   string
		src    func(t *testing.T) (Source, func()) // the source, and what happens to it after the run
		input  string
		sha256 string
	}{
		{"sample", func(*testing.T) (Source, func()) { return SampleSource(), func() {} },
			assets.SampleName, sha256Hex(assets.Sample)},
		{"file", func(t *testing.T) (Source, func()) { return FileSource(writeTemp(t, "d.csv", content)), func() {} },
			"d.csv", sha256Hex([]byte(content))},
		{"file grown since", func(t *testing.T) (Source, func()) {
			p := writeTemp(t, "d.csv", content)
			return FileSource(p), func() { os.WriteFile(p, []byte(content+"c,5\n"), 0o644) }
		}, "d.csv", "unavailable (the input changed since it was computed)"},
		{"file gone", func(t *testing.T) (Source, func()) {
			p := writeTemp(t, "d.csv", content)
			return FileSource(p), func() { os.Remove(p) }
		}, "d.csv", "unavailable (the input could not be read again: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, change := tc.src(t)
			res, err := runSource(context.Background(), src, compute.Options{Workers: 2, SkipInvalid: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			change()
			p := exportProvenance(src, res, "1.2.3")
			if p.Input != tc.input || !strings.HasPrefix(p.SHA256, tc.sha256) || p.Software != "Medianscope 1.2.3" ||
				p.Workers != 2 || p.Shape != "rows" || p.Median != compute.MedianDefinition {
				t.Errorf("provenance %+v\nwant input %q, sha256 %q…", p, tc.input, tc.sha256)
			}
		})
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestChartExportProvenance exports the sample's chart as SVG the way the
// Export Chart dialog does and finds the provenance in it.
func TestChartExportProvenance(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	path := filepath.Join(t.TempDir(), "m.svg")
	f.ui.confirmAndWrite(path, f.ui.chartExport(plot.Chart{Kind: plot.MediansChart, Size: plot.Size{W: 600, H: 400}, Theme: plot.Light}, plot.SVG))
	f.q.pumpUntil(t, "the export", func() bool { return strings.HasPrefix(f.ui.status.Text, "Saved") || f.ui.errorShown != "" })
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Metadata struct {
			Provenance struct {
				Input  string `xml:"input"`
				SHA256 string `xml:"sha256"`
			} `xml:"https://medianscope.io/ns/provenance/1 provenance"`
		} `xml:"metadata"`
	}
	if err := xml.NewDecoder(bytes.NewReader(raw)).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if p := doc.Metadata.Provenance; p.Input != assets.SampleName || p.SHA256 != sha256Hex(assets.Sample) {
		t.Errorf("exported provenance %+v", p)
	}
}
