package gui

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"medianscope/assets"
	"medianscope/compute"
	"medianscope/internal/appmeta"
	"medianscope/internal/gen"
	"medianscope/plot"
)

// uiQueue stands in for fyne.Do: goroutines post functions, and the test
// goroutine, acting as the UI goroutine, runs them. (Fyne's test driver
// runs fyne.Do inline on the caller's goroutine, which would hide races.)
type uiQueue struct {
	mu    sync.Mutex
	funcs []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.funcs = append(q.funcs, f)
	q.mu.Unlock()
}

func (q *uiQueue) runPending() int {
	q.mu.Lock()
	fs := q.funcs
	q.funcs = nil
	q.mu.Unlock()
	for _, f := range fs {
		f()
	}
	return len(fs)
}

// pumpUntil runs posted functions until cond holds.
func (q *uiQueue) pumpUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		if q.runPending() == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
}

type fixture struct {
	t  *testing.T
	q  *uiQueue
	ui *UI
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	q := &uiQueue{}
	ui := New(a, q.do, compute.Options{Workers: 2})
	ui.win.Resize(fyne.NewSize(1000, 700))
	ui.win.Show()
	f := &fixture{t: t, q: q, ui: ui}
	t.Cleanup(f.shutdown)
	return f
}

// lenient ticks Skip invalid cells, as the window starts.
func (f *fixture) lenient() {
	f.ui.settings.skip.SetChecked(true)
	f.q.pumpUntil(f.t, "the run to end", func() bool { return !f.ui.bridge.running() })
}

// shutdown cancels what runs and waits for every goroutine the bridge
// started, running what they post meanwhile.
func (f *fixture) shutdown() {
	f.ui.bridge.close()
	done := make(chan struct{})
	go func() { f.ui.bridge.wg.Wait(); close(done) }()
	for {
		select {
		case <-done:
			f.q.runPending()
			return
		default:
			f.q.runPending()
			time.Sleep(time.Millisecond)
		}
	}
}

func (f *fixture) openAndWait(src Source) {
	f.t.Helper()
	f.ui.Open(src)
	f.q.pumpUntil(f.t, "the run to end", func() bool { return !f.ui.bridge.running() })
}

// slowSource delivers data in small pieces with pauses, so that a run
// lasts long enough for progress and cancel.
func slowSource(name string, data []byte, pause time.Duration) Source {
	return ReaderSource(name, int64(len(data)), func() (io.ReadCloser, error) {
		return io.NopCloser(&slowReader{data: data, pause: pause}), nil
	})
}

