package compute

import (
	"math"
	"math/big"
)

// Spread is a list's distribution in five numbers: its smallest value, its
// quartiles and its largest value. The quartiles are R's type 7 (numpy's
// and pandas' default, Excel's QUARTILE.INC): with the values sorted as
// x[0] … x[n-1], h = (n-1)·p and
//
//	q(p) = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋])
//
// computed exactly and rounded once to the nearest float64 (ties to even).
// An infinite neighbour with a fractional h gives that infinity; -Inf with
// +Inf gives NaN. For p = ½ this is Median. Zeros are +0, whatever the
// signs of the zeros in the list. Every field is NaN for an empty list.
type Spread struct {
	Min, Q1, Median, Q3, Max float64
}

// NoSpread is the Spread of an empty list.
var NoSpread = Spread{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}

// smallSpread is the length up to which Quartiles sorts instead of
// selecting three times.
const smallSpread = 16

// Quartiles returns the Spread of xs, reordering xs in place. xs must not
// contain NaN. It selects, never sorts a long list: after the median's
// selection the two halves are already partitioned, so the lower quartile
// is selected within the lower half and the upper within the upper — and
// within the part of each half that the median's passes left whole (its
// cuts). The extremes and the quartiles' neighbours are then read between
// the cuts of all three selections: the smallest value before the first
// cut, the largest after the last, a neighbour between its rank and the
// next cut (a few values, not a quarter of the list).
func Quartiles(xs []float64) Spread {
	n := len(xs)
	if n == 0 {
		return NoSpread
	}
	if n <= smallSpread {
		// Sorted, xs gives every quantile at once; the median is
		// Median's to the bit (the middle value, or Midpoint of the two).
		if n == 3 {
			lo, q1, mid, q3, hi := spread3(xs[0], xs[1], xs[2])
			return Spread{lo, q1, mid, q3, hi}
		}
		insertionSort(xs)
		med := xs[n/2] + 0
		if n%2 == 0 {
			med = Midpoint(xs[n/2-1], xs[n/2])
		}
		h1, f1 := quarter(n, 1)
		h3, f3 := quarter(n, 3)
		return Spread{xs[0] + 0, lerp4(xs, h1, f1), med, lerp4(xs, h3, f3), xs[n-1] + 0}
	}
	// The median's selection first: xs[:k] <= xs[k] <= xs[k+1:]. Its
	// value is Median's to the bit (xs[k], or for an even count the
	// Midpoint of xs[k] and the largest value below it).
	k := n / 2
	var c cuts
	c.selectIn(xs, 0, n, k)
	s := Spread{Median: xs[k] + 0}

	// Each quartile is selected between the cuts around it, and each scan
	// for a neighbour or an extreme is confined to the values between
	// its rank and the next cut (the cuts of all three selections): the
	// smallest value lies before the first cut, the largest after the last.
	h1, f1 := quarter(n, 1) // 0 < h1 < k-1 for n > 16
	a1, b1 := c.around(h1, 0, k)
	c.selectIn(xs, a1, b1, h1)
	_, e := c.around(0, 0, h1+1)
	s.Min = minOf(xs[:e]) + 0
	_, e = c.around(h1+1, h1+1, k)
	s.Q1 = interpolate(xs[h1], minOf(xs[h1+1:e]), f1)
	if n%2 == 0 {
		a, _ := c.around(k-1, h1+1, k)
		s.Median = Midpoint(maxOf(xs[a:k]), xs[k])
	}

	h3, f3 := quarter(n, 3) // k <= h3 < n-1 for n > 16
	if h3 > k {
		a3, b3 := c.around(h3, k+1, n)
		c.selectIn(xs, a3, b3, h3)
	}
	_, e = c.around(h3+1, h3+1, n)
	s.Q3 = interpolate(xs[h3], minOf(xs[h3+1:e]), f3)
	a, _ := c.around(n-1, h3+1, n)
	s.Max = maxOf(xs[a:]) + 0
	return s
}

// spread3 is Quartiles of three values (files of many short rows: the
// common small list), without branches on the data: h = ½ and 3/2 fall
// halfway between neighbours, where type 7 is their Midpoint. It returns
// five numbers, not a Spread: the compiler copies a returned struct
// through the stack with wide loads over narrow stores, which stalled
// every row of a tall file (a third of Quartiles' time there).
func spread3(a, b, c float64) (lo, q1, mid, q3, hi float64) {
	lo, hi = min(a, b), max(a, b)
	mid = max(lo, min(hi, c))
	lo, hi = min(lo, c), max(hi, c)
	q1, q3 = (lo+mid)/2, (mid+hi)/2
	if q1-q1 != 0 || q3-q3 != 0 { // an infinity or an overflow: Midpoint's rules
		q1, q3 = Midpoint(lo, mid), Midpoint(mid, hi)
	}
	return lo + 0, q1 + 0, mid + 0, q3 + 0, hi + 0
}

