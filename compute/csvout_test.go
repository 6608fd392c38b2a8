package compute

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// csvStore is a store of n lists with awkward labels, empty lists and
// their spread.
func csvStore(n int) *Store {
	r := rand.New(rand.NewPCG(21, 22))
	labels := []string{"", "a", "b,c", `say "hi"`, " pad ", "x\ny"}
	lists := make([]ListStat, n)
	for i := range lists {
		v := r.NormFloat64()
		l := ListStat{Index: i, Line: i + 2, Count: 1 + r.IntN(9), Median: v, Q1: v - 1, Q3: v + 1, MinValue: v - 2, MaxValue: math.Inf(1),
			Label: labels[r.IntN(len(labels))], Missing: r.IntN(2)}
		if r.IntN(10) == 0 {
			l.Count = 0
		}
		lists[i] = l
	}
	return StoreOf(lists)
}

// WriteCSV's pieces, formatted on every core, come out whole and in order:
// as many records as lists, each with its own index, and the bytes of one
// sequential pass.
func TestWriteCSVInPieces(t *testing.T) {
	for _, n := range []int{0, 1, csvSpan - 1, csvSpan, 3*csvSpan + 17} {
		s := csvStore(n)
		var got bytes.Buffer
		if err := WriteCSV(&got, s); err != nil {
			t.Fatal(err)
		}
		want := append([]byte(CSVHeader+"\n"), appendCSVRows(nil, s, 0, n)...)
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%d lists: the output differs from one sequential pass", n)
		}
		recs, err := csv.NewReader(&got).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != n+1 {
			t.Fatalf("%d lists: %d records", n, len(recs))
		}
		for i, rec := range recs[1:] {
			if rec[0] != strconv.Itoa(i) {
				t.Fatalf("record %d has index %s", i, rec[0])
			}
			if l := s.At(i); rec[2] != l.Label || (l.Count == 0) != (rec[4] == "") {
				t.Fatalf("record %d: %q, list %+v", i, rec, l)
			}
		}
	}
}

type failingWriter struct{ left int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		return 0, errDiskFull
	}
	w.left -= len(p)
	return len(p), nil
}

// A failed write ends WriteCSV with the error, and its goroutines with it.
func TestWriteCSVWriteError(t *testing.T) {
	s := csvStore(20 * csvSpan)
	before := runtime.NumGoroutine()
	if err := WriteCSV(&failingWriter{left: 300 << 10}, s); !errors.Is(err, errDiskFull) {
		t.Fatalf("error %v, want %v", err, errDiskFull)
	}
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after WriteCSV, %d before", runtime.NumGoroutine(), before)
}
