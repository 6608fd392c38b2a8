package compute

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"medianscope/internal/hugepage"
)

// refShape is the slow reference for the columns and long shapes: every
// record read with the reference scanner, then grouped. The dialect is
// given (delimiter, decimal, header yes/no/auto, labels); group and value
// are 1-based column numbers.
func refShape(data []byte, o Options, group, value int) refResult {
	var r refResult
	for _, magic := range []string{"\xff\xfe", "\xfe\xff", "PK\x03\x04", "\x1f\x8b", "\x28\xb5\x2f\xfd", "\xfd7zXZ\x00", "BZh", "\xd0\xcf\x11\xe0"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			r.skip = true
			return r
		}
	}
	if len(data) == 0 || bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
		r.inputErr = true
		return r
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	mark := o.Dialect.Decimal.Mark()
	s := &refScanner{data: data, line: 1, delim: o.Dialect.Delimiter}
	type cell struct {
		line, field int
		text        string
	}
	// The records up to a quoting error, which is reported once the cells
	// before it have been filed (an invalid cell there comes first).
	var recs [][]cell
	var starts []int
	var scanErr *refError
	for scanErr == nil && s.record() {
		starts = append(starts, s.line)
		var rec []cell
		for !s.eor {
			c, err := s.cell()
			if err != nil {
				scanErr = err
				break
			}
			rec = append(rec, cell{s.cellLine, s.field, c})
		}
		recs = append(recs, rec)
	}
	complete := func(k int) bool { return k < len(recs) && (scanErr == nil || k < len(recs)-1) }
	kind := func(t string) int {
		if _, ok := refParseNumber(t, mark); ok {
			return cellNumber
		}
		if IsMissing([]byte(t)) {
			return cellMissing
		}
		return cellInvalid
	}
	var names []string
	if len(recs) > 0 {
		brokenHeader := o.Dialect.Header == HeaderYes && !complete(0)
		header := o.Dialect.Header == HeaderYes && complete(0)
		if o.Dialect.Header == HeaderAuto && complete(0) {
			numbers, missing := 0, 0
			for _, c := range recs[0] {
				switch kind(c.text) {
				case cellNumber:
					numbers++
				case cellMissing:
					missing++
				}
			}
			header = numbers == 0 && missing < len(recs[0])
		}
		if header {
			for _, c := range recs[0] {
				names = append(names, refLabel(c.text))
			}
			recs, starts = recs[1:], starts[1:]
		}
		if brokenHeader {
			recs, starts = nil, nil // the engine skips the broken header's cells
		}
	}
	type list struct {
		ListStat
		vals []float64
	}
	var lists []*list
	file := func(l *list, c cell) bool {
		switch kind(c.text) {
		case cellNumber:
			v, _ := refParseNumber(c.text, mark)
			l.vals = append(l.vals, v)
			if math.IsInf(v, 0) && !strings.ContainsAny(c.text, "iI") {
				l.Overflow++
			}
		case cellMissing:
			l.Missing++
			r.skipped++
		default:
			if !o.SkipInvalid {
				r.err = &refError{c.line, c.field, false}
				return false
			}
			l.Invalid++
			r.invalid++
		}
		return true
	}
	if o.Shape == ShapeColumns {
		skip := 0
		switch o.Dialect.Label {
		case LabelFirst:
			skip = 1
		case LabelAuto:
			if complete(0) && len(recs[0]) > 1 && kind(recs[0][0].text) == cellInvalid {
				skip = 1
			}
		}
		for _, rec := range recs {
			for _, c := range rec[min(skip, len(rec)):] {
				i := c.field - 1 - skip
				for len(lists) <= i {
					n := len(lists) + skip
					name := "column " + strconv.Itoa(n+1)
					if n < len(names) && names[n] != "" {
						name = names[n]
					}
					lists = append(lists, &list{ListStat: ListStat{Label: name}})
				}
				if lists[i].Line == 0 {
					lists[i].Line = c.line
				}
				if !file(lists[i], c) {
					return r
				}
			}
		}
	} else {
		byName := map[string]*list{}
		for k, rec := range recs {
			g, v := blank, -1
			for j, c := range rec {
				if c.field == group && c.text != "" {
					g = c.text
				}
				if c.field == value {
					v = j
				}
			}
			l := byName[g]
			if l == nil {
				l = &list{ListStat: ListStat{Label: refLabel(g), Line: starts[k]}}
				byName[g] = l
				lists = append(lists, l)
			}
			if v < 0 {
				l.Missing++
				r.skipped++
			} else if !file(l, rec[v]) {
				return r
			}
		}
	}
	if scanErr != nil {
		r.err = scanErr
		return r
	}
	for i, l := range lists {
		l.Index, l.Count, l.Median = i, len(l.vals), refMedian(l.vals)
		setRefSpread(&l.ListStat, l.vals)
		r.values += int64(len(l.vals))
		r.lists = append(r.lists, l.ListStat)
	}
	if r.values == 0 {
		r.inputErr = true
	}
	return r
}

