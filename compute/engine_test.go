package compute

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func runString(t testing.TB, data string, o Options) (*Result, error) {
	t.Helper()
	return Run(context.Background(), strings.NewReader(data), o, nil)
}

type want struct {
	line   int
	label  string
	count  int
	median float64 // NaN for none
}

func TestSemantics(t *testing.T) {
	nan := math.NaN()
	inf := math.Inf(1)
	tests := []struct {
		name string
		in   string
		opts Options
		want []want
		skip int64
	}{
		{"plain rows", "1,2,3\n4,5,6,7\n", Options{}, []want{{1, "", 3, 2}, {2, "", 4, 5.5}}, 0},
		{"blank lines count for line numbers", "\n1,2\n\n  \n\t\r\n3\n", Options{}, []want{{2, "", 2, 1.5}, {6, "", 1, 3}}, 0},
		{"CRLF", "a,1,2\r\nb,3\r\n", Options{}, []want{{1, "a", 2, 1.5}, {2, "b", 1, 3}}, 0},
		{"BOM", "\xef\xbb\xbfx,1\n", Options{}, []want{{1, "x", 1, 1}}, 0},
		{"BOM and quoted first cell", "\xef\xbb\xbf\"x y\",1\n", Options{}, []want{{1, "x y", 1, 1}}, 0},
		{"quoted cells and escapes", "\"a,\"\"b\"\"\",\"1\", \" 2 \" \n", Options{}, []want{{1, `a,"b"`, 2, 1.5}}, 0},
		{"quoted newline spans lines", "\"two\nlines\",5\n7\n", Options{}, []want{{1, "two\nlines", 1, 5}, {3, "", 1, 7}}, 0},
		{"CRLF in quotes kept", "\"a\r\nb\",1\r\n", Options{}, []want{{1, "a\r\nb", 1, 1}}, 0},
		{"trim spaces and tabs", " a ,\t1 , 2\t\n", Options{}, []want{{1, "a", 2, 1.5}}, 0},
		{"missing markers", "r,1,,NA,N/A,nan,-nan,NaN,-NaN,#N/A,NULL,null,None,<NA>,n/a,#NA,1.#IND,-1.#IND,1.#QNAN,-1.#QNAN,#N/A N/A,3\n", Options{},
			[]want{{1, "r", 2, 2}}, 19},
		{"missing first cell is not a label", "NA,1,2\n,3\n", Options{}, []want{{1, "", 2, 1.5}, {2, "", 1, 3}}, 2},
		{"labels per row", "a,1\n2,3\nb,4\n", Options{}, []want{{1, "a", 1, 1}, {2, "", 2, 2.5}, {3, "b", 1, 4}}, 0},
		{"label first", "1,2,3\n,5\n", Options{Dialect: Dialect{Label: LabelFirst}}, []want{{1, "1", 2, 2.5}, {2, "", 1, 5}}, 0},
		{"inf is a number, not a label", "inf,7\n-Infinity,1,2\n", Options{}, []want{{1, "", 2, inf}, {2, "", 3, 1}}, 0},
		{"empty list", "only\n1\n,,,\n", Options{}, []want{{1, "only", 0, nan}, {2, "", 1, 1}, {3, "", 0, nan}}, 4},
		{"header auto", "id,a,b\nx,1,2\n", Options{}, []want{{2, "x", 2, 1.5}}, 0},
		{"header auto after blank lines", "\n\nid,a\n1,2\n", Options{}, []want{{4, "", 2, 1.5}}, 0},
		{"one cell is no header", "title\n1,2\n", Options{}, []want{{1, "title", 0, nan}, {2, "", 2, 1.5}}, 0},
		{"missing cell is no header", "id,,b\n1\n", Options{SkipInvalid: true}, []want{{1, "id", 0, nan}, {2, "", 1, 1}}, 1},
		{"header yes", "1,2\n3,4\n", Options{Dialect: Dialect{Header: HeaderYes}}, []want{{2, "", 2, 3.5}}, 0},
		{"header no", "id,a\nx,1\n", Options{Dialect: Dialect{Header: HeaderNo}, SkipInvalid: true}, []want{{1, "id", 0, nan}, {2, "x", 1, 1}}, 0},
		{"delimiter semicolon", "a;1;2\n", Options{Dialect: Dialect{Delimiter: ';'}}, []want{{1, "a", 2, 1.5}}, 0},
		{"delimiter tab keeps empty cells", "a\t1\t\t2\n\t\t\n", Options{Dialect: Dialect{Delimiter: '\t'}}, []want{{1, "a", 2, 1.5}, {2, "", 0, nan}}, 4},
		{"delimiter pipe", "a|1|2\n", Options{Dialect: Dialect{Delimiter: '|'}}, []want{{1, "a", 2, 1.5}}, 0},
		{"skip invalid", "a,1,x,3,0x10\n", Options{SkipInvalid: true}, []want{{1, "a", 2, 2}}, 0},
		{"overflow pair", "p,1.7976931348623157e308,1.7976931348623157e308\n", Options{}, []want{{1, "p", 2, math.MaxFloat64}}, 0},
		{"inf minus inf", "x,-inf,inf\n", Options{}, []want{{1, "x", 2, nan}}, 0},
		{"1e400 is +Inf", "1e400,1e400,1\n", Options{}, []want{{1, "", 3, inf}}, 0},
		{"no final newline", "1,2", Options{}, []want{{1, "", 2, 1.5}}, 0},
		{"CR before end", "1,2\r", Options{}, []want{{1, "", 2, 1.5}}, 0},
		{"CR-only line ends", "1,2\r3,4\r\r5\r", Options{}, []want{{1, "", 2, 1.5}, {2, "", 2, 3.5}, {4, "", 1, 5}}, 0},
		{"mixed line ends", "a,1\r\nb,2\rc,3\n\"x\ry\",4\n5\n", Options{}, []want{{1, "a", 1, 1}, {2, "b", 1, 2}, {3, "c", 1, 3}, {4, "x\ry", 1, 4}, {6, "", 1, 5}}, 0},
		{"UTF-16LE with BOM", "\xff\xfer\x001\x00,\x002\x00\n\x00", Options{}, []want{{1, "r1", 1, 2}}, 0},
		{"UTF-16BE with BOM", "\xfe\xff\x00r\x00,\x003\x00\n", Options{}, []want{{1, "r", 1, 3}}, 0},
		{"Windows-1252 label", "r\xe9sum\xe9,1,2\n", Options{}, []want{{1, "résumé", 2, 1.5}}, 0},
		{"decimal comma sniffed", "a;1,5;2\nb;3,25;1\n", Options{}, []want{{1, "a", 2, 1.75}, {2, "b", 2, 2.125}}, 0},
		{"semicolon and points sniffed", "a;1.5;2\nb;3;1\n", Options{}, []want{{1, "a", 2, 1.75}, {2, "b", 2, 2}}, 0},
		{"tab sniffed", "a\t1\t2\nb\t3\t1\n", Options{}, []want{{1, "a", 2, 1.5}, {2, "b", 2, 2}}, 0},
		{"pipe sniffed", "a|1|2\nb|3|1\n", Options{}, []want{{1, "a", 2, 1.5}, {2, "b", 2, 2}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runString(t, tc.in, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			wantLists(t, res, tc.want)
			if res.Skipped != tc.skip {
				t.Errorf("skipped = %d, want %d", res.Skipped, tc.skip)
			}
		})
	}
}

// wantLists checks res's lists against want: place, label, count, median.
func wantLists(t *testing.T, res *Result, want []want) {
	t.Helper()
	if res.Stats.Len() != len(want) {
		t.Fatalf("got %d lists %+v, want %d", res.Stats.Len(), res.Lists, len(want))
	}
	for i, w := range want {
		g := res.Stats.At(i)
		if g.Index != i || g.Line != w.line || g.Label != w.label || g.Count != w.count || !sameFloat(g.Median, w.median) {
			t.Errorf("list %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestSummary(t *testing.T) {
	in := "a,5\nb,1\nc,9\nd,1\ne,9\nf,-inf,inf\ng\n"
	res, err := runString(t, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mn, _ := res.Min()
	mx, _ := res.Max()
	if mn.Label != "b" || mx.Label != "c" {
		t.Errorf("min %q max %q, want b and c (first in file order on ties)", mn.Label, mx.Label)
	}
	s := res.Summary
	if s.Lists != 6 || s.EmptyLists != 1 || s.Values != 7 || s.Bytes != int64(len(in)) || s.Workers < 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
		line     int
		col      int
		is       error
		msg      string
	}{
		{"not a number", "a,1\nb,2,1.2.3\n", Options{}, 2, 3, ErrNotNumber, `2:3: not a number: "1.2.3"`},
		{"hex float", "a,0x1p3\n", Options{Dialect: Dialect{Header: HeaderNo}}, 1, 2, ErrNotNumber, `1:2: not a number: "0x1p3" (hex floats are not supported)`},
		{"underscore", "1_000\n", Options{Dialect: Dialect{Label: LabelNone}}, 1, 1, ErrNotNumber, "underscores"},
		{"label none", "a,1\n", Options{Dialect: Dialect{Label: LabelNone}}, 1, 1, ErrNotNumber, `1:1: not a number: "a"`},
		{"after a multi-line cell", "\"x\ny\",1\n2,z\n", Options{}, 3, 2, ErrNotNumber, `3:2: not a number: "z"`},
		{"cell on a later line of its record", "\"a\n\nb\",1,q\n", Options{Dialect: Dialect{Header: HeaderNo}}, 3, 3, ErrNotNumber, `3:3: not a number: "q"`},
		{"bare quote", "1,2\"x,3\n", Options{}, 1, 2, ErrBadQuote, `1:2: bare " in an unquoted cell`},
		{"text after quote", "\"1\"x,2\n", Options{}, 1, 1, ErrBadQuote, `1:1: text after a closing quote`},
		{"unterminated", "1,2\n3,\"4\n5,6\n", Options{}, 2, 2, ErrBadQuote, `2:2: quoted cell never closed`},
		{"bad quote beats skip-invalid", "a,1\"\n", Options{SkipInvalid: true}, 1, 2, ErrBadQuote, "bare"},
		{"wrong delimiter", "x,1;2\n", Options{Dialect: Dialect{Header: HeaderNo, Delimiter: ','}}, 1, 2, ErrNotNumber, `1:2: not a number: "1;2" (the cell holds ';': is that the delimiter?)`},
		{"NAN is not a marker", "a,NAN\n", Options{Dialect: Dialect{Header: HeaderNo}}, 1, 2, ErrNotNumber, "case-sensitive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, bs := range []int{1, 5, 0} {
				o := tc.opts
				o.BlockSize = bs
				_, err := runString(t, tc.in, o)
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("block %d: err = %v, want a ParseError", bs, err)
				}
				msg := err.Error()
				if h := pe.Hint(); h != "" {
					msg += " (" + h + ")"
				}
				if pe.Line != tc.line || pe.Field != tc.col || !errors.Is(err, tc.is) || !strings.Contains(msg, tc.msg) {
					t.Errorf("block %d: err = %q (line %d col %d), want %d:%d containing %q", bs, err, pe.Line, pe.Field, tc.line, tc.col, tc.msg)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
			}
		})
	}
}

func TestInputErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("a,1,2\nb,3\n"))
	zw.Close()
	truncated := gz.Bytes()[:gz.Len()-6]
	tests := []struct {
		name, in string
		is       error
		msg      string
	}{
		{"empty", "", ErrEmpty, "empty"},
		{"blank only", "\n\n \n", ErrNoNumbers, "no numbers"},
		{"header only", "a,b\n", ErrNoNumbers, "no numbers"},
		{"labels only", "r1\nr2\n", ErrNoNumbers, "no numbers"},
		{"zip", "PK\x03\x04rest", nil, "ZIP"},
		{"NUL", "1,2\n3\x00\n", nil, "line 2: binary"},
		{"truncated gzip", string(truncated), nil, "gzip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runString(t, tc.in, Options{})
			if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.is, tc.msg)
			}
		})
	}
}

func TestGzipInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("a,1,2\nb,3\n"))
	zw.Close()
	res, err := Run(context.Background(), bytes.NewReader(gz.Bytes()), Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Len() != 2 || res.Stats.At(1).Median != 3 || res.Bytes != int64(gz.Len()) {
		t.Fatalf("got %+v", res)
	}
}

// genCSV makes a CSV with every feature the engine handles, for checking
// that block size and worker count never change the answer.
func genCSV(r *rand.Rand, rows int) string {
	var b strings.Builder
	b.WriteString("name,a,b,c\n")
	for i := range rows {
		switch r.IntN(10) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			fmt.Fprintf(&b, "\"row\n%d, \"\"q\"\"\"", i)
		case 2:
			b.WriteString("NA")
		default:
			fmt.Fprintf(&b, "r%d", i)
		}
		for range r.IntN(30) {
			b.WriteByte(',')
			switch r.IntN(12) {
			case 0:
				b.WriteString("")
			case 1:
				b.WriteString(" \"-1.5e3\" ")
			case 2:
				b.WriteString("inf")
			default:
				fmt.Fprintf(&b, "%g", math.Round(r.NormFloat64()*1000)/10)
			}
		}
		if r.IntN(3) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestBlocksAndWorkersAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	in := genCSV(r, 500)
	base, err := runString(t, in, Options{Workers: 1, BlockSize: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	ref := reference([]byte(in), Options{Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}})
	if ref.err != nil || len(ref.lists) != base.Stats.Len() {
		t.Fatalf("reference: %+v, %d lists; engine %d", ref.err, len(ref.lists), base.Stats.Len())
	}
	for i, l := range ref.lists {
		if !sameList(l, base.Stats.At(i)) {
			t.Fatalf("list %d: engine %+v, reference %+v", i, base.Stats.At(i), l)
		}
	}
	for _, bs := range []int{1, 2, 7, 64, 1000, 4096} {
		for _, w := range []int{1, 2, 3, 8} {
			got, err := runString(t, in, Options{Workers: w, BlockSize: bs})
			if err != nil {
				t.Fatalf("block %d workers %d: %v", bs, w, err)
			}
			if !sameResult(got, base) {
				t.Fatalf("block %d workers %d: result differs from one block, one worker", bs, w)
			}
		}
	}
}

// all returns res's lists as a slice, for tests and their messages.
func all(res *Result) []ListStat {
	var out []ListStat
	res.Stats.Each(func(l ListStat) { out = append(out, l) })
	return out
}

func sameList(a, b ListStat) bool {
	return a.Index == b.Index && a.Line == b.Line && a.Label == b.Label && a.Count == b.Count && sameFloat(a.Median, b.Median) &&
		a.Missing == b.Missing && a.Invalid == b.Invalid && a.Overflow == b.Overflow
}

func sameResult(a, b *Result) bool {
	if a.Stats.Len() != b.Stats.Len() {
		return false
	}
	for i := range a.Stats.Len() {
		if !sameList(a.Stats.At(i), b.Stats.At(i)) {
			return false
		}
	}
	sa, sb := a.Summary, b.Summary
	return sa.Lists == sb.Lists && sa.EmptyLists == sb.EmptyLists && sa.Values == sb.Values &&
		sa.Skipped == sb.Skipped && sa.Invalid == sb.Invalid && sa.MinIndex == sb.MinIndex &&
		sa.MaxIndex == sb.MaxIndex && sa.Bytes == sb.Bytes
}

// TestLongRecord is one list far longer than a block.
func TestLongRecord(t *testing.T) {
	const n = 300_001
	var b strings.Builder
	b.WriteString("big")
	vals := make([]float64, n)
	r := rand.New(rand.NewPCG(31, 32))
	for i := range vals {
		vals[i] = float64(r.IntN(1_000_000))
		fmt.Fprintf(&b, ",%g", vals[i])
	}
	b.WriteString("\nsmall,1,2\n")
	res, err := runString(t, b.String(), Options{BlockSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Len() != 2 || res.Stats.At(0).Count != n || res.Stats.At(0).Median != refMedian(vals) || res.Stats.At(1).Line != 2 {
		t.Fatalf("got %+v", all(res))
	}
}

// endless is an input that never ends: rows of numbers, forever.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	const row = "run,1.5,2.25,3,4,5.125,6,7,8,9,10\n"
	for i := range p {
		p[i] = row[e.n%len(row)]
		e.n++
	}
	return len(p), nil
}

// endlessLine is one list that never ends.
type endlessLine struct{}

func (endlessLine) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "1.5,"[i%4]
	}
	return len(p), nil
}

