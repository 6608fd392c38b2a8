package compute

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// TestCatalogue runs the bad-input catalogue of
// ../shared/reference/input-semantics.md (section 5.4): each case as the
// reference describes it, where the README's semantics do not say
// otherwise. Cases about the window (cancel, export) and the file system
// are tested where those live (TestCancel, the gui and cli tests). Every
// case that computes is also run with three workers and tiny blocks and
// must give the same answer, and its ledger must add up.
func TestCatalogue(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat("r,1,2,3\n", 5000)))
	zw.Close()
	var long strings.Builder
	long.WriteString("big")
	for i := range 200_001 {
		fmt.Fprintf(&long, ",%d", i%1000)
	}
	var deep strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&deep, "r%d,%d,%d\n", i, i, i+1)
	}
	deep.WriteString("late,1,oops\n")

	lenient := Options{SkipInvalid: true}
	tests := []struct {
		n     int
		name  string
		in    string
		opts  Options
		check func(t *testing.T, res *Result, err error)
	}{
		{1, "empty file", "", Options{}, wantErr(ErrEmpty, "empty")},
		{2, "header only", "a,b\n", Options{}, wantErr(ErrNoNumbers, "line 1 was taken as the header")},
		{2, "blank lines only", "\n\n \n", Options{}, wantErr(ErrNoNumbers, "no numbers")},
		{3, "labels only", "r1\nr2\n", Options{}, wantErr(ErrNoNumbers, "no numbers")},
		{4, "a bad cell, lenient", "r1,1,abc,3\n", lenient, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Label != "r1" || l.Count != 2 || l.Median != 2 || l.Invalid != 1 || len(res.BadCells) != 1 ||
				res.BadCells[0] != (BadCell{Line: 1, Field: 3, List: 0, Text: "abc"}) {
				t.Errorf("got %+v, bad cells %+v", l, res.BadCells)
			}
		}},
		{4, "a bad cell, strict", "r1,1,abc,3\n", Options{}, wantParseError(1, 3, `1:3: not a number: "abc"`, "")},
		{5, "mixed decimal marks", "a;b\n1,5;2\n1.5;3\n", Options{}, func(t *testing.T, _ *Result, err error) {
			var me *MixedDecimalError
			if !errors.As(err, &me) || me.Comma != (Example{2, 1, "1,5"}) || me.Point != (Example{3, 1, "1.5"}) {
				t.Fatalf("err = %v, want mixed marks 1,5 at 2:1 and 1.5 at 3:1", err)
			}
		}},
		{6, "comma delimiter and probable decimal commas", "1,5,2,5\n3,5,4,5\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || len(res.Dialect.Notes) == 0 || !strings.Contains(res.Dialect.Notes[0], "decimal comma") {
				t.Fatalf("err %v, notes %q: want a note on decimal commas", err, res.Dialect.Notes)
			}
		}},
		{7, "thousands separator", "ok,1\nr,\"1,234.5\"\n", Options{}, wantParseError(2, 2, `not a number: "1,234.5"`, "thousands separators")},
		{8, "unterminated quote", "1,2\n3,\"4\n5,6\n", Options{}, wantParseError(2, 2, "quoted cell never closed", "opening quote")},
		{9, "bare quote", "1,2\"x,3\n", Options{}, wantParseError(1, 2, `bare "`, "quote the whole cell")},
		{10, "text after a closing quote", "\"1\"x,2\n", Options{}, wantParseError(1, 1, "text after a closing quote", "")},
		{11, "BOM and a quoted header", "\xef\xbb\xbf\"label\",v\nr1,1\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Label != "r1" || l.Line != 2 || strings.Join(res.Dialect.Names, "|") != "label|v" {
				t.Errorf("got %+v, header %q", l, res.Dialect.Names)
			}
		}},
		{12, "UTF-16LE", "\xff\xfe1\x00,\x002\x00\n\x00", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Count != 2 || l.Median != 1.5 || res.Dialect.Encoding != "utf-16le" {
				t.Errorf("got %+v, encoding %s", l, res.Dialect.Encoding)
			}
		}},
		{13, "Latin-1 label", "r\xe9sum\xe9,1,2\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Label != "résumé" || l.Median != 1.5 || res.Dialect.Recoded != 1 {
				t.Errorf("got %+v, recoded %d", l, res.Dialect.Recoded)
			}
		}},
		{14, "invalid UTF-8 in a value", "1,\xff,3\n", Options{}, wantParseError(1, 2, `not a number: "\xff"`, "not text")},
		{15, "a ZIP that is no workbook", "PK\x03\x04\x14\x00rest", Options{}, wantInputError("ZIP archive")},
		{15, "NUL bytes", "1,2\n\x00\n", Options{}, wantInputError("line 2: binary data")},
		{16, "CR line ends", "1,2\r3,4\r", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Stats.Len() != 2 || res.Stats.At(1).Line != 2 || res.Stats.At(1).Median != 3.5 || res.Dialect.LineEnds != "CR" {
				t.Fatalf("err %v, lists %+v", err, res)
			}
		}},
		{17, "mixed line ends", "1,2\n3,4\r\n\r\n5\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Stats.Len() != 3 || res.Stats.At(2).Line != 4 || res.Dialect.LineEnds != "mixed" {
				t.Fatalf("err %v, result %+v", err, res)
			}
		}},
		{18, "truncated gzip", string(gz.Bytes()[:gz.Len()/2]), Options{}, wantErr(nil, "gzip data ends early")},
		{19, "gzip by content", gz.String(), Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Stats.Len() != 5000 || res.Dialect.Compression != "gzip" {
				t.Fatalf("err %v", err)
			}
		}},
		{20, "one long line", long.String(), Options{BlockSize: 4096}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Count != 200_001 || l.Median != 499 {
				t.Errorf("got %+v", l)
			}
		}},
		{21, "one cell per line is one list", "1\n2\n3\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Count != 3 || l.Median != 2 || !res.Dialect.ShapeDetected || res.Dialect.Shape != ShapeColumns {
				t.Errorf("got %+v, shape %v", l, res.Dialect.Shape)
			}
		}},
		{22, "duplicate labels", "r1,1,2\nr1,3,4\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Stats.Len() != 2 || res.Stats.At(1).Label != "r1" || res.Stats.At(1).Line != 2 {
				t.Fatalf("err %v, %+v", err, res)
			}
		}},
		{23, "empty lists", "r1,,,\n,,,\nr2,5\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.EmptyLists != 2 || res.MinIndex != 2 || res.MaxIndex != 2 || res.Stats.At(0).Missing != 3 {
				t.Fatalf("err %v, %+v", err, res)
			}
		}},
		{24, "NaN spellings are missing", "r1,nan,NaN,-nan,1\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Median != 1 || l.Missing != 3 {
				t.Errorf("got %+v", l)
			}
		}},
		{25, "minus and plus infinity", "r1,-inf,inf\nr2,3\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || !math.IsNaN(res.Stats.At(0).Median) || res.MinIndex != 1 || res.MaxIndex != 1 {
				t.Fatalf("err %v, %+v", err, res)
			}
		}},
		{26, "overflow to infinity", "r1,1e400,1\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if !math.IsInf(l.Median, 1) || l.Overflow != 1 || res.Overflow != 1 {
				t.Errorf("got %+v", l)
			}
		}},
		{27, "hex float", "ok,1\nr1,0x1p3\n", Options{}, wantParseError(2, 2, "0x1p3", "hex floats")},
		{27, "underscore", "ok,1\nr1,1_000\n", Options{}, wantParseError(2, 2, "1_000", "underscores")},
		{27, "full-width digits", "ok,1\nr1,１２\n", Options{}, wantParseError(2, 2, "１２", "full-width")},
		{27, "Fortran exponent", "ok,1\nr1,1.0d0\n", Options{}, wantParseError(2, 2, "1.0d0", "Fortran")},
		{27, "four invalid cells, lenient", "r1,0x1p3,1_000,１２,1.0d0,7\n", lenient, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Invalid != 4 || l.Count != 1 || len(res.BadCells) != 4 {
				t.Errorf("got %+v", l)
			}
		}},
		{28, "spaces and quotes trimmed", "r1, 1.5 ,\" 2 \"\n", Options{}, func(t *testing.T, res *Result, err error) {
			l := only(t, res, err)
			if l.Count != 2 || l.Median != 1.75 {
				t.Errorf("got %+v", l)
			}
		}},
		{29, "beyond 2^53", "r1,9007199254740993\n", Options{}, func(t *testing.T, res *Result, err error) {
			if l := only(t, res, err); l.Median != 9007199254740992 {
				t.Errorf("got %+v", l)
			}
		}},
		{30, "two maximal values", "r1,1.7976931348623157e308,1.7976931348623157e308\n", Options{}, func(t *testing.T, res *Result, err error) {
			if l := only(t, res, err); l.Median != math.MaxFloat64 {
				t.Errorf("got %+v", l)
			}
		}},
		{31, "long table: blank group and a bad value", "g,v\na,1\n,2\na,x\n", Options{Shape: ShapeLong, SkipInvalid: true}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Stats.Len() != 2 || res.Stats.At(0).Label != "a" || res.Stats.At(0).Invalid != 1 ||
				res.Stats.At(1).Label != "(blank)" || res.BadCells[0] != (BadCell{Line: 4, Field: 2, List: 0, Text: "x"}) {
				t.Fatalf("err %v, %+v", err, res)
			}
		}},
		{32, "an error far into the file", deep.String(), Options{BlockSize: 1 << 12}, wantParseError(50_001, 3, `50001:3: not a number: "oops"`, "")},
		{35, "columns larger than memory", "a,b\n1,2\n", Options{Shape: ShapeColumns, MemoryLimit: 1000, TotalBytes: 1 << 40}, wantInputError("-by columns needs about")},
		{38, "ambiguous delimiter", "1;2,3\n", Options{}, func(t *testing.T, res *Result, err error) {
			if err != nil || res.Dialect.RunnerUp == 0 || res.Dialect.RunnerUp == res.Dialect.Delimiter {
				t.Fatalf("err %v, delimiter %q runner-up %q", err, res.Dialect.Delimiter, res.Dialect.RunnerUp)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%02d %s", tc.n, tc.name), func(t *testing.T) {
			res, err := Run(context.Background(), strings.NewReader(tc.in), tc.opts, nil)
			tc.check(t, res, err)
			if err != nil {
				return
			}
			ledgerAddsUp(t, res)
			o := tc.opts
			o.Workers, o.BlockSize = 3, 7
			if o.TotalBytes == 0 && len(tc.in) > 1<<20 {
				o.BlockSize = 1 << 12
			}
			again, err := Run(context.Background(), strings.NewReader(tc.in), o, nil)
			if err != nil || !sameResult(again, res) {
				t.Errorf("3 workers and tiny blocks: err %v, result differs", err)
			}
		})
	}
}

