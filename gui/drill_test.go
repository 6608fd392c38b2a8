package gui

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"medianscope/compute"
	"medianscope/plot"
)

// drillCSV has lists with a missing cell, an invalid one and an overflow;
// drillValues are their numbers.
const drillCSV = "a,5,1,9,3,7,2\nb,2.5,4,,x,6,-1\nc,1e400,1,2,8\n"

var drillValues = [][]float64{{5, 1, 9, 3, 7, 2}, {2.5, 4, 6, -1}, {math.Inf(1), 1, 2, 8}}

// newDrillFixture is a window as gui.Run makes it (lenient), with opts.
func newDrillFixture(t *testing.T, opts compute.Options) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	q := &uiQueue{}
	opts.Workers, opts.SkipInvalid = 2, true
	ui := New(a, q.do, opts)
	ui.win.Resize(fyne.NewSize(1200, 760))
	ui.win.Show()
	f := &fixture{t: t, q: q, ui: ui}
	t.Cleanup(func() { ui.drill.close(); f.shutdown() })
	return f
}

// tapRow clicks row (0-based, file order) of the table, on its tab.
func tapRow(ui *UI, row int) {
	ui.tabs.Select(ui.tableTab)
	tb := ui.table.table
	tb.Tapped(&fyne.PointEvent{Position: fyne.NewPos(10, tb.headerHeight()+(float32(row)+0.5)*tb.rowHeight())})
}

// waitDrill pumps until the panel's read is over.
func (f *fixture) waitDrill() {
	f.t.Helper()
	f.q.pumpUntil(f.t, "the drill-down read", func() bool { return f.ui.drill.read == nil })
}

// shownValues is what the panel's grid says, by key, checked against its
// text.
func shownValues(p *drillPanel) map[string]string {
	if p.grid.Text != drillGrid(p.shown) {
		return nil
	}
	return p.shown
}

// wantValues is what the grid should say of values (a list's numbers) and
// its ledger, formatted as the table formats them.
func wantValues(values []float64, missing, invalid, overflow int) map[string]string {
	s := compute.Quartiles(slices.Clone(values))
	return map[string]string{
		"n": fmt.Sprint(len(values)), "min": plot.FormatValue(s.Min), "q1": plot.FormatValue(s.Q1),
		"median": plot.FormatValue(s.Median), "q3": plot.FormatValue(s.Q3), "max": plot.FormatValue(s.Max),
		"missing": fmt.Sprint(missing), "invalid": fmt.Sprint(invalid), "overflow": fmt.Sprint(overflow),
	}
}

func diffValues(got, want map[string]string) string {
	var b strings.Builder
	for _, k := range append(slices.Clone(drillStats), drillLedger...) {
		if got[k] != want[k] {
			fmt.Fprintf(&b, " %s: %q, want %q;", k, got[k], want[k])
		}
	}
	return b.String()
}

// TestDrillPlainFile selects each row of a plain file in the table: the
// panel opens on it, reads only its record (a seek), shows its n, min,
// q1, median, q3, max and ledger as compute.Quartiles gives them on its
// known numbers, and draws its histogram. The run computed no quartiles,
// so they can only come from the values read again.
func TestDrillPlainFile(t *testing.T) {
	f := newDrillFixture(t, compute.Options{})
	f.openAndWait(FileSource(writeTemp(t, "d.csv", drillCSV)))
	p := f.ui.drill
	if p.box.Visible() {
		t.Fatal("the panel shows before a list is selected")
	}
	tests := []struct {
		row                        int
		name, where                string
		missing, invalid, overflow int
	}{
		{0, "a", "line 1", 0, 0, 0},
		{1, "b", "line 2 · the smallest median", 1, 1, 0},
		{2, "c", "line 3 · the largest median", 0, 0, 1},
	}
	for _, tc := range tests {
		tapRow(f.ui, tc.row)
		if !p.box.Visible() || p.list != tc.row || p.name.Text != tc.name {
			t.Fatalf("row %d: panel shown %v on list %d named %q", tc.row, p.box.Visible(), p.list, p.name.Text)
		}
		if got := p.shown["q1"]; got != "—" {
			t.Errorf("row %d: q1 %q before the values are read, from a run without quartiles", tc.row, got)
		}
		f.waitDrill()
		if p.drill == nil || !p.drill.Seeked || p.message.Visible() {
			t.Fatalf("row %d: drill %+v, message %q", tc.row, p.drill, p.message.Text)
		}
		want := wantValues(drillValues[tc.row], tc.missing, tc.invalid, tc.overflow)
		if d := diffValues(shownValues(p), want); d != "" {
			t.Errorf("row %d:%s", tc.row, d)
		}
		if want := tc.where + " · only its own bytes were read again"; p.where.Text != want {
			t.Errorf("row %d: %q, want %q", tc.row, p.where.Text, want)
		}
		v := p.chart
		f.q.pumpUntil(t, "the values chart", func() bool {
			return v.Visible() && v.drawn.data != nil && v.drawn.data == v.data && v.layout != nil
		})
		th := chartTheme(f.ui.app)
		if n := countPixels(v.Image(), th.Center); n < 20 {
			t.Errorf("row %d: %d pixels of the median marker's colour", tc.row, n)
		}
		if text, _ := v.describe(fyne.NewPos(v.Size().Width/2, v.Size().Height/2)); !strings.Contains(text, "value") || strings.Contains(text, "list") {
			t.Errorf("row %d: values chart tooltip %q", tc.row, text)
		}
	}
	// The list shown, selected again (a sort re-selects it), is not read again.
	before := p.drill
	tapRow(f.ui, 2)
	if p.read != nil || p.drill != before {
		t.Error("the list on show was read again")
	}
	// ✕ closes the panel.
	p.close()
	if p.box.Visible() || p.drill != nil || p.chart.data != nil {
		t.Error("the panel holds on after it closed")
	}
	// Go to min opens it on the smallest median's list.
	f.ui.table.toMin.OnTapped()
	if !p.box.Visible() || p.list != f.ui.result.MinIndex {
		t.Errorf("Go to min: panel shown %v on list %d, want %d", p.box.Visible(), p.list, f.ui.result.MinIndex)
	}
	f.waitDrill()
}

