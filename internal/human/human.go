// Package human formats numbers for people: byte counts, thousands and
// durations, the same way in the window and on the command line.
package human

import (
	"fmt"
	"strconv"
	"time"
)

// Bytes formats a byte count in decimal units: 512 B, 73.3 kB, 600.0 MB, 1.20 GB.
func Bytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// Int groups thousands with thin spaces: 12 345 678.
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3*3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, "\u2009"...)
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// Duration is a short duration: 678 µs, 1.8 ms, 2.31 s, 1m5s.
func Duration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	case d < time.Minute:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// Count is "1 value", "2 values", "12 345 values".
func Count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return Int(int64(n)) + " " + thing + "s"
}