// TestCancel cancels runs on inputs that never end and checks that Run
// returns context.Canceled and leaves no goroutine behind (goleak checks
// after every test). The 100 ms goal is measured by the benchmark script,
// not asserted here (shared machines are noisy); the bound below only
// catches a hang.
func TestCancel(t *testing.T) {
	for name, in := range map[string]io.Reader{"rows": &endless{}, "one endless list": endlessLine{}} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var calls atomic.Int64
			done := make(chan error, 1)
			var cancelledAt time.Time
			go func() {
				_, err := Run(ctx, in, Options{BlockSize: 1 << 20}, func(Progress) { calls.Add(1) })
				done <- err
			}()
			time.Sleep(300 * time.Millisecond)
			cancelledAt = time.Now()
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v, want context.Canceled", err)
				}
				t.Logf("stopped %v after cancel; %d progress calls", time.Since(cancelledAt), calls.Load())
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after cancel")
			}
			if calls.Load() == 0 {
				t.Error("no progress call in 300 ms")
			}
		})
	}
}

func TestProgressThrottled(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	in := genCSV(r, 20000)
	var calls []Progress
	start := time.Now()
	res, err := Run(context.Background(), strings.NewReader(in), Options{BlockSize: 512}, func(p Progress) { calls = append(calls, p) })
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if max := int(elapsed/ProgressInterval) + 2; len(calls) > max {
		t.Errorf("%d progress calls in %v, more than %d", len(calls), elapsed, max)
	}
	last := calls[len(calls)-1]
	if last.BytesRead != int64(len(in)) || last.TotalBytes != int64(len(in)) || last.Lists != res.Stats.Len() || last.Fraction() != 1 {
		t.Errorf("last progress %+v, want all %d bytes and %d lists", last, len(in), res.Stats.Len())
	}
}