// TestTruncatedRead is case 33: the input fails in the middle.
func TestTruncatedRead(t *testing.T) {
	in := io.MultiReader(strings.NewReader(strings.Repeat("r,1,2\n", 400_000)), errReader{})
	_, err := Run(context.Background(), in, Options{BlockSize: 64}, nil)
	if err == nil || !strings.Contains(err.Error(), "reading line") || !strings.Contains(err.Error(), "disk gone") {
		t.Fatalf("err = %v, want the read error with a line", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func only(t *testing.T, res *Result, err error) ListStat {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Len() != 1 {
		t.Fatalf("%d lists, want 1: %+v", res.Stats.Len(), res.Lists)
	}
	return res.Stats.At(0)
}

func wantErr(is error, msg string) func(*testing.T, *Result, error) {
	return func(t *testing.T, _ *Result, err error) {
		t.Helper()
		if err == nil || (is != nil && !errors.Is(err, is)) || !strings.Contains(err.Error(), msg) {
			t.Fatalf("err = %v, want %v containing %q", err, is, msg)
		}
	}
}

func wantInputError(msg string) func(*testing.T, *Result, error) {
	return func(t *testing.T, _ *Result, err error) {
		t.Helper()
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), msg) {
			t.Fatalf("err = %v, want an InputError containing %q", err, msg)
		}
	}
}

func wantParseError(line, field int, msg, hint string) func(*testing.T, *Result, error) {
	return func(t *testing.T, _ *Result, err error) {
		t.Helper()
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != line || pe.Field != field || !strings.Contains(pe.Error(), msg) || !strings.Contains(pe.Hint(), hint) {
			t.Fatalf("err = %v (hint %q), want %d:%d %q with a hint containing %q", err, HintOf(err), line, field, msg, hint)
		}
	}
}

// ledgerAddsUp checks that the lists' ledgers sum to the summary's counts.
func ledgerAddsUp(t *testing.T, res *Result) {
	t.Helper()
	var values, missing, invalid, over int64
	for _, l := range all(res) {
		values += int64(l.Count)
		missing += int64(l.Missing)
		invalid += int64(l.Invalid)
		over += int64(l.Overflow)
		if l.Overflow > l.Count {
			t.Errorf("list %d: %d overflowed of %d numbers", l.Index, l.Overflow, l.Count)
		}
	}
	if values != res.Values || missing != res.Skipped || invalid != res.Invalid || over != res.Overflow {
		t.Errorf("ledgers sum to %d/%d/%d/%d, summary %d/%d/%d/%d", values, missing, invalid, over, res.Values, res.Skipped, res.Invalid, res.Overflow)
	}
}
