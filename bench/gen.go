package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// genVersion is part of every cached file's name: change it when a
// generator changes, so that old files are not reused.
const genVersion = "g1"

// dataFile returns the path of shape s at scale in dir, writing the file
// first when it is not there yet. The same shape and scale always give the
// same bytes (fixed seeds, PCG).
func dataFile(dir string, s shape, scale float64) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("%s-x%s-%s.csv", s.name, strconv.FormatFloat(scale, 'g', -1, 64), genVersion))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	start := time.Now()
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	w := &writer{Writer: bufio.NewWriterSize(f, 1<<20)}
	seed := uint64(0)
	for _, c := range s.name {
		seed = seed*31 + uint64(c)
	}
	w.r = rand.New(rand.NewPCG(seed, 0x6d656469616e)) // "median"
	s.write(w, s.size(scale))
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	st, _ := os.Stat(path)
	logf("generated %s (%.1f MB) in %.1fs", path, float64(st.Size())/1e6, time.Since(start).Seconds())
	return path, nil
}

// writer is a buffered writer with the few appends the generators need.
// Write errors stick in bufio.Writer and come back from Flush.
type writer struct {
	*bufio.Writer
	r   *rand.Rand
	buf []byte
}

// label writes prefix and n.
func (w *writer) label(prefix string, n int) {
	w.WriteString(prefix)
	w.buf = strconv.AppendInt(w.buf[:0], int64(n), 10)
	w.Write(w.buf)
}

// value writes v with 3 decimals, e.g. 20.123.
func (w *writer) value(v float64) {
	m := int64(math.Round(v * 1000))
	b := w.buf[:0]
	if m < 0 {
		b = append(b, '-')
		m = -m
	}
	b = strconv.AppendInt(b, m/1000, 10)
	f := m % 1000
	b = append(b, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
	w.buf = b
	w.Write(b)
}

// rowLevel is a row's (or list's) typical level and spread: the level
// drifts slowly from row to row, so that medians differ.
func (w *writer) rowLevel(i int) (base, spread float64) {
	return 10 + 4*math.Sin(float64(i)/7) + w.r.NormFloat64(), 0.5 + 2*w.r.Float64()
}

// spaced is a well spread fraction in [0,1) for list k (golden ratio).
func spaced(k int) float64 {
	_, f := math.Modf(float64(k) * 0.6180339887498949)
	return f
}

func writeWide(w *writer, z sized) {
	for i := range z.rows {
		w.label("run-", i+1)
		base, spread := w.rowLevel(i)
		for range z.cols {
			w.WriteByte(',')
			w.value(base + spread*w.r.NormFloat64())
		}
		w.WriteByte('\n')
	}
}

func writeRagged(w *writer, z sized) {
	for i := range z.rows {
		w.label("run-", i+1)
		base, spread := w.rowLevel(i)
		for range 1 + w.r.IntN(z.cols) {
			w.WriteByte(',')
			if w.r.IntN(200) == 0 {
				continue // a missing reading
			}
			w.value(base + spread*w.r.NormFloat64())
		}
		w.WriteByte('\n')
	}
}

func writeLongrows(w *writer, z sized) {
	for i := range z.rows {
		w.label("row-", i+1)
		base, spread := 5+10*spaced(i+1), 1+w.r.Float64()
		for range z.cols {
			w.WriteByte(',')
			w.value(base + spread*w.r.NormFloat64())
		}
		w.WriteByte('\n')
	}
}

func writeTiny(w *writer, z sized) {
	for i := range z.rows {
		w.label("r", i)
		base, spread := 5+w.r.NormFloat64(), 0.5+w.r.Float64()
		for range z.cols {
			w.WriteByte(',')
			w.value(base + spread*w.r.NormFloat64())
		}
		w.WriteByte('\n')
	}
}

func writeOneline(w *writer, z sized) {
	for j := range z.cols {
		if j > 0 {
			w.WriteByte(',')
		}
		w.value(5 + 1.5*w.r.NormFloat64())
	}
	w.WriteByte('\n')
}

// writeGroups writes "sensor,value" rows: every sensor (s00000, s00001, …)
// has its own level and spread and about rows/sensors readings, and the
// rows are shuffled.
func writeGroups(w *writer, z sized) { writeLong(w, z, false) }

// writeKeys writes a long table like writeGroups', with many more groups
// (a million, of some five readings each: groups keyed by an ID). The
// first and the last group sit far below and above the others, so that
// the smallest and largest medians are not ties among a million.
func writeKeys(w *writer, z sized) { writeLong(w, z, true) }

func writeLong(w *writer, z sized, apart bool) {
	sensors := z.cols
	order := make([]int32, z.rows)
	for i := range order {
		order[i] = int32(i % sensors)
	}
	w.r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	names := make([]string, sensors)
	base := make([]float64, sensors)
	spread := make([]float64, sensors)
	width := max(5, len(fmt.Sprint(sensors-1)))
	for k := range sensors {
		names[k] = fmt.Sprintf("s%0*d,", width, k)
		base[k], spread[k] = 3+14*spaced(k+1), 0.5+1.5*spaced(k+7919)
	}
	if apart {
		base[0], base[sensors-1] = -100, 100
	}
	w.WriteString("sensor,value\n")
	for _, k := range order {
		w.WriteString(names[k])
		w.value(base[k] + spread[k]*w.r.NormFloat64())
		w.WriteByte('\n')
	}
}

// writeColumns writes a header c000,…,c099 and rows whose column k has its
// own level and spread.
func writeColumns(w *writer, z sized) {
	base := make([]float64, z.cols)
	spread := make([]float64, z.cols)
	for k := range z.cols {
		if k > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, "c%03d", k)
		base[k], spread[k] = 3+14*spaced(k+1), 0.5+1.5*spaced(k+7919)
	}
	w.WriteByte('\n')
	for range z.rows {
		for k := range z.cols {
			if k > 0 {
				w.WriteByte(',')
			}
			w.value(base[k] + spread[k]*w.r.NormFloat64())
		}
		w.WriteByte('\n')
	}
}
