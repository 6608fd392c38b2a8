package main

import (
	"testing"
	"time"
)

// ms2 and ms1 are one unit of the rotation, where ms2 stood; the others
// stay units of their own, in order.
func TestRotationUnits(t *testing.T) {
	var os []*outcome
	for _, k := range []string{"duckdb", "ms2", "gobvious", "ms1", "probe"} {
		os = append(os, &outcome{c: &contender{key: k}})
	}
	units := rotationUnits(os)
	var got [][]string
	for _, u := range units {
		var ks []string
		for _, o := range u {
			ks = append(ks, o.c.key)
		}
		got = append(got, ks)
	}
	want := [][]string{{"duckdb"}, {"ms2", "ms1"}, {"gobvious"}, {"probe"}}
	if len(got) != len(want) {
		t.Fatalf("units %v, want %v", got, want)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("units %v, want %v", got, want)
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("units %v, want %v", got, want)
			}
		}
	}
}

// scaling is the median of the rounds' ratios, not the ratio of the
// medians: a slow round of one side alone does not move it.
func TestScalingPairByPair(t *testing.T) {
	s := func(xs ...float64) []time.Duration {
		var ds []time.Duration
		for _, x := range xs {
			ds = append(ds, time.Duration(x*float64(time.Second)))
		}
		return ds
	}
	for _, tc := range []struct {
		name     string
		two, one []time.Duration
		want     float64
	}{
		// Rounds 2 and 3 ran in a slow minute: both sides slow together.
		{"drift", s(1, 2, 2), s(1.9, 3.8, 3.8), 1.9},
		// The ratio of medians would be 3/1 = 3.
		{"median of ratios", s(1, 1, 3), s(1.9, 3, 5.7), 1.9},
		{"even rounds", s(1, 1, 1, 1), s(1.8, 1.8, 2.2, 2.2), 2.0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sr := &shapeResult{outcomes: []*outcome{
				{c: &contender{key: "ms2"}, times: tc.two},
				{c: &contender{key: "ms1"}, times: tc.one},
			}}
			got := sr.scaling()
			if d := got.x - tc.want; d > 1e-9 || d < -1e-9 {
				t.Errorf("scaling %v, want %.2f", got.x, tc.want)
			}
		})
	}
	// A round without one of them: the ratio of the medians.
	sr := &shapeResult{outcomes: []*outcome{
		{c: &contender{key: "ms2"}, times: s(1, 1)},
		{c: &contender{key: "ms1"}, times: s(2)},
	}}
	if got := sr.scaling(); got.x != 2 {
		t.Errorf("scaling with a missing round %v, want 2", got.x)
	}
}