// FuzzEngine checks the engine against the slow reference on arbitrary
// input, with one big block and one worker, and with tiny blocks and
// several workers.
func FuzzEngine(f *testing.F) {
	for _, s := range []string{
		"a,1,2\nb,3\n", "id,x,y\n1,2,3\n", "\"a\n\",1\r\n,,\n", "1,2\"x\n", "\"1\"x\n", "\"open\n1\n",
		"NA,1\n\n\n2,inf,-inf\n", "\xef\xbb\xbfh,1\n", "1e400,-0,5e-324\n", " \t\r\n1\r", "x\n",
	} {
		f.Add([]byte(s), uint8(0), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode, bs uint8) {
		o := Options{
			Dialect: Dialect{
				Header:    HeaderMode(mode % 3),
				Label:     LabelMode(mode / 3 % 3),
				Delimiter: []byte{',', ';', '\t', '|'}[mode>>5&3],
				Decimal:   DecimalPoint,
			},
			Shape:       ShapeRows,
			SkipInvalid: mode&16 != 0,
		}
		if mode&128 != 0 && o.Dialect.Delimiter != ',' {
			o.Dialect.Decimal = DecimalComma
		}
		want := reference(data, o)
		for _, v := range []Options{{Workers: 1, BlockSize: 1 << 20}, {Workers: 3, BlockSize: 1 + int(bs%32), Spread: true}} {
			o.Workers, o.BlockSize, o.Spread = v.Workers, v.BlockSize, v.Spread
			res, err := Run(context.Background(), bytes.NewReader(data), o, nil)
			checkAgainstReference(t, res, err, want)
		}
	})
}

