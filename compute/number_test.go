package compute

import (
	"bufio"
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedDir is the conformance data beside the project root.
const sharedDir = "../../shared/conformance"

func TestParseNumberTable(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1", 1, true}, {"-1", -1, true}, {"+1", 1, true}, {"1.5", 1.5, true}, {".5", .5, true},
		{"5.", 5, true}, {"1e5", 1e5, true}, {"1E+05", 1e5, true}, {"1e-5", 1e-5, true},
		{"00012", 12, true}, {"-0", math.Copysign(0, -1), true}, {"0.0", 0, true},
		{"1e400", inf, true}, {"-1e400", -inf, true}, {"1e-400", 0, true},
		{"inf", inf, true}, {"-Infinity", -inf, true}, {"+INF", inf, true}, {"iNfInItY", inf, true},
		{"9007199254740993", 9007199254740992, true},
		{"1.7976931348623157e308", math.MaxFloat64, true},
		{"4.9406564584124654e-324", 5e-324, true},
		{"123456789012345678901234567890", 1.2345678901234568e29, true},
		{"0.000000000000000000000000000001", 1e-30, true},
		{"1e-2147483649", 0, true}, {"1e99999999999999999999", inf, true},
		{"", 0, false}, {"+", 0, false}, {"-", 0, false}, {".", 0, false}, {"e5", 0, false},
		{"1e", 0, false}, {"1e+", 0, false}, {"1.2.3", 0, false}, {"0x1p3", 0, false},
		{"1_000", 0, false}, {"nan", 0, false}, {"NaN", 0, false}, {"infin", 0, false},
		{"inf1", 0, false}, {"1,5", 0, false}, {" 1", 0, false}, {"1 ", 0, false},
		{"１２", 0, false}, {"1.0d0", 0, false}, {"--1", 0, false}, {"1e5.5", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseNumber([]byte(tc.in))
		if ok != tc.ok || (ok && math.Float64bits(got) != math.Float64bits(tc.want)) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestParseNumberRandom checks grammar and rounding against the reference
// (a regular expression, then strconv.ParseFloat) on random decimal text.
func TestParseNumberRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 300_000; i++ {
		s := randomNumberText(r)
		got, ok := ParseNumber([]byte(s))
		want, wok := refParseNumber(s, '.')
		if ok != wok || (ok && math.Float64bits(got) != math.Float64bits(want)) {
			t.Fatalf("ParseNumber(%q) = %v, %v; reference %v, %v", s, got, ok, want, wok)
		}
	}
}

func randomNumberText(r *rand.Rand) string {
	const alphabet = "0123456789.eE+-"
	if r.IntN(4) == 0 { // noise from a small alphabet
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	switch r.IntN(4) {
	case 0:
		return strconv.FormatFloat(math.Float64frombits(r.Uint64()), 'g', -1, 64)
	case 1:
		return strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(40)-20)), 'f', r.IntN(25), 64)
	case 2:
		return strconv.FormatFloat(r.Float64(), 'e', r.IntN(30), 64)
	}
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteByte("+-"[r.IntN(2)])
	}
	for range r.IntN(25) {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	if r.IntN(2) == 0 {
		b.WriteByte('.')
		for range r.IntN(25) {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	if r.IntN(2) == 0 {
		b.WriteString("e" + strconv.Itoa(r.IntN(700)-350))
	}
	return b.String()
}

// TestParseNumberConformance reads every line of the parse-number-fxx
// corpus ("f16 f32 f64 text") and checks the float64 bits. Lines outside
// our grammar (none are expected in these files) must be refused by the
// reference grammar too.
func TestParseNumberConformance(t *testing.T) {
	dir := filepath.Join(sharedDir, "parse-number-fxx-test-data")
	files, _ := filepath.Glob(filepath.Join(dir, "data", "*.txt"))
	if len(files) == 0 {
		t.Skipf("conformance corpus not found at %s (it lives in ../shared beside the project root)", dir)
	}
	total := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			fields := strings.SplitN(sc.Text(), " ", 4)
			if len(fields) != 4 {
				continue
			}
			bits, err := strconv.ParseUint(fields[2], 16, 64)
			if err != nil {
				t.Fatalf("%s: bad line %q", path, sc.Text())
			}
			text := fields[3]
			got, ok := ParseNumber([]byte(text))
			_, refOK := refParseNumber(text, '.')
			if ok != refOK {
				t.Errorf("%s: ParseNumber(%q) ok=%v, grammar says %v", filepath.Base(path), text, ok, refOK)
				continue
			}
			if ok && math.Float64bits(got) != bits {
				t.Errorf("%s: ParseNumber(%q) = %016x, want %016x", filepath.Base(path), text, math.Float64bits(got), bits)
			}
			total++
		}
		f.Close()
	}
	t.Logf("%d corpus lines checked", total)

	// The raw inputs behind data/more-test-cases.txt carry no expected bits
	// (and some prose): where the grammar takes a line, agree with ParseFloat.
	more, _ := filepath.Glob(filepath.Join(dir, "more-test-cases", "*.txt"))
	for _, path := range more {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range strings.Split(string(raw), "\n") {
			got, ok := ParseNumber([]byte(text))
			want, wok := refParseNumber(text, '.')
			if ok != wok || (ok && math.Float64bits(got) != math.Float64bits(want)) {
				t.Errorf("%s: ParseNumber(%q) = %v, %v; reference %v, %v", filepath.Base(path), text, got, ok, want, wok)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1", "-0", ".5", "5.", "1e400", "inf", "-Infinity", "0x1p3", "1_0",
		"9007199254740993", "1.7976931348623157e308", "4.9406564584124654e-324", "1e-2147483649",
		"123456789012345678901234567890e-10", "nan", "1.2.3", "+", "e", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseNumber([]byte(s))
		want, wok := refParseNumber(s, '.')
		if ok != wok || (ok && math.Float64bits(got) != math.Float64bits(want)) {
			t.Fatalf("ParseNumber(%q) = %v, %v; reference %v, %v", s, got, ok, want, wok)
		}
		// The same text with a decimal comma: the same number, or none.
		c := []byte(s)
		if i := bytes.IndexByte(c, '.'); i >= 0 {
			c[i] = ','
		}
		got, ok = ParseDecimal(c, ',')
		want, wok = refParseNumber(string(c), ',')
		if ok != wok || (ok && math.Float64bits(got) != math.Float64bits(want)) {
			t.Fatalf("ParseDecimal(%q, ',') = %v, %v; reference %v, %v", c, got, ok, want, wok)
		}
	})
}

func BenchmarkParseNumber(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	var cells [][]byte
	size := 0
	for range 10_000 {
		s := strconv.FormatFloat(r.NormFloat64()*100, 'f', 1+r.IntN(4), 64)
		cells = append(cells, []byte(s))
		size += len(s) + 1
	}
	b.Run("ParseNumber", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, c := range cells {
				ParseNumber(c)
			}
		}
	})
	b.Run("strconv-baseline", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, c := range cells {
				strconv.ParseFloat(string(c), 64)
			}
		}
	})
}
