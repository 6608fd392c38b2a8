package plot

import "math"

// Column is one pixel column of a decimated series (M4: first, min, max and
// last of the points that fall in it). Drawing the polyline through every
// column's first, min/max in index order, and last gives the same pixels
// as drawing every point, at a cost bounded by the width.
type Column struct {
	X            int     // pixel column, 0-based
	N            int     // finite points in the column
	First, Last  float64 // values of the first and last finite points
	Min, Max     float64
	MinI, MaxI   int // indexes (into the series) of Min and Max
	PosInf, NegI int // ±Inf points in the column, drawn as off-scale marks
}

// Decimate reduces ys to at most width columns; column c holds the points
// with index i where i*width/len(ys) == c. NaN points are left out (gaps);
// ±Inf points are only counted. Columns with no point are left out.
func Decimate(ys []float64, width int) []Column {
	n := len(ys)
	if n == 0 || width <= 0 {
		return nil
	}
	width = min(width, n)
	cols := make([]Column, 0, width)
	for c := 0; c < width; c++ {
		lo, hi := c*n/width, (c+1)*n/width
		// Integer division gives every index exactly one column.
		col := Column{X: c}
		for i := lo; i < hi; i++ {
			v := ys[i]
			switch {
			case math.IsNaN(v):
			case math.IsInf(v, 1):
				col.PosInf++
			case math.IsInf(v, -1):
				col.NegI++
			default:
				if col.N == 0 {
					col.First, col.Min, col.Max, col.MinI, col.MaxI = v, v, v, i, i
				} else {
					if v < col.Min {
						col.Min, col.MinI = v, i
					}
					if v > col.Max {
						col.Max, col.MaxI = v, i
					}
				}
				col.Last = v
				col.N++
			}
		}
		if col.N > 0 || col.PosInf > 0 || col.NegI > 0 {
			cols = append(cols, col)
		}
	}
	return cols
}