// quarter returns ⌊h⌋ and the fraction of h = (n-1)·q/4 in quarters (0…3).
func quarter(n, q int) (int, int) {
	h := (n - 1) * q
	return h / 4, h % 4
}

// lerp4 is the type 7 quantile of sorted xs at ⌊h⌋ = i, fraction f/4.
func lerp4(xs []float64, i, f int) float64 {
	if f == 0 {
		return xs[i] + 0
	}
	return interpolate(xs[i], xs[i+1], f)
}

// minOf returns the smallest value of xs. A branch, not Go's min (several
// instructions on floats: NaN and signed zeros): past the first few
// values a new smallest one is rare, so the branch is predicted. A zero's
// sign may differ from min's: callers add +0.
func minOf(xs []float64) float64 {
	m := xs[0]
	for _, v := range xs[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

// minMaxOf is minOf and the largest value, in one pass (the huge list's
// parts). Here branches beat min and max (1.6× on random lists): a new
// smallest or largest value is rare past the first few, so both branches
// are predicted, where Go's min and max on floats are several
// instructions each (NaN and signed zeros). A zero's sign may differ from
// theirs: callers add +0.
func minMaxOf(xs []float64) (float64, float64) {
	lo, hi := xs[0], xs[0]
	for _, v := range xs[1:] {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return lo, hi
}

// maxOf is minOf for the largest value.
func maxOf(xs []float64) float64 {
	m := xs[0]
	for _, v := range xs[1:] {
		if v > m {
			m = v
		}
	}
	return m
}

// interpolate returns a + f/4·(b-a) = ((4-f)·a + f·b)/4 for a <= b,
// computed exactly and rounded once. f is 0…3.
func interpolate(a, b float64, f int) float64 {
	switch {
	case f == 0 || a == b:
		return a + 0
	case math.IsInf(a, -1) && math.IsInf(b, 1):
		return math.NaN()
	case math.IsInf(a, 0):
		return a
	case math.IsInf(b, 0):
		return b
	case f == 2:
		return Midpoint(a, b)
	}
	// f is 1 or 3: X = u + 3v with (u, v) = (b, a) or (a, b).
	u, v := b, a
	if f == 3 {
		u, v = a, b
	}
	if q, ok := fastQuarter(u, v); ok {
		return q
	}
	return exactQuarter(u, v)
}

// fastQuarter computes (u + 3v)/4 with error-free transformations: 3v =
// p + e1 exactly (a fused multiply-add gives e1), p + u = s + e2 exactly
// (TwoSum), so u + 3v = s + (e1 + e2). When e1 + e2 is itself exact — the
// usual case, since both are tiny and close in scale unless u and v are
// tens of binades apart — s + t rounds the exact sum once. Division by 4
// is exact away from the subnormal range. ok is false where a condition
// fails; exactQuarter answers then.
func fastQuarter(u, v float64) (float64, bool) {
	const tiny = 0x1p-1000 // below this, products' errors may underflow
	if math.Abs(v) < tiny || math.Abs(u) < tiny && u != 0 {
		return 0, false
	}
	p := 3 * v
	e1 := math.FMA(3, v, -p)
	s := p + u
	bb := s - p
	e2 := (p - (s - bb)) + (u - bb)
	t := e1 + e2
	if tb := t - e1; (e1-(t-tb))+(e2-tb) != 0 {
		return 0, false // e1 + e2 rounded
	}
	r := s + t
	if math.IsInf(p, 0) || math.IsInf(r, 0) || math.IsNaN(r) || math.Abs(r) < 0x1p-1020 {
		return 0, false
	}
	return r/4 + 0, true
}

// exactQuarter computes (u + 3v)/4 in arbitrary precision and rounds once:
// the slow path for values far apart in scale, near overflow or near the
// subnormal range.
func exactQuarter(u, v float64) float64 {
	var x, y big.Float
	x.SetPrec(2200).SetFloat64(v) // 2200 bits hold any sum of float64 multiples exactly
	x.Mul(&x, big.NewFloat(3))
	y.SetPrec(2200).SetFloat64(u)
	x.Add(&x, &y)
	x.SetMantExp(&x, -2)
	q, _ := x.Float64() // nearest, ties to even; overflow gives ±Inf
	return q + 0
}