// gzipped compresses s.
func gzipped(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDrillCompressed: a list of a gzip file is read again from the
// start, with the progress bar and its line until the values come.
func TestDrillCompressed(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Spread: true})
	path := filepath.Join(t.TempDir(), "d.csv.gz")
	if err := os.WriteFile(path, gzipped(t, drillCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	f.openAndWait(FileSource(path))
	p := f.ui.drill
	tapRow(f.ui, 1)
	if !p.progressRow.Visible() || p.progressText.Text != "Reading b again from the start…" || p.read == nil {
		t.Fatalf("while reading: progress shown %v, %q", p.progressRow.Visible(), p.progressText.Text)
	}
	// The run kept the quartiles: they show while the list is read.
	want := wantValues(drillValues[1], 1, 1, 0)
	if d := diffValues(shownValues(p), want); d != "" {
		t.Errorf("from the run:%s", d)
	}
	f.waitDrill()
	if p.progressRow.Visible() || p.drill == nil || p.drill.Seeked || p.message.Visible() {
		t.Fatalf("after the read: progress %v, drill %+v, message %q", p.progressRow.Visible(), p.drill, p.message.Text)
	}
	if d := diffValues(shownValues(p), want); d != "" {
		t.Errorf("read again:%s", d)
	}
	if want := "line 2 · the smallest median · read again from the start: compressed with gzip"; p.where.Text != want {
		t.Errorf("%q, want %q", p.where.Text, want)
	}
}

// slowColumns is an input of three named columns of n numbers — x = i,
// y = 2i, z = 3i — delivered slowly and without Seek, that counts how
// often it was opened.
func slowColumns(n int, opened *atomic.Int32) Source {
	var b strings.Builder
	b.WriteString("x,y,z\n")
	for i := range n {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, 2*i, 3*i)
	}
	data := []byte(b.String())
	return ReaderSource("slow.csv", int64(len(data)), func() (io.ReadCloser, error) {
		opened.Add(1)
		return io.NopCloser(&throttledReader{data: data}), nil
	})
}

// throttledReader delivers data at about 2 MB/s, 32 KiB a read at most
// (the engine asks for whole blocks).
type throttledReader struct{ data []byte }

func (r *throttledReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(16 * time.Millisecond)
	n := copy(p[:min(len(p), 32<<10)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestDrillCancelAndReselect: a column spans the file, so it is read
// again from the start, with progress; Cancel stops it and says so, and a
// new selection cancels the read of the previous one and shows its own.
func TestDrillCancelAndReselect(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Shape: compute.ShapeColumns})
	var opened atomic.Int32
	const n = 100_000
	f.openAndWait(slowColumns(n, &opened))
	p := f.ui.drill
	f.ui.pickList(2)
	if !p.progressRow.Visible() || p.progressText.Text != "Reading z again from the start…" {
		t.Fatalf("reading a column: progress shown %v, %q", p.progressRow.Visible(), p.progressText.Text)
	}
	p.cancel.OnTapped()
	f.waitDrill()
	if !p.message.Visible() || !strings.HasPrefix(p.message.Text, "Cancelled") || p.drill != nil || p.progressRow.Visible() {
		t.Fatalf("after Cancel: %q, drill %v", p.message.Text, p.drill)
	}

	f.ui.pickList(2)
	first := p.read
	f.ui.pickList(1)
	if first == nil || p.read == first || p.list != 1 || p.message.Visible() {
		t.Fatal("a new selection did not start a read of its own")
	}
	f.q.pumpUntil(t, "progress", func() bool { return p.progress.Value > 0 || p.read == nil })
	if v := p.progress.Value; v <= 0 || v >= 1 || !strings.HasPrefix(p.progressText.Text, "Reading y again from the start… ") {
		t.Errorf("progress %v, %q", v, p.progressText.Text)
	}
	f.waitDrill()
	if p.drill == nil || p.drill.List.Index != 1 || p.message.Visible() {
		t.Fatalf("after the second selection: drill %+v, message %q", p.drill, p.message.Text)
	}
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = float64(2 * i)
	}
	if d := diffValues(shownValues(p), wantValues(ys, 0, 0, 0)); d != "" {
		t.Errorf("column y:%s", d)
	}
	if want := "line 2 · read again from the start: a column spans the whole file"; p.where.Text != want {
		t.Errorf("%q, want %q", p.where.Text, want)
	}
	if got := opened.Load(); got != 4 {
		t.Errorf("the input was opened %d times, want 4 (the run and three reads)", got)
	}

	// ✕ during a read cancels it and stops polling its progress: nothing
	// of the bridge's is left pending.
	f.ui.pickList(0)
	p.close()
	f.q.pumpUntil(t, "the bridge to settle", func() bool { return f.ui.bridge.pending == 0 })
	if p.box.Visible() || p.list != -1 || p.read != nil {
		t.Error("the closed panel shows again")
	}
}