type slowReader struct {
	data  []byte
	pause time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	n := copy(p[:min(len(p), 64<<10)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func generated(t *testing.T, size int64) []byte {
	var b bytes.Buffer
	if err := gen.Write(&b, "ragged", size, 3); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOpenShowsResult(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	ui := f.ui
	want, err := compute.Run(t.Context(), bytes.NewReader(assets.Sample), compute.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mn, _ := want.Min()
	mx, _ := want.Max()
	if ui.result == nil || ui.result.Stats.Len() != want.Stats.Len() {
		t.Fatalf("result on screen: %+v", ui.result)
	}
	if ui.win.Title() != "Medianscope — sample.csv (bundled sample)" {
		t.Errorf("title %q", ui.win.Title())
	}
	if got := ui.summary.min.value.Text; got != plot.FormatValue(mn.Median) || !strings.Contains(ui.summary.min.detail.Text, mn.Label) {
		t.Errorf("min card %q / %q, want %v of %s", got, ui.summary.min.detail.Text, mn.Median, mn.Label)
	}
	if got := ui.summary.max.value.Text; got != plot.FormatValue(mx.Median) || !strings.Contains(ui.summary.max.detail.Text, mx.Label) {
		t.Errorf("max card %q / %q, want %v of %s", got, ui.summary.max.detail.Text, mx.Median, mx.Label)
	}
	if rows, _ := ui.table.size(); rows != 40 {
		t.Errorf("table has %d rows, want 40", rows)
	}
	if !strings.HasPrefix(ui.progressText.Text, "Done:") || ui.progress.Value != 1 {
		t.Errorf("progress %q %v", ui.progressText.Text, ui.progress.Value)
	}
	// The chart is drawn off the UI goroutine at the widget's pixel size,
	// and marks the min and the max in the theme's colours.
	f.q.pumpUntil(t, "the medians chart", func() bool { return ui.medians.Image() != nil })
	img := ui.medians.Image()
	size := ui.medians.Size()
	scale := ui.win.Canvas().Scale()
	if b := img.Bounds(); b.Dx() != int(size.Width*scale) || b.Dy() != int(size.Height*scale) {
		t.Errorf("chart %v for a widget of %v at scale %v", b, size, scale)
	}
	th := chartTheme(ui.app)
	if n := countPixels(img, th.Min); n < 100 {
		t.Errorf("%d pixels of the min colour", n)
	}
	if n := countPixels(img, th.Max); n < 100 {
		t.Errorf("%d pixels of the max colour", n)
	}
}

// countPixels counts the pixels of img within a small distance of c.
func countPixels(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	d := func(a uint32, b uint8) int { return max(int(a>>8), int(b)) - min(int(a>>8), int(b)) }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if d(r, c.R)+d(g, c.G)+d(bl, c.B) < 24 {
				n++
			}
		}
	}
	return n
}

func TestProgressArrives(t *testing.T) {
	f := newFixture(t)
	data := generated(t, 4<<20)
	f.ui.Open(slowSource("slow.csv", data, 8*time.Millisecond))
	var fractions []float64
	f.q.pumpUntil(t, "the run to end", func() bool {
		if v := f.ui.progress.Value; v > 0 && v < 1 && (len(fractions) == 0 || fractions[len(fractions)-1] != v) {
			fractions = append(fractions, v)
			if !strings.Contains(f.ui.progressText.Text, "MB/s") {
				t.Errorf("progress text %q", f.ui.progressText.Text)
			}
		}
		return !f.ui.bridge.running()
	})
	if len(fractions) < 2 {
		t.Fatalf("saw %d progress updates during a run of %d 64 kB reads", len(fractions), len(data)>>16)
	}
	for i := 1; i < len(fractions); i++ {
		if fractions[i] < fractions[i-1] {
			t.Errorf("progress went back: %v", fractions)
		}
	}
	if f.ui.result == nil || f.ui.shown.Name != "slow.csv" {
		t.Fatalf("result not shown")
	}
}

func TestCancelKeepsPreviousResult(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	before := f.ui.result
	f.ui.Open(slowSource("big.csv", generated(t, 8<<20), 10*time.Millisecond))
	f.q.pumpUntil(t, "progress", func() bool { return f.ui.progress.Value > 0 })
	if f.ui.win.Title() != "Medianscope — big.csv" {
		t.Errorf("title while running %q", f.ui.win.Title())
	}
	f.ui.Cancel()
	f.q.pumpUntil(t, "the cancel", func() bool { return !f.ui.bridge.running() })
	if f.ui.result != before {
		t.Fatal("the previous result was replaced")
	}
	if f.ui.win.Title() != "Medianscope — sample.csv (bundled sample)" {
		t.Errorf("title after cancel %q", f.ui.win.Title())
	}
	if !strings.Contains(f.ui.status.Text, "Cancelled big.csv") || !strings.Contains(f.ui.status.Text, "sample.csv") {
		t.Errorf("status %q", f.ui.status.Text)
	}
	if !f.ui.cancelButton.Disabled() {
		t.Error("Cancel still enabled")
	}
}

func TestNewerRunWins(t *testing.T) {
	f := newFixture(t)
	f.ui.Open(slowSource("slow.csv", generated(t, 2<<20), 10*time.Millisecond))
	f.openAndWait(SampleSource())
	f.shutdown() // let the first run's goroutines finish and post
	if f.ui.shown.Name != "sample.csv" {
		t.Fatalf("showing %q, want the newer sample.csv", f.ui.shown.Name)
	}
}

func TestEngineErrorOpensDialog(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	before := f.ui.result
	f.openAndWait(BytesSource("bad.csv", []byte("a,1,2\nb,3,x\n"), false))
	if f.ui.result != before {
		t.Fatal("the previous result was replaced")
	}
	if !strings.Contains(f.ui.errorShown, `bad.csv:2:3: not a number: "x"`) || !strings.Contains(f.ui.errorShown, "Skip invalid cells") {
		t.Errorf("error shown: %q", f.ui.errorShown)
	}
	if f.ui.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog on screen")
	}
	// Ticking Skip invalid cells re-runs the file and succeeds.
	f.ui.settings.skip.SetChecked(true)
	f.q.pumpUntil(t, "the re-run", func() bool { return f.ui.result != before && !f.ui.bridge.running() })
	if f.ui.shown.Name != "bad.csv" || f.ui.result.Invalid != 1 {
		t.Errorf("after skip: %s, %d invalid", f.ui.shown.Name, f.ui.result.Invalid)
	}
}

func TestExports(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	dir := t.TempDir()
	write := func(name string, fill func(io.Writer) error) string {
		path := filepath.Join(dir, name)
		f.ui.confirmAndWrite(path, fill)
		f.q.pumpUntil(t, "the export", func() bool { return strings.HasPrefix(f.ui.status.Text, "Saved") || f.ui.errorShown != "" })
		f.ui.setStatus("")
		return path
	}
	size := plot.Size{W: 800, H: 450, Scale: 1}
	p := write("m.png", f.ui.chartExport(plot.Chart{Kind: plot.MediansChart, Size: size, Theme: plot.Light}, plot.PNG))
	fh, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(fh)
	fh.Close()
	if err != nil || cfg.Width != 800 || cfg.Height != 450 {
		t.Fatalf("PNG: %v %dx%d", err, cfg.Width, cfg.Height)
	}
	p = write("d.svg", f.ui.chartExport(plot.Chart{Kind: plot.DistributionChart, Size: size, Theme: plot.Light}, plot.SVG))
	raw, _ := os.ReadFile(p)
	if err := xml.Unmarshal(raw, new(struct{ XMLName xml.Name })); err != nil || !bytes.HasPrefix(raw, []byte("<svg")) {
		t.Fatalf("SVG: %v", err)
	}
	p = write("m.csv", func(w io.Writer) error { return compute.WriteCSV(w, f.ui.result.Stats) })
	got, _ := os.ReadFile(p)
	var want bytes.Buffer
	compute.WriteCSV(&want, f.ui.result.Stats)
	if !bytes.Equal(got, want.Bytes()) || !bytes.HasPrefix(got, []byte(compute.CSVHeader+"\n")) {
		t.Fatalf("CSV export differs from the CLI format")
	}

	// A failing export keeps the old file whole and says so.
	if err := os.WriteFile(filepath.Join(dir, "keep.csv"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "keep.csv")
	f.ui.confirmAndWrite(keep, func(w io.Writer) error { return nil })
	if f.ui.win.Canvas().Overlays().Top() == nil {
		t.Error("replacing a file did not ask first")
	}
	f.ui.export(keep, func(w io.Writer) error { return errors.New("disk full") })
	f.q.pumpUntil(t, "the failed export", func() bool { return f.ui.errorShown != "" })
	if f.ui.errorShown == "" {
		t.Error("no error shown for a failed export")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.csv")); string(b) != "precious" {
		t.Errorf("failed export changed the file: %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func TestTableSortAndGoTo(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	tb := f.ui.table
	tb.sortBy(colMedian)
	f.q.pumpUntil(t, "the sort", func() bool { return tb.sortCol == colMedian })
	if int(tb.order[0]) != f.ui.result.MinIndex {
		t.Errorf("first row after sorting by median is list %d, want the min %d", tb.order[0], f.ui.result.MinIndex)
	}
	tb.sortBy(colMedian) // again: descending
	f.q.pumpUntil(t, "the sort", func() bool { return tb.desc })
	if int(tb.order[0]) != f.ui.result.MaxIndex {
		t.Errorf("first row descending is list %d, want the max %d", tb.order[0], f.ui.result.MaxIndex)
	}
	tb.toMin.OnTapped()
	if tb.selected != f.ui.result.MinIndex {
		t.Errorf("go to min selected %d", tb.selected)
	}
}

// TestSortOrder checks the table order against a plain definition.
func TestSortOrder(t *testing.T) {
	nan := compute.ListStat{Count: 0}
	lists := []compute.ListStat{{Index: 0, Count: 1, Median: 3, Label: "b"}, nan, {Index: 2, Count: 1, Median: 1, Label: "a"}, {Index: 3, Count: 2, Median: 3, Label: "c"}}
	lists[1].Index = 1
	for _, tc := range []struct {
		col  int
		desc bool
		want []int32
	}{
		{colMedian, false, []int32{2, 0, 3, 1}},
		{colMedian, true, []int32{0, 3, 2, 1}},
		{colLabel, false, []int32{1, 2, 0, 3}},
		{colCount, true, []int32{3, 0, 2, 1}},
	} {
		got := sortOrder(compute.StoreOf(lists), tc.col, tc.desc)
		if !slicesEqual(got, tc.want) {
			t.Errorf("col %d desc %v: %v, want %v", tc.col, tc.desc, got, tc.want)
		}
	}
}

func slicesEqual(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRecentFiles(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	var paths []string
	for i := range maxRecent + 2 {
		p := filepath.Join(dir, string(rune('a'+i))+".csv")
		os.WriteFile(p, []byte("1,2\n"), 0o644)
		paths = append(paths, p)
		f.openAndWait(FileSource(p))
	}
	recent := f.ui.recentFiles()
	if len(recent) != maxRecent || recent[0] != paths[len(paths)-1] {
		t.Fatalf("recent %v", recent)
	}
	os.Remove(paths[len(paths)-1])
	menu := f.ui.recentMenu()
	if !menu.Items[0].Disabled || !strings.Contains(menu.Items[0].Label, "missing") || menu.Items[1].Disabled {
		t.Errorf("a missing recent file should be greyed: %q %v", menu.Items[0].Label, menu.Items[0].Disabled)
	}
}

func TestMetadata(t *testing.T) {
	m := Metadata(appmeta.Metadata{Name: "N", ID: "a.b", Version: "1.2", Build: 3})
	if m.Name != "N" || m.ID != "a.b" || m.Version != "1.2" || m.Build != 3 {
		t.Errorf("metadata %+v", m)
	}
}

func TestMeasureSpeedup(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	f.ui.measureSpeedup()
	f.q.pumpUntil(t, "both runs", func() bool { return f.ui.lastSpeedup != "" })
	if !strings.Contains(f.ui.lastSpeedup, "1 worker:") || !strings.Contains(f.ui.lastSpeedup, "Speed-up:") {
		t.Errorf("report %q", f.ui.lastSpeedup)
	}
	if f.ui.result == nil || f.ui.result.Workers != runtime.NumCPU() {
		t.Errorf("the result left on screen should be the all-cores run")
	}
}

// TestChartHoverAndPick moves the mouse across the medians chart: the
// tooltip names the list under it, and a click on the max opens its
// drill-down panel beside the chart and selects it in the table.
func TestChartHoverAndPick(t *testing.T) {
	f := newFixture(t)
	f.openAndWait(SampleSource())
	v := f.ui.medians
	f.q.pumpUntil(t, "the medians chart", func() bool { return v.Image() != nil && v.layout != nil })
	mx, _ := f.ui.result.Max()
	y := v.Size().Height / 2
	found := false
	for x := float32(0); x < v.Size().Width; x += 2 {
		pos := fyne.NewPos(x, y)
		v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}})
		if text, i := v.describe(pos); i == mx.Index {
			if !v.tip.Visible() || v.tip.Text != text || !strings.Contains(text, mx.Label) {
				t.Fatalf("tooltip %q (visible %v) over the max bar", v.tip.Text, v.tip.Visible())
			}
			v.Tapped(&fyne.PointEvent{Position: pos})
			found = true
			break
		}
	}
	if !found {
		t.Fatal("no x of the chart is over the max list")
	}
	if f.ui.tabs.Selected().Content != v || f.ui.table.selected != mx.Index || !f.ui.drill.box.Visible() || f.ui.drill.list != mx.Index {
		t.Errorf("after a click on the max: tab %q, table selection %d, panel shown %v on list %d",
			f.ui.tabs.Selected().Text, f.ui.table.selected, f.ui.drill.box.Visible(), f.ui.drill.list)
	}
	v.MouseOut()
	if v.tip.Visible() {
		t.Error("tooltip still shown after the mouse left")
	}
}

// TestDialectPreviewAndLenientBanner opens a semicolon file with decimal
// commas and a bad cell: the preview and the settings say what was
// detected, the banner lists the skipped cell, and "Compute strictly"
// turns it into an error dialog.
func TestDialectPreviewAndLenientBanner(t *testing.T) {
	f := newFixture(t)
	f.lenient()
	data := []byte("a;1,5;2\nb;3,25;x;1\nc;4;5\n")
	f.openAndWait(BytesSource("eu.csv", data, false))
	ui := f.ui
	if ui.result == nil || ui.shown.Name != "eu.csv" {
		t.Fatalf("not shown: %v", ui.errorShown)
	}
	r := ui.preview.report
	if r == nil || r.Delimiter != ';' || r.Decimal != compute.DecimalComma || len(r.Preview) != 3 || r.Preview[1].Cells[1] != "3,25" {
		t.Fatalf("preview report %+v", r)
	}
	if got := ui.settings.delimiter.sel.Options[0]; got != "Auto: ;" {
		t.Errorf("delimiter choice %q", got)
	}
	if got := ui.settings.decimal.sel.Options[0]; got != "Auto: comma" {
		t.Errorf("decimal choice %q", got)
	}
	if !ui.banner.box.Visible() || !strings.Contains(ui.banner.text.Text, `eu.csv:2:3 "x" (list b)`) {
		t.Errorf("banner %v %q", ui.banner.box.Visible(), ui.banner.text.Text)
	}
	if rows, _ := ui.table.size(); rows != 3 || ui.result.Stats.At(1).Invalid != 1 || ui.result.Stats.At(1).Median != 2.125 {
		t.Errorf("table %d rows, list b %+v", rows, ui.result.Stats.At(1))
	}
	// "Compute strictly" unticks Skip invalid cells and computes again.
	before := ui.result
	ui.banner.strict.OnTapped()
	f.q.pumpUntil(t, "the strict run", func() bool { return !ui.bridge.running() && ui.errorShown != "" })
	if ui.result != before || !strings.Contains(ui.errorShown, `eu.csv:2:3: not a number: "x"`) || ui.settings.skip.Checked {
		t.Errorf("strict: error %q, skip %v", ui.errorShown, ui.settings.skip.Checked)
	}
}

// TestShapeChoice reads a long table by rows, then as groups with one
// choice: the group and value columns are detected and shown.
func TestShapeChoice(t *testing.T) {
	f := newFixture(t)
	f.lenient()
	data := []byte("ts,site,reading\n1,A,5\n2,B,1\n3,A,7\n4,B,3\n")
	f.openAndWait(BytesSource("long.csv", data, false))
	ui := f.ui
	if ui.result.Stats.Len() != 4 || ui.preview.report.Suggested != compute.ShapeLong || !ui.preview.notes.Visible() {
		t.Fatalf("by rows: %d lists, suggested %v", ui.result.Stats.Len(), ui.preview.report.Suggested)
	}
	ui.settings.shape.sel.SetSelectedIndex(int(compute.ShapeLong))
	f.q.pumpUntil(t, "the run as groups", func() bool { return !ui.bridge.running() && ui.result.Stats.Len() == 2 })
	a, b := ui.result.Stats.At(0), ui.result.Stats.At(1)
	if a.Label != "A" || a.Median != 6 || b.Label != "B" || b.Median != 2 {
		t.Errorf("groups %+v %+v", a, b)
	}
	if ui.settings.group.Disabled() || ui.settings.group.Selected != "2 site" || ui.settings.value.Selected != "3 reading" {
		t.Errorf("group %q value %q", ui.settings.group.Selected, ui.settings.value.Selected)
	}
}

// TestRowTableAtScale puts ten million rows in the virtual table: it holds
// only the rows on screen, and scrolling, going to a row and tapping work
// in whole rows at any depth.
func TestRowTableAtScale(t *testing.T) {
	a := test.NewTempApp(t)
	const n = 10_000_000
	tb := newRowTable([]string{"Row", "Twice"}, []float32{120, 120}, func(row, col int) (string, cellLook) {
		return strconv.Itoa(row * (col + 1)), cellLook{}
	}, func(int) {})
	w := a.NewWindow("rows")
	w.SetContent(tb)
	w.Resize(fyne.NewSize(300, 400))
	tb.setRows(n)
	if tb.shown < 5 || len(tb.texts) != tb.shown {
		t.Fatalf("%d rows shown, %d made", tb.shown, len(tb.texts))
	}
	tb.show(n - 1)
	if tb.first != n-tb.shown || tb.selected != n-1 || tb.texts[tb.shown-1][1].Text != strconv.Itoa(2*(n-1)) {
		t.Fatalf("show(last): first %d, selected %d, last cell %q", tb.first, tb.selected, tb.texts[tb.shown-1][1].Text)
	}
	tb.show(5_000_000)
	first := tb.first
	if 5_000_000 < first || 5_000_000 >= first+tb.shown {
		t.Fatalf("row 5 000 000 not on screen: first %d", first)
	}
	tb.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -3*tb.rowHeight())})
	if tb.first != first+3 {
		t.Errorf("scrolled 3 rows down: first %d, want %d", tb.first, first+3)
	}
	var picked int
	tb.onSelect = func(row int) { picked = row }
	tb.Tapped(&fyne.PointEvent{Position: fyne.NewPos(10, tb.headerHeight()+1.5*tb.rowHeight())})
	if picked != tb.first+1 || tb.selected != picked {
		t.Errorf("tapped the second row: picked %d, selected %d, first %d", picked, tb.selected, tb.first)
	}
	tb.bar.SetValue(tb.bar.Max) // the scroll bar's top
	if tb.first != 0 {
		t.Errorf("scroll bar at the top: first %d", tb.first)
	}
}

