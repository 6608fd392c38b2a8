package plot

import "math"

// Layout is where a drawn chart put its lists or bins, in the image's
// pixels, so that a window can tell what is under the mouse.
type Layout struct {
	kind  Kind
	f     frame
	n     int // lists
	bars  bool
	slots []int // bars and boxes: the list in each place; nil for file order
	y     axis
	width int   // bands: columns across the frame
	data  *Data // bands: the lists, to find the one under the mouse
	hist  *Hist
}

// ListAt returns the list drawn at pixel (x, y) of a medians or spread
// chart: the bar or box under x, or over bands the list of that pixel
// column whose median is drawn nearest to y.
func (l *Layout) ListAt(x, y float64) (int, bool) {
	if l == nil || (l.kind != MediansChart && l.kind != SpreadChart) || l.n == 0 ||
		x < l.f.left || x > l.f.right || y < l.f.top-4 || y > l.f.bottom+4 {
		return 0, false
	}
	if l.bars {
		s := min(int((x-l.f.left)/(l.f.w()/float64(l.n))), l.n-1)
		if l.slots != nil {
			return l.slots[s], true
		}
		return s, true
	}
	if l.data == nil || l.width < 1 {
		return 0, false
	}
	col := 0
	if l.width > 1 {
		col = int(math.Round((x - l.f.left) * float64(l.width-1) / l.f.w()))
	}
	col = min(max(col, 0), l.width-1)
	best, dist := -1, math.Inf(1)
	l.data.medians.each(col*l.n/l.width, (col+1)*l.n/l.width, func(base int, seg []float64) {
		for j, m := range seg {
			var py float64
			switch {
			case math.IsNaN(m):
				continue
			case math.IsInf(m, 1):
				py = l.f.top
			case math.IsInf(m, -1):
				py = l.f.bottom
			default:
				py = l.y.pos(m)
			}
			if d := math.Abs(py - y); d < dist {
				best, dist = base+j, d
			}
		}
	})
	return best, best >= 0
}

// BinAt returns the histogram bin drawn at x of a distribution or values
// chart: its bounds and count.
func (l *Layout) BinAt(x float64) (lo, hi float64, count int, ok bool) {
	if l == nil || (l.kind != DistributionChart && l.kind != ValuesChart) || l.hist == nil || len(l.hist.Counts) == 0 || x < l.f.left || x > l.f.right {
		return 0, 0, 0, false
	}
	h := l.hist
	i := min(int((x-l.f.left)/(l.f.w()/float64(len(h.Counts)))), len(h.Counts)-1)
	lo = h.Lo + h.Width*float64(i)
	return lo, lo + h.Width, h.Counts[i], true
}
