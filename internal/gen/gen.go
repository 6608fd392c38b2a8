// Package gen writes synthetic CSV files shaped like real exports, for
// benchmarks and the smoke test: every row a named list of sensor readings.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// Shapes names the generated file shapes.
var Shapes = []string{"wide", "ragged", "huge", "tall"}

// Write writes about size bytes of CSV of the given shape to w:
//
//	wide    rows of 1000 values
//	ragged  rows of 1..1000 values, some cells missing
//	huge    a few lists of millions of values each (size/4 bytes per list)
//	tall    millions of rows of 3 values
//
// The same shape, size and seed always give the same bytes.
func Write(w io.Writer, shape string, size int64, seed uint64) error {
	return write(w, shape, size, func(_ int, written int64) bool { return written < size }, seed)
}

// WriteLists writes exactly lists rows (lists) of the given shape to w,
// whatever their size: a file of ten million lists for the window's
// at-scale smoke run. Its rows are the ones Write makes with the same
// shape and seed (for huge, sized as if by size = lists × 4 MiB).
func WriteLists(w io.Writer, shape string, lists int, seed uint64) error {
	return write(w, shape, int64(lists)<<22, func(row int, _ int64) bool { return row < lists }, seed)
}

// write writes rows of shape while more(row, bytes written so far) says so.
func write(w io.Writer, shape string, size int64, more func(row int, written int64) bool, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	bw := bufio.NewWriterSize(w, 1<<20)
	var rowLen func(row int) int
	switch shape {
	case "wide":
		rowLen = func(int) int { return 1000 }
	case "ragged":
		rowLen = func(int) int { return 1 + r.IntN(1000) }
	case "huge":
		rowLen = func(int) int { return int(size / 4 / 8) }
	case "tall":
		rowLen = func(int) int { return 3 }
	default:
		return fmt.Errorf("unknown shape %q (want one of %v)", shape, Shapes)
	}
	var written int64
	var row []byte
	for i := 0; more(i, written); i++ {
		row = append(row[:0], "run-"...)
		row = strconv.AppendInt(row, int64(i+1), 10)
		base := 20 + 5*math.Sin(float64(i)/7) + r.NormFloat64()
		spread := 0.5 + r.Float64()*2
		for range rowLen(i) {
			row = append(row, ',')
			if shape == "ragged" && r.IntN(200) == 0 {
				continue // a missing reading
			}
			row = strconv.AppendFloat(row, base+r.NormFloat64()*spread, 'f', 3, 64)
			if shape == "huge" && len(row) > 1<<20 {
				if _, err := bw.Write(row); err != nil {
					return err
				}
				written += int64(len(row))
				row = row[:0]
			}
		}
		row = append(row, '\n')
		if _, err := bw.Write(row); err != nil {
			return err
		}
		written += int64(len(row))
	}
	return bw.Flush()
}
