package main

import (
	"fmt"
	"math"
	"strings"

	"medianscope/bench/peers"
)

// check compares every contender's result with the reference (Medianscope
// with 2 workers, or the first other contender that ran): the smallest and
// the largest median must be equal as float64, and name the same list
// (index, line and label where both know them); the numbers of lists and
// values must match where both report them. A different list with the very
// same median is a tie: a disagreement only between contenders that both
// promise Medianscope's rule (the first in file order wins) on row shapes.
func check(sr *shapeResult) {
	var ref *outcome
	for _, key := range []string{"ms2", "ms1", "obvious", "probe", "duckdb"} {
		if o := sr.outcome(key); o != nil && o.ok() {
			ref = o
			break
		}
	}
	if ref == nil {
		return
	}
	var agreed []string
	for _, o := range sr.outcomes {
		if o == ref || !o.ok() {
			continue
		}
		before := len(sr.disagreements)
		compareResults(sr, ref, o)
		if len(sr.disagreements) == before {
			agreed = append(agreed, o.c.name)
		}
	}
	what := fmt.Sprintf("min %s, max %s", describeList(sr.s.kind, ref.res.Min), describeList(sr.s.kind, ref.res.Max))
	if len(agreed) == 0 {
		sr.agreement = append([]string{fmt.Sprintf("%s alone: %s", ref.c.name, what)}, sr.agreement...)
	} else {
		sr.agreement = append([]string{fmt.Sprintf("%s and %s agree: %s", ref.c.name, strings.Join(agreed, ", "), what)}, sr.agreement...)
	}
	for _, d := range sr.disagreements {
		logf("!!! DISAGREEMENT on %s: %s", sr.s.name, d)
	}
}

func compareResults(sr *shapeResult, ref, o *outcome) {
	a, b := ref.res, o.res
	bad := func(format string, args ...any) {
		sr.disagreements = append(sr.disagreements, fmt.Sprintf("%s vs %s: ", o.c.name, ref.c.name)+fmt.Sprintf(format, args...))
	}
	if a.Lists > 0 && b.Lists > 0 && a.Lists != b.Lists {
		bad("%d lists, not %d", b.Lists, a.Lists)
	}
	if a.Values > 0 && b.Values > 0 && a.Values != b.Values {
		bad("%d values, not %d", b.Values, a.Values)
	}
	for _, side := range []struct {
		name string
		x, y *peers.List
	}{{"min", a.Min, b.Min}, {"max", a.Max, b.Max}} {
		x, y := side.x, side.y
		switch {
		case x == nil && y == nil:
			continue
		case x == nil || y == nil:
			bad("%s is %s, not %s", side.name, describeList(sr.s.kind, y), describeList(sr.s.kind, x))
			continue
		}
		if !sameFloat(float64(x.Median), float64(y.Median)) {
			bad("%s median %s, not %s (%s, not %s)", side.name, fmtMedian(y.Median), fmtMedian(x.Median),
				describeList(sr.s.kind, y), describeList(sr.s.kind, x))
			continue
		}
		if !sameList(sr.s.kind, x, y) {
			msg := fmt.Sprintf("%s: the same median %s but %s, not %s", side.name, fmtMedian(x.Median),
				describeList(sr.s.kind, y), describeList(sr.s.kind, x))
			if o.c.tiesAnyOrder || ref.c.tiesAnyOrder || sr.s.kind != peers.Rows {
				sr.agreement = append(sr.agreement, fmt.Sprintf("tie, not a disagreement: %s vs %s: %s", o.c.name, ref.c.name, msg))
			} else {
				bad("%s", msg)
			}
			continue
		}
		if x.Count > 0 && y.Count > 0 && x.Count != y.Count {
			bad("%s list has %d values, not %d", side.name, y.Count, x.Count)
		}
	}
}

func sameFloat(x, y float64) bool {
	return x == y || (math.IsNaN(x) && math.IsNaN(y))
}

// sameList: index, line and label must match where both sides know them;
// groups and columns are named by their label alone (the order of groups
// is each program's own).
func sameList(kind peers.Kind, x, y *peers.List) bool {
	if kind != peers.Rows && x.Label != "" && y.Label != "" {
		return x.Label == y.Label
	}
	if x.Index >= 0 && y.Index >= 0 && x.Index != y.Index {
		return false
	}
	if x.Line > 0 && y.Line > 0 && x.Line != y.Line {
		return false
	}
	if x.Label != "" && y.Label != "" && x.Label != y.Label {
		return false
	}
	return true
}

func fmtMedian(m peers.Median) string {
	b, _ := m.MarshalJSON()
	return strings.Trim(string(b), `"`)
}

// describeList: e.g. "12.5 (row index 4, line 5, run-5, 100 values)".
func describeList(kind peers.Kind, l *peers.List) string {
	if l == nil {
		return "none"
	}
	var parts []string
	if l.Index >= 0 {
		switch kind {
		case peers.Rows:
			parts = append(parts, fmt.Sprintf("index %d", l.Index))
		case peers.Columns:
			parts = append(parts, fmt.Sprintf("column %d", l.Index+1))
		}
	}
	if l.Line > 0 && kind == peers.Rows {
		parts = append(parts, fmt.Sprintf("line %d", l.Line))
	}
	if l.Label != "" {
		parts = append(parts, fmt.Sprintf("%q", l.Label))
	}
	if l.Count > 0 {
		parts = append(parts, fmt.Sprintf("%d values", l.Count))
	}
	return fmt.Sprintf("%s (%s)", fmtMedian(l.Median), strings.Join(parts, ", "))
}
