package main

import (
	"math"
	"testing"
)

func TestParseSummary(t *testing.T) {
	for _, tc := range []struct {
		name, out          string
		lists              int
		values             int64
		min, max           string // label, or "" for a list named by position
		minIndex, maxIndex int
		minCount           int
		minMedian          float64
		maxLine            int
		bad                bool
	}{
		{name: "labels", out: "f.csv: 20000 lists, 10000000 values, 0 missing cells skipped\n" +
			"min median: 2.8644999999999996  \"s09204\", line 32787, 500 values\n" +
			"max median: 17.1415  \"s \\\"x\\\", y\", line 8897, 1 value\n" +
			"read as: delimiter ','\n12ms on 2 workers (1.0 cores busy), 1.0 MB/s (1 kB read)\n",
			lists: 20000, values: 10000000, min: "s09204", max: `s "x", y`, minIndex: -1, maxIndex: -1,
			minCount: 500, minMedian: 2.8644999999999996, maxLine: 8897},
		{name: "rows by position, thin-space counts, +Inf, empty lists",
			out: "a: b.csv: 3 lists (+1 empty), 30000002 values, 2 missing cells skipped, 1 invalid cells skipped\n" +
				"min median: -Inf  row 4, line 5, 30\u2009000\u2009000 values\n" +
				"max median: +Inf  row 1, line 1, 2 values\n",
			lists: 3, values: 30000002, minIndex: 3, maxIndex: 0, minCount: 30000000,
			minMedian: math.Inf(-1), maxLine: 1},
		{name: "no median", out: "f: 0 lists (+2 empty), 0 values, 4 missing cells skipped\n" +
			"min median: none (no list has a defined median)\nmax median: none (no list has a defined median)\n"},
		{name: "an error instead", out: "f.csv:1:2: not a number\n", bad: true},
		{name: "no min line", out: "f: 1 lists, 1 values, 0 missing cells skipped\n", bad: true},
		{name: "a name of neither kind", out: "f: 1 lists, 1 values, 0 missing cells skipped\n" +
			"min median: 1  list 1, line 1, 1 value\nmax median: 1  list 1, line 1, 1 value\n", bad: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := parseSummary(tc.out)
			if tc.bad {
				if err == nil {
					t.Fatalf("no error; got %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Lists != tc.lists || res.Values != tc.values {
				t.Errorf("lists %d values %d, want %d %d", res.Lists, res.Values, tc.lists, tc.values)
			}
			if tc.lists == 0 {
				if res.Min != nil || res.Max != nil {
					t.Errorf("min/max %v %v, want none", res.Min, res.Max)
				}
				return
			}
			if res.Min.Label != tc.min || res.Max.Label != tc.max || res.Min.Index != tc.minIndex || res.Max.Index != tc.maxIndex {
				t.Errorf("min %+v max %+v", *res.Min, *res.Max)
			}
			if res.Min.Count != tc.minCount || float64(res.Min.Median) != tc.minMedian || res.Max.Line != tc.maxLine {
				t.Errorf("min %+v max %+v", *res.Min, *res.Max)
			}
		})
	}
}
