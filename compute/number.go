package compute

import (
	"bytes"
	"math"
	"strconv"
	"unsafe"
)

// pow10 holds the powers of ten that are exact in a float64 (10^0..10^22),
// the range in which Clinger's fast path is correctly rounded.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ParseNumber reads b as a number of Medianscope's grammar:
//
//	[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
//
// or, in any case, inf / infinity with an optional sign. The result is
// correctly rounded and agrees bit for bit with strconv.ParseFloat; values
// beyond the float64 range become ±Inf, as ParseFloat returns them. Go's
// extras (hex floats, underscores, nan) are not numbers here: ok is false.
//
// ParseNumber does not allocate on the common path: short decimals are
// converted exactly by Clinger's fast path; the rest is handed to
// strconv.ParseFloat without copying b.
func ParseNumber(b []byte) (f float64, ok bool) { return ParseDecimal(b, '.') }

// ParseDecimal is ParseNumber with mark as the decimal mark ('.' or ',').
// With a comma, "1,5" is 1.5 and "1.5" is not a number.
func ParseDecimal(b []byte, mark byte) (f float64, ok bool) {
	n := len(b)
	if n == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if c := b[0]; c == '+' || c == '-' {
		neg = c == '-'
		i = 1
		if n == 1 {
			return 0, false
		}
	}
	if c := b[i] | 0x20; c == 'i' {
		return parseInf(b[i:], neg)
	}

	var mant uint64 // the first 19 significant digits
	nd := 0         // significant digits seen (leading zeros excluded)
	dropped := false
	exp := 0 // decimal exponent adjustment for mant
	sawDigits := false
	for ; i < n; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			break
		}
		sawDigits = true
		if nd == 0 && c == '0' {
			continue
		}
		if nd < 19 {
			mant = mant*10 + uint64(c-'0')
			nd++
		} else {
			exp++ // digit beyond what mant holds: scales the value
			if c != '0' {
				dropped = true
			}
		}
	}
	if i < n && b[i] == mark {
		i++
		for ; i < n; i++ {
			c := b[i]
			if c < '0' || c > '9' {
				break
			}
			sawDigits = true
			if nd == 0 && c == '0' {
				exp--
				continue
			}
			if nd < 19 {
				mant = mant*10 + uint64(c-'0')
				nd++
				exp--
			} else if c != '0' {
				dropped = true
			}
		}
	}
	if !sawDigits {
		return 0, false
	}
	if i < n && b[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < n && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		start := i
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == start || i != n {
			return 0, false
		}
		e, big := parseExp(b[start:i])
		if big {
			// An exponent beyond 1e9 in size decides the result alone.
			return slowParse(b, mark)
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != n {
		return 0, false
	}
	if !dropped && mant <= 1<<53 {
		if mant == 0 {
			return signed(0, neg), true
		}
		if exp >= 0 && exp <= 22 {
			return signed(float64(mant)*pow10[exp], neg), true
		}
		if exp < 0 && exp >= -22 {
			return signed(float64(mant)/pow10[-exp], neg), true
		}
	}
	return slowParse(b, mark)
}

// parseExp reads an exponent's digits. big reports a value above 1e9,
// where the exponent alone decides the result.
func parseExp(b []byte) (e int, big bool) {
	for _, c := range b {
		e = e*10 + int(c-'0')
		if e > 1e9 {
			return 0, true
		}
	}
	return e, false
}

func signed(f float64, neg bool) float64 {
	if neg {
		return -f
	}
	return f
}

// slowParse converts an already validated token with strconv.ParseFloat
// (a decimal comma becomes a point on a copy first). Its only possible
// error is ErrRange, whose value (±Inf or ±0) we keep.
func slowParse(b []byte, mark byte) (float64, bool) {
	if mark != '.' {
		var buf [64]byte
		c := append(buf[:0], b...)
		if i := bytes.IndexByte(c, mark); i >= 0 {
			c[i] = '.'
		}
		b = c
	}
	f, _ := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	return f, true
}

// parseInf accepts "inf" and "infinity" in any case (b has no sign).
func parseInf(b []byte, neg bool) (float64, bool) {
	if !(len(b) == 3 || len(b) == 8) {
		return 0, false
	}
	const word = "infinity"
	for i, c := range b {
		if c|0x20 != word[i] {
			return 0, false
		}
	}
	if neg {
		return math.Inf(-1), true
	}
	return math.Inf(1), true
}
