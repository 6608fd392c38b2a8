package plot

import (
	"math"
	"sort"
)

// Layout is where a drawn chart put its lists or bins, in the image's
// pixels, so that a window can tell what is under the mouse.
type Layout struct {
	kind  Kind
	f     frame
	n     int // lists
	bars  bool
	y     axis
	cols  []Column // line mode: the decimated columns
	width int      // line mode: columns across the frame
	hist  *Hist
}

// ListAt returns the list drawn at pixel (x, y) of a medians chart: the bar
// under x, or in line mode the list whose min or max in that pixel column
// is nearer to y.
func (l *Layout) ListAt(x, y float64) (int, bool) {
	if l == nil || l.kind != MediansChart || l.n == 0 || x < l.f.left || x > l.f.right || y < l.f.top-4 || y > l.f.bottom+4 {
		return 0, false
	}
	if l.bars {
		i := int((x - l.f.left) / (l.f.w() / float64(l.n)))
		return min(i, l.n-1), true
	}
	col := 0
	if l.width > 1 {
		col = int(math.Round((x - l.f.left) * float64(l.width-1) / l.f.w()))
	}
	k := sort.Search(len(l.cols), func(i int) bool { return l.cols[i].X >= col })
	if k == len(l.cols) || l.cols[k].X != col || l.cols[k].N == 0 {
		return 0, false
	}
	c := l.cols[k]
	if math.Abs(l.y.pos(c.Max)-y) < math.Abs(l.y.pos(c.Min)-y) {
		return c.MaxI, true
	}
	return c.MinI, true
}

// BinAt returns the histogram bin drawn at x of a distribution chart: its
// bounds and count.
func (l *Layout) BinAt(x float64) (lo, hi float64, count int, ok bool) {
	if l == nil || l.kind != DistributionChart || l.hist == nil || len(l.hist.Counts) == 0 || x < l.f.left || x > l.f.right {
		return 0, 0, 0, false
	}
	h := l.hist
	i := min(int((x-l.f.left)/(l.f.w()/float64(len(h.Counts)))), len(h.Counts)-1)
	lo = h.Lo + h.Width*float64(i)
	return lo, lo + h.Width, h.Counts[i], true
}
