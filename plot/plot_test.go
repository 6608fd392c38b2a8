package plot

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"
)

func TestHistogram(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{1, 2, 10, 1000, 100_000} {
		ms := make([]float64, n)
		for i := range ms {
			ms[i] = r.ExpFloat64() * 10
		}
		ms = append(ms, math.Inf(1), math.Inf(-1), math.Inf(1), math.NaN())
		h := NewHist(ms)
		total := 0
		for _, c := range h.Counts {
			total += c
		}
		if total != n || h.N != n || h.PosInf != 2 || h.NegInf != 1 {
			t.Fatalf("n=%d: binned %d, N=%d, +inf %d, -inf %d", n, total, h.N, h.PosInf, h.NegInf)
		}
		if len(h.Counts) < MinBins || len(h.Counts) > MaxBins {
			t.Fatalf("n=%d: %d bins", n, len(h.Counts))
		}
		if h.Lo > h.Min || h.Hi() < h.Max*(1-1e-12) {
			t.Fatalf("n=%d: bins [%v, %v] do not hold [%v, %v]", n, h.Lo, h.Hi(), h.Min, h.Max)
		}
	}
	if h := NewHist([]float64{5, 5, 5}); h.Counts == nil || h.N != 3 {
		t.Fatalf("equal values: %+v", h)
	}
	if h := NewHist([]float64{-math.MaxFloat64, math.MaxFloat64}); h.N != 2 || math.IsInf(h.Width, 0) {
		t.Fatalf("huge range: %+v", h)
	}
}

func TestNiceAxis(t *testing.T) {
	for _, tc := range []struct{ lo, hi float64 }{
		{0, 1}, {16.5, 27.3}, {-3, 1e-9}, {5, 5}, {0, 0}, {-math.MaxFloat64, math.MaxFloat64}, {1e-300, 2e-300}, {0, 628544},
	} {
		a := niceAxis(tc.lo, tc.hi, 8, false)
		if a.lo > tc.lo || a.hi < tc.hi || len(a.ticks) < 2 || len(a.ticks) > 20 {
			t.Errorf("niceAxis(%v, %v) = [%v, %v] with %d ticks", tc.lo, tc.hi, a.lo, a.hi, len(a.ticks))
		}
		for _, v := range a.ticks {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("niceAxis(%v, %v): tick %v", tc.lo, tc.hi, v)
			}
		}
	}
}

// sampleMedians is 30 medians whose min is list 7's and max list 21's.
func sampleMedians() []float64 {
	ms := make([]float64, 30)
	for i := range ms {
		ms[i] = 20 + float64(i%5)
	}
	ms[7], ms[21] = 5, 40
	return ms
}

// sampleData is the chart data of sampleMedians.
func sampleData() *Data { return NewSeries("test.csv", sampleMedians()) }

func similar(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x), int(y)) - min(int(x), int(y)) }
	return d(a.R, b.R)+d(a.G, b.G)+d(a.B, b.B) < 30
}

// countColour counts pixels in column x close to c.
func countColour(img *image.RGBA, x int, c color.RGBA) int {
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		if similar(img.RGBAAt(x, y), c) {
			n++
		}
	}
	return n
}

// TestMediansChartMarksMinAndMax samples the pixels where the min and max
// bars stand: they carry the theme's min and max colours, and a plain bar
// does not.
func TestMediansChartMarksMinAndMax(t *testing.T) {
	for _, th := range []Theme{Light, Dark} {
		d := sampleData()
		img, _, err := Chart{MediansChart, Size{W: 900, H: 500, Scale: 1}, th}.Image(d)
		if err != nil {
			t.Fatal(err)
		}
		// Find the bar columns from the colours themselves: the min colour
		// must appear, as a bar, left of the max colour.
		minX, maxX := -1, -1
		for x := 0; x < 900; x++ {
			if countColour(img, x, th.Min) > 20 && minX < 0 {
				minX = x
			}
			if countColour(img, x, th.Max) > 100 && maxX < 0 {
				maxX = x
			}
		}
		if minX < 0 || maxX < 0 || minX >= maxX {
			t.Fatalf("%s: min bar at x=%d, max bar at x=%d", th.Name, minX, maxX)
		}
		// Bars are in list order across the width: list 7 of 30 sits in
		// the left third, list 21 in the right half.
		if minX > 900/3 || maxX < 900/2 {
			t.Errorf("%s: min bar at x=%d, max at x=%d: not where lists 7 and 21 are", th.Name, minX, maxX)
		}
		if img.RGBAAt(2, 2) != th.Background {
			t.Errorf("%s: background %v, want %v", th.Name, img.RGBAAt(2, 2), th.Background)
		}
	}
}

