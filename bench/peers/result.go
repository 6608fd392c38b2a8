// Package peers holds the contenders that Medianscope is measured against:
// DuckDB (through duckdb-go), the obvious Go program and the probe. Each one
// is run by the harness as a subprocess of the bench binary itself
// (bench -peer NAME -shape SHAPE FILE), so that its wall time and peak RSS
// are its own, and prints one Result as a JSON line shaped like the subset
// of Medianscope's -json object the harness compares.
package peers

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Kind is how a file's numbers are grouped into lists.
type Kind string

// The kinds of shape.
const (
	Rows    Kind = "rows"    // every line is a list, its first cell a label when not a number
	Groups  Kind = "groups"  // a long table "group,value" with a header: one list per group
	Columns Kind = "columns" // a header of names, then rows: one list per column
)

// List is one list of the result: the one with the smallest or the largest
// median. Index is 0-based in file order (for rows, counting empty lists
// too), -1 when the contender does not know it; Line is 1-based, 0 when
// unknown; Count is the number of values, 0 when unknown.
type List struct {
	Index  int    `json:"index"`
	Line   int    `json:"line"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
	Median Median `json:"median"`
}

// Result is what every contender prints: the number of lists with a
// median, the number of values (0 when unknown), and the lists with the
// smallest and the largest median (nil when no list has one). Ties go to
// the first list in file order where the contender can tell.
type Result struct {
	Lists  int   `json:"lists"`
	Values int64 `json:"values"`
	Min    *List `json:"min"`
	Max    *List `json:"max"`
}

// Median is a float64 that is written like Medianscope writes it: a JSON
// number in shortest round-trip form, or the string "+Inf", "-Inf" or
// "NaN".
type Median float64

// MarshalJSON writes m as a number or, when not finite, a string.
func (m Median) MarshalJSON() ([]byte, error) {
	f := float64(m)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number (exactly, with strconv.ParseFloat) or one
// of the strings "+Inf", "-Inf", "NaN".
func (m *Median) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "+Inf", "Inf":
			*m = Median(math.Inf(1))
		case "-Inf":
			*m = Median(math.Inf(-1))
		case "NaN":
			*m = Median(math.NaN())
		default:
			return fmt.Errorf("median: unexpected string %q", s)
		}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("median: %v", err)
	}
	*m = Median(f)
	return nil
}

// Run runs the named peer on path and returns its result.
func Run(name string, kind Kind, path string) (*Result, error) {
	switch name {
	case "duckdb":
		return DuckDB(path, kind)
	case "obvious":
		return Obvious(path, kind)
	case "probe":
		return Probe(path, kind)
	}
	return nil, fmt.Errorf("unknown peer %q (want duckdb, obvious or probe)", name)
}

// tracker keeps the lists with the smallest and the largest median seen so
// far; on a tie the earlier one (offered first) stays.
type tracker struct {
	res Result
}

func (t *tracker) offer(l List) {
	t.res.Lists++
	t.res.Values += int64(l.Count)
	m := float64(l.Median)
	if math.IsNaN(m) {
		return
	}
	if t.res.Min == nil || m < float64(t.res.Min.Median) {
		c := l
		t.res.Min = &c
	}
	if t.res.Max == nil || m > float64(t.res.Max.Median) {
		c := l
		t.res.Max = &c
	}
}

// midpoint is the median of an even count: (a+b)/2, or a/2+b/2 when a+b
// overflows while both are finite (as Medianscope does).
func midpoint(a, b float64) float64 {
	s := a + b
	if math.IsInf(s, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return a/2 + b/2
	}
	return s / 2
}
