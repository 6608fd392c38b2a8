package main

import (
	"fmt"
	"math"
	"strings"

	"medianscope/bench/peers"
)

// shape is one generated input file and how every contender reads it.
type shape struct {
	name  string
	kind  peers.Kind
	flags []string // Medianscope's shape flags
	// rows and cols at scale 1: for the row shapes cols is the number of
	// values per row (0 for ragged: 1..1000 each); for groups cols is the
	// number of sensors; for columns the number of columns.
	rows, cols int
	scaleCols  bool // -scale shrinks cols (longrows, oneline) instead of rows
	approx     string
	write      func(w *writer, s sized)
}

// sized is a shape's size at the chosen scale.
type sized struct {
	rows, cols int
}

var shapes = []shape{
	{name: "wide", kind: peers.Rows, rows: 200_000, cols: 100, approx: "~130 MB",
		write: writeWide},
	{name: "ragged", kind: peers.Rows, rows: 100_000, cols: 1000, approx: "~325 MB",
		write: writeRagged},
	{name: "longrows", kind: peers.Rows, rows: 20, cols: 1_000_000, scaleCols: true, approx: "~125 MB",
		write: writeLongrows},
	{name: "tiny", kind: peers.Rows, rows: 10_000_000, cols: 3, approx: "~270 MB",
		write: writeTiny},
	{name: "oneline", kind: peers.Rows, rows: 1, cols: 30_000_000, scaleCols: true, approx: "~185 MB",
		write: writeOneline},
	{name: "groups", kind: peers.Groups, flags: []string{"-by", "long", "-group", "1", "-value", "2"},
		rows: 10_000_000, cols: 20_000, approx: "~140 MB", write: writeGroups},
	{name: "keys", kind: peers.Groups, flags: []string{"-by", "long", "-group", "1", "-value", "2"},
		rows: 5_000_000, cols: 1_000_000, approx: "~75 MB", write: writeKeys},
	{name: "columns", kind: peers.Columns, flags: []string{"-by", "columns"},
		rows: 200_000, cols: 100, approx: "~130 MB", write: writeColumns},
}

func (s shape) size(scale float64) sized {
	z := sized{rows: s.rows, cols: s.cols}
	n := func(v int) int { return max(1, int(math.Round(float64(v)*scale))) }
	if s.scaleCols {
		z.cols = n(z.cols)
	} else {
		z.rows = n(z.rows)
	}
	if s.kind == peers.Groups {
		z.cols = min(z.cols, z.rows)
	}
	return z
}

// describe says what the file holds, e.g. "200000 rows × 100 values".
func (s shape) describe(z sized) string {
	switch s.name {
	case "ragged":
		return fmt.Sprintf("%d labelled rows × 1..%d values, ~1 in 200 cells empty", z.rows, z.cols)
	case "longrows":
		return fmt.Sprintf("%d labelled rows × %d values", z.rows, z.cols)
	case "oneline":
		return fmt.Sprintf("one unlabelled line of %d values", z.cols)
	case "groups", "keys":
		return fmt.Sprintf("long table sensor,value: %d shuffled rows, %d sensors", z.rows, z.cols)
	case "columns":
		return fmt.Sprintf("%d named columns × %d rows", z.cols, z.rows)
	}
	return fmt.Sprintf("%d labelled rows × %d values", z.rows, z.cols)
}

// memoryGoal is the speed issue's bound on Medianscope's peak RSS, in MiB:
// 64 MiB, 24 bytes per list and 8 bytes per value held at once. A row
// shape needs only its longest list's values at once; columns and long
// tables hold every value until the end (the real-world-files issue), so
// their bound counts them all.
func (s shape) memoryGoal(z sized) float64 {
	var lists, held float64
	switch s.kind {
	case peers.Groups:
		lists, held = float64(z.cols), float64(z.rows)
	case peers.Columns:
		lists, held = float64(z.cols), float64(z.rows)*float64(z.cols)
	default:
		lists, held = float64(z.rows), float64(z.cols)
	}
	return 64 + (24*lists+8*held)/(1<<20)
}

func pickShapes(list string) ([]shape, error) {
	if list == "" || list == "all" {
		return shapes, nil
	}
	var out []shape
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, s := range shapes {
			if s.name == name {
				out = append(out, s)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown shape %q (want some of wide, ragged, longrows, tiny, oneline, groups, keys, columns)", name)
		}
	}
	return out, nil
}
