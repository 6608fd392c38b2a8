package peers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// Obvious is the program a Go user writes first: one goroutine,
// encoding/csv (FieldsPerRecord=-1, ReuseRecord), strconv.ParseFloat per
// cell, sort.Float64s per list and the midpoint of the two middle values.
// Rows: a first cell that is not a number is the label; empty cells are
// skipped. Groups: map[string][]float64 (first appearance order kept for
// ties). Columns: [][]float64, one slice per header name.
func Obvious(path string, kind Kind) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	switch kind {
	case Rows:
		return obviousRows(r)
	case Groups:
		return obviousGroups(r)
	case Columns:
		return obviousColumns(r)
	}
	return nil, fmt.Errorf("obvious: unknown kind %q", kind)
}

func median(vals []float64) float64 {
	sort.Float64s(vals)
	n := len(vals)
	if n%2 == 1 {
		return vals[n/2]
	}
	return midpoint(vals[n/2-1], vals[n/2])
}

func obviousRows(r *csv.Reader) (*Result, error) {
	var t tracker
	var vals []float64
	for index := 0; ; index++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		label := ""
		vals = vals[:0]
		for i, cell := range rec {
			if cell == "" {
				continue
			}
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				if i == 0 {
					label = cell
					continue
				}
				return nil, fmt.Errorf("line %d field %d: not a number: %q", line, i+1, cell)
			}
			vals = append(vals, v)
		}
		if len(vals) == 0 {
			continue
		}
		t.offer(List{Index: index, Line: line, Label: label, Count: len(vals), Median: Median(median(vals))})
	}
	return &t.res, nil
}

func obviousGroups(r *csv.Reader) (*Result, error) {
	groups := map[string][]float64{}
	var order []string
	for first := true; ; first = false {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if first {
			continue // the header
		}
		if len(rec) < 2 || rec[1] == "" {
			continue
		}
		v, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			return nil, err
		}
		vals, ok := groups[rec[0]]
		if !ok {
			order = append(order, rec[0])
		}
		groups[rec[0]] = append(vals, v)
	}
	var t tracker
	for i, name := range order {
		vals := groups[name]
		t.offer(List{Index: i, Line: 0, Label: name, Count: len(vals), Median: Median(median(vals))})
	}
	return &t.res, nil
}

func obviousColumns(r *csv.Reader) (*Result, error) {
	var names []string
	var cols [][]float64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if names == nil {
			names = append([]string(nil), rec...) // ReuseRecord: copy
			cols = make([][]float64, len(names))
			continue
		}
		for i, cell := range rec {
			if cell == "" || i >= len(cols) {
				continue
			}
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				return nil, err
			}
			cols[i] = append(cols[i], v)
		}
	}
	var t tracker
	for i, vals := range cols {
		if len(vals) == 0 {
			continue
		}
		t.offer(List{Index: i, Line: 0, Label: names[i], Count: len(vals), Median: Median(median(vals))})
	}
	return &t.res, nil
}