func checkAgainstReference(t *testing.T, res *Result, err error, want refResult) {
	t.Helper()
	var pe *ParseError
	switch {
	case want.skip:
		return
	case want.err != nil:
		if !errors.As(err, &pe) || pe.Line != want.err.line || pe.Field != want.err.col || errors.Is(err, ErrBadQuote) != want.err.quoting {
			t.Fatalf("err = %v, reference error at %d:%d (quoting %v)", err, want.err.line, want.err.col, want.err.quoting)
		}
	case want.inputErr:
		if err == nil || errors.As(err, &pe) {
			t.Fatalf("err = %v, reference says the input as a whole is refused", err)
		}
	case err != nil:
		t.Fatalf("err = %v, reference found %d lists", err, len(want.lists))
	default:
		if res.Stats.Len() != len(want.lists) {
			t.Fatalf("%d lists, reference %d", res.Stats.Len(), len(want.lists))
		}
		mn, mx := -1, -1
		for i, l := range want.lists {
			if !sameList(l, res.Stats.At(i)) {
				t.Fatalf("list %d: engine %+v, reference %+v", i, res.Stats.At(i), l)
			}
			if got := res.Stats.At(i); res.Stats.HasSpread() && !sameSpread(got.Spread(), l.Spread()) {
				t.Fatalf("list %d: engine's spread %+v, reference %+v", i, got.Spread(), l.Spread())
			}
			if l.Count > 0 && !math.IsNaN(l.Median) {
				if mn < 0 || l.Median < want.lists[mn].Median {
					mn = i
				}
				if mx < 0 || l.Median > want.lists[mx].Median {
					mx = i
				}
			}
		}
		if res.MinIndex != mn || res.MaxIndex != mx || res.Values != want.values || res.Skipped != want.skipped || res.Invalid != want.invalid {
			t.Fatalf("summary %+v; reference min %d max %d values %d skipped %d invalid %d", res.Summary, mn, mx, want.values, want.skipped, want.invalid)
		}
	}
}

