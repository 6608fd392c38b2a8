package plot

import (
	"math"
	"strconv"
	"strings"
)

// axis maps data values to pixels along one direction.
type axis struct {
	lo, hi   float64 // data range shown
	p0, p1   float64 // pixels of lo and hi
	ticks    []float64
	step     float64
	integers bool // ticks are whole numbers (counts, indexes)
}

func (a axis) pos(v float64) float64 {
	if a.hi == a.lo {
		return (a.p0 + a.p1) / 2
	}
	// Divide before subtracting so ranges near ±MaxFloat64 do not overflow.
	t := (v/2 - a.lo/2) / (a.hi/2 - a.lo/2)
	return a.p0 + t*(a.p1-a.p0)
}

// niceAxis returns a range that holds [lo, hi] with round tick values, at
// most about maxTicks of them. lo and hi must be finite.
func niceAxis(lo, hi float64, maxTicks int, integers bool) axis {
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		pad := math.Abs(lo) * 0.1
		if pad == 0 || integers {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	maxTicks = max(maxTicks, 2)
	span := hi/2 - lo/2 // half the span: never overflows
	step := niceStep(2 * span / float64(maxTicks))
	if math.IsInf(step, 0) || step == 0 {
		return axis{lo: lo, hi: hi, ticks: []float64{lo, hi}, step: span}
	}
	if integers {
		step = math.Max(1, math.Round(step))
	}
	a := axis{step: step, integers: integers}
	a.lo = math.Floor(lo/step) * step
	a.hi = math.Ceil(hi/step) * step
	if math.IsInf(a.lo, 0) || math.IsInf(a.hi, 0) {
		a.lo, a.hi = lo, hi
	}
	for i := 0; i <= 2*maxTicks+2; i++ {
		v := a.lo + float64(i)*step
		if v > a.hi+step/2 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0 // no "-0" or "1e-17" at zero
		}
		a.ticks = append(a.ticks, v)
	}
	return a
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1:
		return mag
	case f <= 2:
		return 2 * mag
	case f <= 5:
		return 5 * mag
	}
	return 10 * mag
}

// label formats a tick value with just enough decimals for its axis step.
func (a axis) label(v float64) string {
	av := math.Max(math.Abs(a.lo), math.Abs(a.hi))
	if av >= 1e7 || (av < 1e-3 && av > 0) || a.step < 1e-6 {
		return sci(v)
	}
	dec := 0
	if a.step < 1 && !a.integers {
		dec = int(math.Ceil(-math.Log10(a.step) - 1e-9))
	}
	return groupThousands(strconv.FormatFloat(v, 'f', dec, 64))
}

// groupThousands puts thin spaces between thousands of the integer part.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 4 {
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString("\u2009")
		}
		b.WriteRune(ch)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// FormatValue formats a median for annotations: the shortest exact form
// when it is short, else 8 significant digits.
func FormatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+∞"
	case math.IsInf(v, -1):
		return "−∞"
	case math.IsNaN(v):
		return "undefined (∞−∞)"
	}
	s := strconv.FormatFloat(v+0, 'g', -1, 64)
	if len(s) > 12 {
		s = strconv.FormatFloat(v+0, 'g', 8, 64)
	}
	return s
}

// sci formats v as a short scientific number: 1.5e308, -2e-7, 0.
func sci(v float64) string {
	if v == 0 {
		return "0"
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', 2, 64), "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(exp, "+-0")
	if neg {
		exp = "-" + exp
	}
	return mant + "e" + exp
}
