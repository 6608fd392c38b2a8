package plot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"medianscope/compute"
)

// spreadData computes csv (rows of labelled lists) with the quartiles.
func spreadData(t testing.TB, csv string) *Data {
	t.Helper()
	res, err := compute.Run(t.Context(), strings.NewReader(csv), compute.Options{Spread: true, Workers: 2, SkipInvalid: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return NewData("spread.csv", res)
}

// TestBoxOrder draws the box chart in file order and by median, and reads
// back from the layout which list stands in each place: by median, lists
// go up by median, ties in file order, the list without a median last.
func TestBoxOrder(t *testing.T) {
	const csv = "a,5,6,7\nb,1,2,3\nc,,\nd,9,10,11\ne,2,2,2\nf,-4,inf,8\n"
	d := spreadData(t, csv)
	// Medians: a 6, b 2, c none, d 10, e 2, f 8 (−4, 8, +∞).
	for _, tc := range []struct {
		order Order
		want  []int
	}{
		{FileOrder, []int{0, 1, 2, 3, 4, 5}},
		{MedianOrder, []int{1, 4, 0, 5, 3, 2}},
	} {
		v := d.InOrder(tc.order)
		_, l, err := Chart{SpreadChart, Size{W: 900, H: 500, Scale: 1}, Light}.Image(v)
		if err != nil {
			t.Fatal(err)
		}
		pitch := l.f.w() / float64(l.n)
		var got []int
		for s := range l.n {
			i, ok := l.ListAt(l.f.left+pitch*(float64(s)+0.5), (l.f.top+l.f.bottom)/2)
			if !ok {
				t.Fatalf("order %d: nothing at place %d", tc.order, s)
			}
			got = append(got, i)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("order %d: lists %v, want %v", tc.order, got, tc.want)
		}
		if v.Order() != tc.order || d.Order() != FileOrder {
			t.Errorf("InOrder(%d) changed the original: %d, %d", tc.order, v.Order(), d.Order())
		}
	}
}

// TestSpreadMarksMinAndMax: the boxes of the min- and max-median lists,
// and the dots of the global min and max over bands, carry the theme's
// colours; a plain box does not.
func TestSpreadMarksMinAndMax(t *testing.T) {
	var few, many strings.Builder
	for i := range 30 {
		fmt.Fprintf(&few, "l%d,%d,%d,%d\n", i, 20+i%5, 25+i%5, 30+i%5)
	}
	few.WriteString("low,1,2,3\nhigh,50,60,70\n")
	for i := range 5000 {
		fmt.Fprintf(&many, "%d,%d,%d\n", 20+i%7, 25+i%5, 30+i%3)
	}
	many.WriteString("1,2,3\n80,90,99\n")
	for _, csv := range []string{few.String(), many.String()} {
		for _, th := range []Theme{Light, Dark} {
			img, _, err := Chart{SpreadChart, Size{W: 900, H: 500, Scale: 1}, th}.Image(spreadData(t, csv))
			if err != nil {
				t.Fatal(err)
			}
			if n := countAll(img, th.Min); n < 40 {
				t.Errorf("%s: %d pixels of the min colour", th.Name, n)
			}
			if n := countAll(img, th.Max); n < 40 {
				t.Errorf("%s: %d pixels of the max colour", th.Name, n)
			}
		}
	}
}

func countAll(img *image.RGBA, c color.RGBA) int {
	n := 0
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		n += countColour(img, x, c)
	}
	return n
}

// TestSpreadWithoutQuartiles: a result computed without the quartiles
// (or a bare series) draws a chart that says so, with nothing to click.
func TestSpreadWithoutQuartiles(t *testing.T) {
	res, err := compute.Run(t.Context(), strings.NewReader("1,2,3\n4,5,6\n"), compute.Options{Workers: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Data{NewData("plain.csv", res), sampleData()} {
		img, l, err := Chart{SpreadChart, Size{W: 800, H: 400, Scale: 1}, Light}.Image(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := l.ListAt(400, 200); ok {
			t.Error("a list under the mouse of a chart without boxes")
		}
		// The message is text in the middle rows, in the muted colour.
		text := 0
		for y := 190; y < 205; y++ {
			for x := 0; x < 800; x++ {
				if similar(img.RGBAAt(x, y), Light.Muted) {
					text++
				}
			}
		}
		if text < 30 {
			t.Errorf("%s: no message in the middle of the chart (%d text pixels)", d.Title, text)
		}
	}
}

// TestSpreadNeverNaN draws spreads with infinities, undefined medians,
// empty lists and huge ranges, as boxes and as bands, in PNG and SVG: no
// error, and no NaN or infinity reaches the renderer (the SVG would say
// so).
func TestSpreadNeverNaN(t *testing.T) {
	rows := map[string]string{
		"infinite":  "a,-inf,1,2\nb,inf,inf\nc,-inf,inf\nd,-inf,-inf,inf,inf\ne,,\n",
		"huge":      "a,1.7e308,-1.7e308\nb,1.7e308,1.7e308\nc,5e-324,0\n",
		"equal":     "a,7,7,7\nb,7,7\n",
		"one value": "a,3\nb,4\n",
		"empty":     "a,1\nb,,\nc,,\n",
	}
	for name, csv := range rows {
		for _, reps := range []int{1, 40} { // boxes, bands
			d := spreadData(t, strings.Repeat(csv, reps))
			orders := []Order{FileOrder, MedianOrder}
			if reps > 1 {
				orders = orders[:1] // bands are in file order
			}
			for _, o := range orders {
				for _, size := range []Size{{W: 120, H: 80}, {W: 960, H: 540, Scale: 2}} {
					c := Chart{SpreadChart, size, Dark}
					if _, _, err := c.Image(d.InOrder(o)); err != nil {
						t.Errorf("%s ×%d: %v", name, reps, err)
					}
					var buf bytes.Buffer
					if err := c.Write(&buf, SVG, d.InOrder(o), nil); err != nil {
						t.Errorf("%s ×%d SVG: %v", name, reps, err)
					}
					if s := buf.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
						t.Errorf("%s ×%d: NaN or Inf in the SVG", name, reps)
					}
				}
			}
		}
	}
}

// TestBandHitTesting: over bands, a click at a column's median line
// names a list of that column; a click at the max's dot names the max.
func TestBandHitTesting(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i%11, 10+i%13, 20+i%17)
	}
	b.WriteString("0,500,1000\n")
	d := spreadData(t, b.String())
	for _, k := range []Kind{MediansChart, SpreadChart} {
		_, l, err := Chart{k, Size{W: 1000, H: 500, Scale: 1}, Light}.Image(d)
		if err != nil {
			t.Fatal(err)
		}
		if l.bars || l.width < 500 {
			t.Fatalf("%v: not bands (width %d)", k, l.width)
		}
		n := d.Len()
		for _, col := range []int{0, l.width / 3, l.width - 1} {
			x := l.f.left + float64(col)*l.f.w()/float64(l.width-1)
			i, ok := l.ListAt(x, l.y.pos(10+5))
			if !ok || i < col*n/l.width || i >= (col+1)*n/l.width {
				t.Errorf("%v: column %d: list %d, %v", k, col, i, ok)
			}
		}
		x := l.f.left + float64(d.MaxIndex*l.width/n)*l.f.w()/float64(l.width-1)
		if i, ok := l.ListAt(x, l.y.pos(500)); !ok || i != d.MaxIndex {
			t.Errorf("%v: at the max: list %d, %v, want %d", k, i, ok, d.MaxIndex)
		}
	}
}
