package compute

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// A chunk keeps lines as 4-byte offsets from its first; lines out of
// order or more than 4G apart fall back to 8 bytes. Either way At gives
// back every line, and shiftLines moves them all.
func TestStoreLines(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for trial := range 200 {
		n := 1 + r.IntN(50)
		lists := make([]ListStat, n)
		line := 1 + r.IntN(1000)
		for i := range lists {
			switch r.IntN(20) {
			case 0:
				line += 1 << 33 // too far for 4 bytes
			case 1:
				line -= r.IntN(line) // backwards
			default:
				line += r.IntN(5)
			}
			lists[i] = ListStat{Index: i, Line: line, Count: 1, Median: 1}
		}
		s := StoreOf(lists)
		shift := r.IntN(3) * 1000
		s.chunks[0].shiftLines(shift)
		for i, l := range lists {
			if got := s.At(i).Line; got != l.Line+shift {
				t.Fatalf("trial %d: list %d has line %d, want %d", trial, i, got, l.Line+shift)
			}
		}
	}
}

// A block of blank lines is guessed a list per line; the store keeps no
// room for them.
func TestStoreTrimsBlankLines(t *testing.T) {
	var b strings.Builder
	for range 64 {
		b.WriteString("1,2,3\n")
	}
	b.WriteString(strings.Repeat("\n", 1<<20))
	opts := Options{Workers: 2, BlockSize: 64 << 10, Spread: true, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}}
	res, err := Run(context.Background(), strings.NewReader(b.String()), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	room := 0
	for _, c := range res.Stats.chunks {
		room += cap(c.medians)
	}
	if res.Stats.Len() != 64 || room > 64+64*len(res.Stats.chunks) {
		t.Errorf("%d lists in %d chunks with room for %d", res.Stats.Len(), len(res.Stats.chunks), room)
	}
}

// EachIn walks any range of a store of many chunks as At gives it.
func TestStoreEachIn(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		b.WriteString(strings.Repeat("1,", i%7) + "2\n")
	}
	opts := Options{Workers: 3, BlockSize: 64, Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}}
	res, err := Run(context.Background(), strings.NewReader(b.String()), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Stats
	if len(s.chunks) < 10 {
		t.Fatalf("%d chunks: the test wants many", len(s.chunks))
	}
	r := rand.New(rand.NewPCG(43, 44))
	for range 200 {
		from := r.IntN(s.Len() + 1)
		to := from + r.IntN(s.Len()-from+1)
		i := from
		s.EachIn(from, to, func(l ListStat) {
			if want := s.At(i); fmt.Sprint(l) != fmt.Sprint(want) { // NaN spread: compare as printed
				t.Fatalf("EachIn(%d, %d) at %d: %+v, want %+v", from, to, i, l, want)
			}
			i++
		})
		if i != to {
			t.Fatalf("EachIn(%d, %d) stopped at %d", from, to, i)
		}
	}
}