func TestWriteFormats(t *testing.T) {
	d := sampleData()
	for _, k := range []Kind{MediansChart, DistributionChart} {
		var buf bytes.Buffer
		if err := (Chart{k, Size{W: 640, H: 360, Scale: 2}, Light}).Write(&buf, PNG, d, nil); err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(&buf)
		if err != nil || cfg.Width != 640 || cfg.Height != 360 {
			t.Fatalf("%v PNG: %v, %dx%d", k, err, cfg.Width, cfg.Height)
		}
		buf.Reset()
		if err := (Chart{k, Size{W: 640, H: 360, Scale: 1}, Light}).Write(&buf, SVG, d, nil); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&buf)
		var root struct {
			XMLName xml.Name
			ViewBox string `xml:"viewBox,attr"`
		}
		if err := dec.Decode(&root); err != nil || root.XMLName.Local != "svg" || root.ViewBox != "0 0 640 360" {
			t.Fatalf("%v SVG: %v %+v", k, err, root)
		}
	}
}

// TestChartsNeverFail draws awkward data: one list, all empty, all
// infinite, huge ranges, many lists.
func TestChartsNeverFail(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := map[string][]float64{
		"none":      {},
		"one":       {3},
		"empty":     {nan, nan},
		"infinite":  {inf, -inf, nan},
		"huge":      {math.MaxFloat64, -math.MaxFloat64, 0},
		"tiny":      {5e-324, 1e-323},
		"equal":     {7, 7, 7, 7},
		"many":      make([]float64, 5000),
		"long name": {1, 2},
	}
	for name, ms := range cases {
		for _, k := range []Kind{MediansChart, DistributionChart, SpreadChart} {
			for _, size := range []Size{{W: 120, H: 80}, {W: 1920, H: 1080, Scale: 2}} {
				if _, _, err := (Chart{k, size, Dark}).Image(NewSeries(name, ms)); err != nil {
					t.Errorf("%s %v %v: %v", name, k, size, err)
				}
			}
		}
	}
}

func TestLayoutHitTesting(t *testing.T) {
	// Bars: the centre of every bar names its list.
	d := sampleData()
	_, l, err := Chart{MediansChart, Size{W: 900, H: 500, Scale: 1}, Light}.Image(d)
	if err != nil {
		t.Fatal(err)
	}
	pitch := l.f.w() / float64(l.n)
	for i := range d.Len() {
		if got, ok := l.ListAt(l.f.left+pitch*(float64(i)+0.5), (l.f.top+l.f.bottom)/2); !ok || got != i {
			t.Errorf("bar %d: ListAt = %d, %v", i, got, ok)
		}
	}
	if _, ok := l.ListAt(1, 1); ok {
		t.Error("a hit outside the frame")
	}
	// Line: a spike is found where it is drawn.
	ms := make([]float64, 50_000)
	for i := range ms {
		ms[i] = 10 + float64(i%7)
	}
	ms[31_234] = 100
	d = NewSeries("spike", ms)
	_, l, err = Chart{MediansChart, Size{W: 1000, H: 500, Scale: 1}, Light}.Image(d)
	if err != nil {
		t.Fatal(err)
	}
	x := l.f.left + float64(31_234*l.width/len(ms))*l.f.w()/float64(l.width-1)
	if got, ok := l.ListAt(x, l.y.pos(100)); !ok || got != 31_234 {
		t.Errorf("spike: ListAt = %d, %v", got, ok)
	}
	// Distribution: every bin's middle reports its own count.
	_, l, err = Chart{DistributionChart, Size{W: 800, H: 400, Scale: 1}, Light}.Image(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	h := l.hist
	bw := l.f.w() / float64(len(h.Counts))
	for i, want := range h.Counts {
		lo, hi, n, ok := l.BinAt(l.f.left + bw*(float64(i)+0.5))
		if !ok || n != want || hi <= lo {
			t.Errorf("bin %d: %v %v %d %v, want count %d", i, lo, hi, n, ok, want)
		}
	}
}