func TestShapes(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		in   string
		opts Options
		want []want
		skip int64
	}{
		{"columns by header", "a,b,c\n1,2,3\n4,,6\n7,8\n", Options{Shape: ShapeColumns},
			[]want{{2, "a", 3, 4}, {2, "b", 2, 5}, {2, "c", 2, 4.5}}, 1},
		{"columns without header", "1,2\n3,4\n5\n", Options{Shape: ShapeColumns},
			[]want{{1, "column 1", 3, 3}, {1, "column 2", 2, 3}}, 0},
		{"columns with a label column", "t,x,y\nmon,1,5\ntue,3,6\n", Options{Shape: ShapeColumns},
			[]want{{2, "x", 2, 2}, {2, "y", 2, 5.5}}, 0},
		{"a column that starts late", "a,b,c\n1\n2,,\n3,4,5\n", Options{Shape: ShapeColumns},
			[]want{{2, "a", 3, 2}, {3, "b", 1, 4}, {3, "c", 1, 5}}, 2},
		{"columns: an empty column is an empty list", "a,b\n1,\n2,NA\n", Options{Shape: ShapeColumns},
			[]want{{2, "a", 2, 1.5}, {2, "b", 0, nan}}, 2},
		{"one cell per line is one list", "1\n2\n\n10\n", Options{},
			[]want{{1, "column 1", 3, 2}}, 0},
		{"one cell per line with a header", "value\n1\n2\n", Options{},
			[]want{{2, "value", 2, 1.5}}, 0},
		{"long by names", "ts,site,reading\n1,A,5\n2,B,1\n3,A,7\n4,,2\n", Options{Shape: ShapeLong, Group: "site", Value: "reading"},
			[]want{{2, "A", 2, 6}, {3, "B", 1, 1}, {5, "(blank)", 1, 2}}, 0},
		{"long by numbers", "ts,site,reading\n1,A,5\n2,B,1\n3,A,7\n", Options{Shape: ShapeLong, Group: "2", Value: "3"},
			[]want{{2, "A", 2, 6}, {3, "B", 1, 1}}, 0},
		{"long two columns default", "g,v\nx,1\ny,2\nx,3\n", Options{Shape: ShapeLong},
			[]want{{2, "x", 2, 2}, {3, "y", 1, 2}}, 0},
		{"long without header", "x;1,5\ny;2\nx;3\n", Options{Shape: ShapeLong},
			[]want{{1, "x", 2, 2.25}, {2, "y", 1, 2}}, 0},
		{"long: missing and short rows", "g,v\na,1\na,NA\na\nb,\n", Options{Shape: ShapeLong},
			[]want{{2, "a", 1, 1}, {5, "b", 0, nan}}, 3},
		{"long: quoted groups with escapes", "g,v\n\"a\"\"b\",1\n\"a\"\"b\",3\n", Options{Shape: ShapeLong},
			[]want{{2, `a"b`, 2, 2}}, 0},
		{"long: one group in two encodings", "g,v\n\xe9,1\n\xc3\xa9,3\nx,0\n\xe9,8\n", Options{Shape: ShapeLong},
			[]want{{2, "é", 3, 3}, {4, "x", 1, 0}}, 0},
		{"long: value column before the group", "v,g\n1,a\n2,b\n3,a\n", Options{Shape: ShapeLong, Group: "g", Value: "v"},
			[]want{{2, "a", 2, 2}, {3, "b", 1, 2}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, bs := range []int{0, 3} {
				o := tc.opts
				o.BlockSize = bs
				o.Workers = 1 + bs
				res, err := runString(t, tc.in, o)
				if err != nil {
					t.Fatal(err)
				}
				wantLists(t, res, tc.want)
				ledgerAddsUp(t, res)
				if res.Skipped != tc.skip {
					t.Errorf("skipped = %d, want %d", res.Skipped, tc.skip)
				}
			}
		})
	}
}

func TestShapeErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
		msg      string
	}{
		{"no such group", "g,v\na,1\n", Options{Shape: ShapeLong, Group: "x", Value: "v"}, `-group "x": no such column in the header ("g", "v")`},
		{"name without header", "a,1\n", Options{Shape: ShapeLong, Group: "x", Value: "2"}, "no header"},
		{"three columns, no text", "1,2,3\n", Options{Shape: ShapeLong}, "needs the group and value columns"},
		{"same column", "g,v\na,1\n", Options{Shape: ShapeLong, Group: "1", Value: "1"}, "both column 1"},
		{"invalid value has its place", "g,v\na,1\nb,x\n", Options{Shape: ShapeLong}, `3:2: not a number: "x"`},
		{"invalid column cell", "a,b\n1,2\n3,y\n", Options{Shape: ShapeColumns}, `3:2: not a number: "y"`},
		{"memory", "a,b\n1,2\n3,4\n", Options{Shape: ShapeColumns, MemoryLimit: 1, TotalBytes: 1 << 40}, "-by columns needs about"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runString(t, tc.in, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %q", err, tc.msg)
			}
		})
	}
}

// genShape makes a file for the columns and long shapes with the features
// the engine handles: quotes, escapes, missing and invalid cells, short
// rows, blank lines, line ends of every kind.
func genShape(r *rand.Rand, rows int, long bool) string {
	var b strings.Builder
	ends := []string{"\n", "\r\n", "\r"}
	if long {
		b.WriteString("ts,group,value\n")
	} else {
		b.WriteString("a,b,\"c\"\"q\",d\n")
	}
	for i := range rows {
		if r.IntN(15) == 0 {
			b.WriteString(ends[r.IntN(3)])
		}
		cells := 4
		if long {
			cells = 3
		}
		cells -= r.IntN(2) * r.IntN(cells)
		for c := range cells {
			if c > 0 {
				b.WriteByte(',')
			}
			switch {
			case long && c == 0:
				fmt.Fprintf(&b, "%d", i)
			case long && c == 1:
				g := []string{"x", "y", "\"z,\"\"w\"", "", "v\r\nv", "x"}[r.IntN(6)]
				b.WriteString(g)
			default:
				switch r.IntN(12) {
				case 0:
				case 1:
					b.WriteString("NA")
				case 2:
					b.WriteString("bad")
				case 3:
					b.WriteString(" \"1e400\" ")
				default:
					fmt.Fprintf(&b, "%g", math.Round(r.NormFloat64()*100)/10)
				}
			}
		}
		b.WriteString(ends[r.IntN(3)])
	}
	return b.String()
}

// TestShapesAgainstReference checks both shapes on generated files against
// the slow reference, with one worker and one block, and with three
// workers and tiny blocks.
func TestShapesAgainstReference(t *testing.T) {
	orig := sampleLen
	defer func() { sampleLen = orig }()
	r := rand.New(rand.NewPCG(71, 72))
	for i := range 40 {
		long := i%2 == 0
		in := genShape(r, 1+r.IntN(300), long)
		o := Options{Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint}, SkipInvalid: true, Shape: ShapeColumns}
		g, v := 0, 0
		if long {
			o.Shape, o.Group, o.Value = ShapeLong, "2", "3"
			g, v = 2, 3
		}
		want := refShape([]byte(in), o, g, v)
		for _, w := range []Options{{Workers: 1, BlockSize: 1 << 20}, {Workers: 3, BlockSize: 1 + r.IntN(64), Spread: true}} {
			o.Workers, o.BlockSize, o.Spread = w.Workers, w.BlockSize, w.Spread
			// Every other file: the workers choose their scale after 1
			// to 8 values, so that these small lists reach the scaled
			// store.
			sampleLen = orig
			if i%4 >= 2 {
				sampleLen = 1 + r.IntN(8)
			}
			res, err := Run(context.Background(), strings.NewReader(in), o, nil)
			checkAgainstReference(t, res, err, want)
		}
	}
}