// TestDrillStandardInput: input that can be read only once shows the
// run's numbers of the list and says why there is no histogram.
func TestDrillStandardInput(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Spread: true})
	var reads atomic.Int32
	stdin := ReaderSource("<stdin>", -1, func() (io.ReadCloser, error) {
		if reads.Add(1) > 1 {
			return nil, compute.ErrNoReopen
		}
		return io.NopCloser(strings.NewReader(drillCSV)), nil
	})
	f.openAndWait(stdin)
	p := f.ui.drill
	tapRow(f.ui, 0)
	f.waitDrill()
	if !p.message.Visible() || p.message.Text != stdinMessage || p.chart.Visible() {
		t.Fatalf("message %q (shown %v), chart shown %v", p.message.Text, p.message.Visible(), p.chart.Visible())
	}
	if d := diffValues(shownValues(p), wantValues(drillValues[0], 0, 0, 0)); d != "" {
		t.Errorf("from the run:%s", d)
	}
}

// TestDrillClosedByNewResult: a new result closes the panel of the
// previous one.
func TestDrillClosedByNewResult(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Spread: true})
	f.openAndWait(FileSource(writeTemp(t, "d.csv", drillCSV)))
	p := f.ui.drill
	tapRow(f.ui, 2)
	f.waitDrill()
	if !p.box.Visible() || p.drill == nil {
		t.Fatal("no panel")
	}
	f.openAndWait(SampleSource())
	if p.box.Visible() || p.list != -1 || p.drill != nil || p.res != f.ui.result {
		t.Errorf("after a new run: panel shown %v on list %d", p.box.Visible(), p.list)
	}
}

// TestDrillFileChanged: a file changed since its run is said in the panel,
// in one line, not misread.
func TestDrillFileChanged(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Spread: true})
	path := writeTemp(t, "d.csv", drillCSV)
	f.openAndWait(FileSource(path))
	if err := os.WriteFile(path, []byte("a,5,1\nb,2\nc,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tapRow(f.ui, 1)
	f.waitDrill()
	p := f.ui.drill
	if !p.message.Visible() || !strings.Contains(p.message.Text, "changed since") || strings.Contains(p.message.Text, "\n") || p.chart.Visible() {
		t.Errorf("message %q, chart shown %v", p.message.Text, p.chart.Visible())
	}
}

// svgMetadata is the provenance element of an exported SVG, which holds
// the time of the export.
var svgMetadata = regexp.MustCompile(`(?s)<metadata.*?</metadata>`)

// TestSpreadExportOrder: exporting the Spread tab writes the boxes in the
// order the tab shows, by median when that is chosen.
func TestSpreadExportOrder(t *testing.T) {
	f := newDrillFixture(t, compute.Options{Spread: true})
	f.openAndWait(SampleSource())
	c := plot.Chart{Kind: plot.SpreadChart, Size: plot.Size{W: 900, H: 500, Scale: 1}, Theme: plot.Light}
	render := func(d *plot.Data) string {
		var b bytes.Buffer
		if err := c.Write(&b, plot.SVG, d, nil); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	byFile, byMedian := render(f.ui.data.InOrder(plot.FileOrder)), render(f.ui.data.InOrder(plot.MedianOrder))
	if byFile == byMedian {
		t.Fatal("the sample's boxes are in median order already: the test proves nothing")
	}
	for _, tc := range []struct {
		order string
		want  string
	}{{"By median", byMedian}, {"File order", byFile}} {
		f.ui.spread.order.SetSelected(tc.order)
		var b bytes.Buffer
		if err := f.ui.chartExport(c, plot.SVG)(&b); err != nil {
			t.Fatal(err)
		}
		if got := svgMetadata.ReplaceAllString(b.String(), ""); got != tc.want {
			t.Errorf("%s: the export is not the chart in that order", tc.order)
		}
	}
}
