package peers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	cases := []string{"0", "-0", "0.000", "-0.000", "1", "20.123", "-20.123", "+3.5", ".5", "5.", "007.250",
		"9007199254740992", "9007199254740993", "1234567890123456789", "12345678901234567890",
		"0.1", "0.3", "1e5", "1E-5", "inf", "-Infinity", "1e400", "0.0000000000000000000000001",
		"123456.7890123456789", "", "-", ".", "abc", "1.2.3", "1,5", "0x10", "NaN"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		v := (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(30)-10))
		cases = append(cases, strconv.FormatFloat(v, 'f', r.IntN(12), 64), strconv.FormatFloat(v, 'g', -1, 64))
	}
	for _, c := range cases {
		got, ok := parseNumber([]byte(c))
		want, err := strconv.ParseFloat(c, 64)
		if ok != (err == nil) {
			t.Fatalf("parseNumber(%q): ok=%v, strconv err=%v", c, ok, err)
		}
		if ok && math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseNumber(%q) = %v, want %v", c, got, want)
		}
	}
}

func TestSelectMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 3000; n += 1 + n/10 {
		for _, distinct := range []int{2, 10, 1 << 30} {
			a := make([]float64, n)
			for i := range a {
				a[i] = float64(r.IntN(distinct)) / 4
			}
			s := slices.Clone(a)
			slices.Sort(s)
			want := s[n/2]
			if n%2 == 0 {
				want = midpoint(s[n/2-1], s[n/2])
			}
			if got := selectMedian(a); got != want {
				t.Fatalf("n=%d distinct=%d: median %v, want %v", n, distinct, got, want)
			}
		}
	}
}

// writeFile writes content to a temporary file.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// agree runs every peer on path and checks that they name the same
// smallest and largest median (and, where they know it, the same list).
func agree(t *testing.T, kind Kind, path string, wantMin, wantMax float64) {
	t.Helper()
	names := []string{"obvious", "probe"}
	if DuckDBAvailable {
		names = append(names, "duckdb")
	}
	var first *Result
	for _, name := range names {
		res, err := Run(name, kind, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Min == nil || res.Max == nil {
			t.Fatalf("%s: no min or max: %+v", name, res)
		}
		if float64(res.Min.Median) != wantMin || float64(res.Max.Median) != wantMax {
			t.Errorf("%s: min %v max %v, want %v %v", name, res.Min.Median, res.Max.Median, wantMin, wantMax)
		}
		if first == nil {
			first = res
			continue
		}
		if res.Lists != first.Lists || res.Values != first.Values {
			t.Errorf("%s: %d lists %d values, want %d %d", name, res.Lists, res.Values, first.Lists, first.Values)
		}
		for _, p := range [][2]*List{{res.Min, first.Min}, {res.Max, first.Max}} {
			got, want := p[0], p[1]
			if got.Label != want.Label || got.Count != want.Count || (got.Index >= 0 && got.Index != want.Index) {
				t.Errorf("%s: list %+v, want %+v", name, *got, *want)
			}
		}
	}
}

func TestRowsAgree(t *testing.T) {
	content := "run-1,3,1,2\n" + // 2
		"run-2,,5,,7\n" + // 6
		"1,9,8,10\n" + // unlabelled: 8.5
		"run-4,\n" + // an empty list
		"run-5,-1.5,0.25\n" + // -0.625
		"run-6,100,99,101,98\n" // 99.5
	agree(t, Rows, writeFile(t, "rows.csv", content), -0.625, 99.5)
}

func TestLongLinesAgree(t *testing.T) {
	defer func(c int) { probeChunk = c }(probeChunk)
	probeChunk = 64 // every line longer than a chunk
	var b strings.Builder
	r := rand.New(rand.NewPCG(5, 6))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range 50 {
		fmt.Fprintf(&b, "row-%d", i)
		vals := make([]float64, 1+r.IntN(200))
		for j := range vals {
			vals[j] = float64(r.IntN(100000)) / 1000
			fmt.Fprintf(&b, ",%.3f", vals[j])
		}
		b.WriteByte('\n')
		slices.Sort(vals)
		m := vals[len(vals)/2]
		if len(vals)%2 == 0 {
			m = midpoint(vals[len(vals)/2-1], m)
		}
		lo, hi = min(lo, m), max(hi, m)
	}
	agree(t, Rows, writeFile(t, "long.csv", b.String()), lo, hi)
}

func TestGroupsAgree(t *testing.T) {
	content := "sensor,value\ns1,1\ns2,10\ns1,3\ns3,-4\ns2,12\ns1,2\ns3,-6\n"
	// s1: 2, s2: 11, s3: -5
	agree(t, Groups, writeFile(t, "groups.csv", content), -5, 11)
}

func TestColumnsAgree(t *testing.T) {
	content := "a,b,c\n1,10,-1\n2,20,-2\n3,30,-3\n4,40,-4\n"
	// a: 2.5, b: 25, c: -2.5
	agree(t, Columns, writeFile(t, "columns.csv", content), -2.5, 25)
}