// TestManyGroupsAgainstReference checks a long table of two columns with
// enough groups that the group tables outgrow prefetchSlots, where rows
// are looked up prefetchAhead at a time (by the workers and by the
// aggregator): rows that tokenizer.pair leaves to the cell-by-cell path
// are mixed in, so that both paths alternate within blocks.
func TestManyGroupsAgainstReference(t *testing.T) {
	const rows, groups = 200_000, 100_000
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	b.WriteString("g,v\n")
	for range rows {
		g := r.IntN(groups)
		switch r.IntN(40) {
		case 0:
			fmt.Fprintf(&b, "\"k%d\",%d\n", g, r.IntN(100)) // quoted: the same group
		case 1:
			fmt.Fprintf(&b, "k%d,\n", g) // missing
		case 2:
			fmt.Fprintf(&b, ",%d\n", r.IntN(100)) // (blank)
		case 3:
			fmt.Fprintf(&b, "k%d,NA\n", g) // invalid
		default:
			fmt.Fprintf(&b, "k%d,%d.%d\n", g, r.IntN(1000)-500, r.IntN(10))
		}
	}
	in := b.String()
	o := Options{Dialect: Dialect{Delimiter: ',', Decimal: DecimalPoint, Header: HeaderYes}, SkipInvalid: true,
		Shape: ShapeLong, Group: "1", Value: "2"}
	want := refShape([]byte(in), o, 1, 2)
	if len(want.lists) < groups*8/10 {
		t.Fatalf("the reference found %d groups", len(want.lists))
	}
	for _, w := range []Options{{Workers: 1}, {Workers: 2, BlockSize: 64 << 10, Spread: true}} {
		o.Workers, o.BlockSize, o.Spread = w.Workers, w.BlockSize, w.Spread
		res, err := Run(context.Background(), strings.NewReader(in), o, nil)
		checkAgainstReference(t, res, err, want)
	}
}

// FuzzShapes checks the columns and long shapes against the reference on
// arbitrary input.
func FuzzShapes(f *testing.F) {
	// The last: rows tokenizer.pair reads at once, between rows it must
	// leave to the cell-by-cell path (blanks to trim, quotes, an empty
	// group, a third cell, an exponent, a missing value, CR line ends).
	for _, s := range []string{"a,b\n1,2\n3\n", "g,v\nx,1\ny,2\nx,NA\n", "\"a\n\",1\r\n,,\n", "1\r2\r\n3\n", "x;1,5\n",
		"g,v\na,1\n a,2\na ,3\n\"a\",4\n,5\na,6,7\na,1e3\na, 8\na,\r\nb,9\rb,-0.5\nb,+2"} {
		f.Add([]byte(s), uint8(0), uint8(3))
		f.Add([]byte(s), uint8(1), uint8(7))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode, bs uint8) {
		o := Options{
			Dialect: Dialect{
				Header:    HeaderMode(mode >> 1 % 3),
				Label:     LabelMode(mode >> 3 % 3),
				Delimiter: []byte{',', ';', '\t', '|'}[mode>>5&3],
				Decimal:   DecimalPoint,
			},
			Shape:       ShapeColumns,
			SkipInvalid: mode&128 != 0,
		}
		g, v := 0, 0
		if mode&1 != 0 {
			o.Shape, o.Group, o.Value = ShapeLong, "1", "2"
			g, v = 1, 2
		}
		want := refShape(data, o, g, v)
		// The second run's workers choose their scale after a few values
		// (sampleLen), so that the fuzzer's small inputs reach the
		// scaled store and the choice of scale.
		defer func(n int) { sampleLen = n }(sampleLen)
		for i, w := range []Options{{Workers: 1, BlockSize: 1 << 20, Spread: true}, {Workers: 3, BlockSize: 1 + int(bs%32)}} {
			o.Workers, o.BlockSize, o.Spread = w.Workers, w.BlockSize, w.Spread
			if i == 1 {
				sampleLen = 1 + int(bs>>5)
			}
			res, err := Run(context.Background(), bytes.NewReader(data), o, nil)
			var ie *InputError
			if errors.As(err, &ie) && want.err == nil && !want.inputErr {
				t.Fatalf("input error %v; reference found %d lists", err, len(want.lists))
			}
			checkAgainstReference(t, res, err, want)
		}
	})
}

