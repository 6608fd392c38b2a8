package compute

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// numberAgrees walks data's cells twice: with tokenizer.number first and
// next + ParseDecimal where it declines, and with next + ParseDecimal
// alone. Both must see the same cells, values (bit for bit), positions,
// fields, lines and record ends.
func numberAgrees(t *testing.T, data []byte, delim, mark byte) {
	t.Helper()
	fast, slow := newTokenizer(data, 1, delim), newTokenizer(data, 1, delim)
	for records := 0; records < len(data)+1; records++ {
		fs, ss := fast.startRecord(), slow.startRecord()
		if fs != ss {
			t.Fatalf("%q: startRecord %v, want %v", data, fs, ss)
		}
		if !fs {
			return
		}
		for {
			var fv, sv float64
			var fok, sok bool
			if fv, fok = fast.number(mark); !fok {
				cell, err := fast.next()
				if err != nil {
					if _, serr := slow.next(); serr == nil || serr.Error() != err.Error() {
						t.Fatalf("%q: error %v, want %v", data, err, serr)
					}
					return
				}
				fv, fok = ParseDecimal(cell, mark)
			}
			cell, err := slow.next()
			if err != nil {
				t.Fatalf("%q: no error, want %v", data, err)
			}
			sv, sok = ParseDecimal(cell, mark)
			if fok != sok || (fok && math.Float64bits(fv) != math.Float64bits(sv)) {
				t.Fatalf("%q cell %q: %v %v, want %v %v", data, cell, fv, fok, sv, sok)
			}
			if fast.pos != slow.pos || fast.field != slow.field || fast.line != slow.line ||
				fast.cellLine != slow.cellLine || fast.eor != slow.eor || fast.quoted != slow.quoted {
				t.Fatalf("%q cell %q: tokenizer %+v, want %+v", data, cell, *fast, *slow)
			}
			if fast.eor {
				break
			}
		}
	}
	t.Fatalf("%q: no end", data)
}

func TestNumberCell(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"0", "1", "9", "00", "12345678", "9007199254740993", "1234567890123456789",
		".", ",", "-", "+", "e", "E5", " ", "\t", "\"", "\r", "\n", "\r\n", ";", "|", "x", "inf", "\xff"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			if r.IntN(3) == 0 {
				b.WriteString(strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(30)-15)), 'f', r.IntN(8)-1, 64))
			} else {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		for _, d := range []struct{ delim, mark byte }{{',', '.'}, {';', ','}, {'\t', '.'}, {'|', ','}} {
			numberAgrees(t, []byte(b.String()), d.delim, d.mark)
		}
	}
}

func FuzzNumberCell(f *testing.F) {
	for _, s := range []string{"1,2.5\n-0,.5,5.\r\n", "007.50;1,5\r", "1e3,\"2\", 3 ,4\t", "12345678901234567890,1"} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		delim := []byte{',', ';', '\t', '|'}[mode&3]
		mark := byte('.')
		if mode&4 != 0 && delim != ',' {
			mark = ','
		}
		numberAgrees(t, data, delim, mark)
	})
}

// BenchmarkNumberCell walks a block of rows of 3-decimal numbers (as the
// bench's shapes write them) cell by cell, with the fused path and with
// next + ParseDecimal.
func BenchmarkNumberCell(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for i := range 100 {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatFloat(r.NormFloat64()*3+8, 'f', 3, 64))
		}
		sb.WriteByte('\n')
	}
	data := []byte(sb.String())
	walk := func(b *testing.B, fused bool) {
		b.SetBytes(int64(len(data)))
		sum := 0.0
		for b.Loop() {
			t := newTokenizer(data, 1, ',')
			for t.startRecord() {
				for {
					v, ok := 0.0, false
					if fused {
						v, ok = t.number('.')
					}
					if !ok {
						cell, _ := t.next()
						v, _ = ParseDecimal(cell, '.')
					}
					sum += v
					if t.eor {
						break
					}
				}
			}
		}
		if sum == 0 {
			b.Fatal("no numbers")
		}
	}
	b.Run("fused", func(b *testing.B) { walk(b, true) })
	b.Run("next+ParseDecimal", func(b *testing.B) { walk(b, false) })
}

// validUTF8 agrees with utf8.Valid on every length around its 8-byte
// steps, with any byte anywhere.
func TestValidUTF8(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"a", "é", "€", "😀", "\xe9", "\xff", "\xc3", "\x80", "\xf0\x9f", "0123456"}
	for range 50000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := []byte(b.String())
		if got, want := validUTF8(s), utf8.Valid(s); got != want {
			t.Fatalf("validUTF8(%q) = %v, utf8.Valid %v", s, got, want)
		}
	}
}