// wideRows streams n bytes of rows of 1000 values without holding them.
type wideRows struct {
	left int64
	row  []byte
	off  int
}

func (w *wideRows) Read(p []byte) (int, error) {
	if w.left <= 0 {
		return 0, io.EOF
	}
	if w.row == nil {
		var b strings.Builder
		b.WriteString("run")
		for i := range 1000 {
			fmt.Fprintf(&b, ",%d.%d", 20+i%7, i%10)
		}
		b.WriteString("\n")
		w.row = []byte(b.String())
	}
	n := 0
	for n < len(p) && w.left > 0 {
		c := copy(p[n:], w.row[w.off:])
		n += c
		w.off = (w.off + c) % len(w.row)
		w.left -= int64(c)
	}
	if w.left < 0 {
		n += int(w.left)
	}
	return n, nil
}

// TestStreamsInBoundedMemory reads 160 MB while sampling the heap: it must
// stay far below the input size (blocks in flight plus one small record per
// list), which a whole-file read would exceed.
func TestStreamsInBoundedMemory(t *testing.T) {
	const size = 160 << 20
	runtime.GC() // earlier tests' garbage is not this test's
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if grown := ms.HeapAlloc - min(ms.HeapAlloc, base.HeapAlloc); grown > peak.Load() {
					peak.Store(grown)
				}
			}
		}
	}()
	res, err := Run(context.Background(), &wideRows{left: size}, Options{Workers: 2}, nil)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != size {
		t.Fatalf("read %d bytes, want %d", res.Bytes, size)
	}
	t.Logf("peak heap growth %d MB for %d MB of input, %d lists", peak.Load()>>20, size>>20, res.Stats.Len())
	if peak.Load() > 96<<20 {
		t.Errorf("peak heap %d MB: the input is not streamed", peak.Load()>>20)
	}
}

// lastIndexByte against bytes.LastIndexByte, across window edges.
func TestLastIndexByte(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		b := make([]byte, r.IntN(20000))
		for i := range b {
			b[i] = 'a'
		}
		for range r.IntN(4) {
			if len(b) > 0 {
				b[r.IntN(len(b))] = '\n'
			}
		}
		if got, want := lastIndexByte(b, '\n'), bytes.LastIndexByte(b, '\n'); got != want {
			t.Fatalf("%d bytes: %d, want %d", len(b), got, want)
		}
	}
}