// TestGroupTable checks ids against a map, on the Go heap and on an arena
// (where every outgrown array is unmapped: a read of one faults), with
// enough keys that the slots and keys outgrow a mapped array, keeping
// every key and only the long ones (a worker's table, which grows from
// its slots).
func TestGroupTable(t *testing.T) {
	for _, mem := range []*hugepage.Arena{nil, {}} {
		for _, keepAll := range []bool{true, false} {
			testGroupTable(t, newGroupTable(mem, keepAll))
		}
		if mem != nil {
			mem.FreeAll()
		}
	}
}

func testGroupTable(t *testing.T, g *groupTable) {
	keys := map[string]int32{}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 150_000 {
		k := strconv.Itoa(i * 7919 % 100_003)
		if i%3 == 0 {
			k += "-a-long-suffix-" + k
		}
		key := []byte(k)
		if i%2 == 0 {
			// Cut from a block: other bytes follow the key (head reads them
			// and must mask them off).
			buf := append([]byte(k), byte(r.IntN(256)), 0, byte(r.IntN(256)), 'x', 1, 2, 3, 4)
			key = buf[:len(k)]
		}
		id, isNew := g.id(key)
		if want, ok := keys[k]; ok {
			if isNew || id != want {
				t.Fatalf("%q: id %d new %v, want %d", k, id, isNew, want)
			}
			continue
		}
		if !isNew || id != int32(len(keys)) {
			t.Fatalf("%q: id %d new %v, want new %d", k, id, isNew, len(keys))
		}
		keys[k] = id
		if (g.keepAll || len(k) > 8) && string(g.key(id)) != k {
			t.Fatalf("key(%d) = %q", id, g.key(id))
		}
	}
	if id, isNew := g.id(nil); !isNew || id != int32(len(keys)) {
		t.Errorf("empty key: %d %v", id, isNew)
	}
	for k, id := range keys {
		if (g.keepAll || len(k) > 8) && string(g.key(id)) != k {
			t.Fatalf("key(%d) = %q at the end, want %q", id, g.key(id), k)
		}
		// Every key is found again after the table's growth.
		if got, isNew := g.id([]byte(k)); isNew || got != id {
			t.Fatalf("%q found as %d (new %v) at the end, want %d", k, got, isNew, id)
		}
	}
}

// FuzzSniff runs arbitrary input with everything detected: no panic, no
// hang, and the dialect the report names, given back as options, gives
// the same result (what was sniffed is what was used).
func FuzzSniff(f *testing.F) {
	for _, s := range []string{"a;1,5;2\nb;3\n", "1\n2\n3\n", "x\t1\t2\n", "a|b\n1|2\n", "1,5,2,5\n3,5,4,5\n",
		"a;b\n1,5;2\n1.5;3\n", "\xef\xbb\xbfh,1\r2,3\r", "\"q;\",1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Run(context.Background(), bytes.NewReader(data), Options{Workers: 2, BlockSize: 16}, nil)
		if err != nil {
			return
		}
		ledgerAddsUp(t, res)
		r := res.Dialect
		if bytes.IndexByte([]byte(",;\t|"), r.Delimiter) < 0 || len(r.Preview) > PreviewRecords {
			t.Fatalf("report %+v", r)
		}
		o := Options{Workers: 1, Shape: r.Shape, Dialect: Dialect{Delimiter: r.Delimiter, Decimal: r.Decimal, Header: HeaderNo}}
		if r.Header {
			o.Dialect.Header = HeaderYes
		}
		if r.Shape == ShapeColumns {
			o.Dialect.Label = LabelNone
			if r.Labels {
				o.Dialect.Label = LabelFirst
			}
		}
		again, err := Run(context.Background(), bytes.NewReader(data), o, nil)
		if err != nil || !sameResult(again, res) {
			t.Fatalf("with the sniffed dialect %+v given: err %v, result differs", o, err)
		}
	})
}

// BenchmarkGroupTable looks up 20 000 short group keys and 2 000 long
// ones in a shuffled order, as a long table's rows give them.
func BenchmarkGroupTable(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var keys [][]byte
	for range 1 << 16 {
		k := fmt.Appendf(nil, "s%05d", rng.IntN(20_000))
		if rng.IntN(10) == 0 {
			k = fmt.Appendf(nil, "site-%04d/channel-long-name", rng.IntN(2_000))
		}
		keys = append(keys, k)
	}
	g := newGroupTable(nil, false)
	b.ResetTimer()
	for i := range b.N {
		g.id(keys[i&(len(keys)-1)])
	}
}