// A hidden column gets no width and no text; the others take its room.
func TestRowTableHidden(t *testing.T) {
	a := test.NewTempApp(t)
	tb := newRowTable([]string{"A", "B", "C"}, []float32{200, 200, 200}, func(row, col int) (string, cellLook) {
		return "cell " + strconv.Itoa(col), cellLook{}
	}, func(int) {})
	w := a.NewWindow("rows")
	w.SetContent(tb)
	w.Resize(fyne.NewSize(500, 300))
	tb.setRows(10)
	if tb.shownW[0] >= 200 {
		t.Fatalf("three columns of 200 in 500: the first is %v wide, want narrowed", tb.shownW[0])
	}
	tb.setHidden([]bool{false, true, false})
	if tb.shownW[1] != 0 || tb.texts[0][1].Text != "" || tb.header[1].Visible() {
		t.Errorf("hidden column: width %v, text %q, header visible %v", tb.shownW[1], tb.texts[0][1].Text, tb.header[1].Visible())
	}
	if tb.shownW[0] != 200 || tb.texts[0][2].Text != "cell 2" {
		t.Errorf("shown columns: width %v, text %q; want their full width", tb.shownW[0], tb.texts[0][2].Text)
	}
}

// With a throttle (scrolled set), wheel steps move the first row at once
// but redraw the rows once, when scrolled's call comes back: the cells
// on screen are still the old ones until then, and every step counted.
func TestRowTableWheelThrottle(t *testing.T) {
	a := test.NewTempApp(t)
	tb := newRowTable([]string{"Row"}, []float32{120}, func(row, col int) (string, cellLook) {
		return strconv.Itoa(row), cellLook{}
	}, func(int) {})
	w := a.NewWindow("rows")
	w.SetContent(tb)
	w.Resize(fyne.NewSize(300, 400))
	tb.setRows(1000)
	calls := 0
	tb.scrolled = func() { calls++ }
	for range 5 {
		tb.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -tb.rowHeight())})
	}
	if tb.first != 5 || calls != 1 {
		t.Fatalf("5 wheel steps: first %d, %d redraws asked; want 5 and 1", tb.first, calls)
	}
	if got := tb.texts[0][0].Text; got != "0" {
		t.Fatalf("before the redraw the first cell shows %q, want the old row 0", got)
	}
	tb.wheelDone()
	if got := tb.texts[0][0].Text; got != "5" {
		t.Fatalf("after the redraw the first cell shows %q, want row 5", got)
	}
	tb.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 10*tb.rowHeight())})
	if tb.first != 0 || calls != 2 {
		t.Fatalf("10 steps up from 5: first %d, %d redraws asked; want 0 (clamped) and 2", tb.first, calls)
	}
	tb.wheelDone()
	tb.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, tb.rowHeight())})
	if calls != 2 {
		t.Fatalf("a step up at the top asked a redraw (%d)", calls)
	}
}
