package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestJSONContract(t *testing.T) {
	const data = "name,1,2,3\nb,4,NA,6,8\n\n9,10,11\nx,-inf,inf\nonly\n"
	p := writeFile(t, "d.csv", data)
	procs := runtime.GOMAXPROCS(0)
	code, out, errs := runCLI(t, "", "-headless", "-json", "-workers", "1", p)
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Errorf("GOMAXPROCS after -workers 1: %d, want %d as before", got, procs)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// Field order is part of the contract.
	keys := []string{`"file"`, `"lists"`, `"empty_lists"`, `"values"`, `"skipped"`, `"invalid"`, `"min"`, `"max"`, `"workers"`, `"elapsed_ms"`, `"bytes"`}
	last := -1
	for _, k := range keys {
		i := strings.Index(out, k)
		if i < 0 || i < last {
			t.Fatalf("key %s missing or out of order in %s", k, out)
		}
		last = i
	}
	var r struct {
		File       string
		Lists      int
		EmptyLists int `json:"empty_lists"`
		Values     int
		Skipped    int
		Invalid    int
		Min, Max   struct {
			Index, Line int
			Label       string
			Count       int
			Median      any
		}
		Workers int
		Bytes   int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.File != p || r.Lists != 4 || r.EmptyLists != 1 || r.Values != 11 || r.Skipped != 1 || r.Workers != 1 || r.Bytes != len(data) {
		t.Errorf("summary %+v", r)
	}
	if r.Min.Index != 0 || r.Min.Line != 1 || r.Min.Label != "name" || r.Min.Count != 3 || r.Min.Median != 2.0 {
		t.Errorf("min %+v", r.Min)
	}
	if r.Max.Index != 2 || r.Max.Line != 4 || r.Max.Label != "" || r.Max.Median != 10.0 {
		t.Errorf("max %+v", r.Max)
	}
	if strings.Count(out, "\n") != 1 {
		t.Errorf("JSON is not one line: %q", out)
	}
}

func TestJSONNonFinite(t *testing.T) {
	p := writeFile(t, "e.csv", "a,-inf,-inf\nb,inf\n")
	_, out, _ := runCLI(t, "", "-headless", "-json", p)
	if !strings.Contains(out, `"median":"-Inf"`) || !strings.Contains(out, `"median":"+Inf"`) {
		t.Errorf("non-finite medians: %s", out)
	}
	p = writeFile(t, "n.csv", "a,-inf,inf\nb\n")
	_, out, _ = runCLI(t, "", "-headless", "-json", p)
	if !strings.Contains(out, `"min":null`) || !strings.Contains(out, `"lists":1`) {
		t.Errorf("all-NaN medians: %s", out)
	}
}

// -json's min and max objects carry the list's spread after the median.
func TestJSONSpread(t *testing.T) {
	p := writeFile(t, "s.csv", "5,1,4,2,3\n10,20,30,40\n")
	code, out, errs := runCLI(t, "", "-headless", "-json", p)
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{
		`"min":{"index":0,"line":1,"label":"","count":5,"median":3,"q1":2,"q3":4,"min_value":1,"max_value":5}`,
		`"max":{"index":1,"line":2,"label":"","count":4,"median":25,"q1":17.5,"q3":32.5,"min_value":10,"max_value":40}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-json lacks %s:\n%s", want, out)
		}
	}
}

func TestCSVOutput(t *testing.T) {
	p := writeFile(t, "d.csv", "\"a, b\",1,2\n\nx\n3,1e400\n")
	dir := t.TempDir()
	out := filepath.Join(dir, "m.csv")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "", "-headless", "-csv", out, p)
	if code != 0 {
		t.Fatal(errs)
	}
	got, _ := os.ReadFile(out)
	// [1 2]: q1 = 1.25, q3 = 1.75; [3 +Inf]: an infinite neighbour gives that infinity.
	want := "index,line,label,count,median,missing,invalid,q1,q3,min_value,max_value\n" +
		"0,1,\"a, b\",2,1.5,0,0,1.25,1.75,1,2\n1,3,x,0,,0,0,,,,\n2,4,,2,+Inf,0,0,+Inf,+Inf,3,+Inf\n"
	if string(got) != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	// -csv - writes to stdout instead of the summary.
	code, stdout, _ := runCLI(t, "", "-headless", "-csv", "-", p)
	if code != 0 || stdout != want {
		t.Errorf("-csv -: %q", stdout)
	}
}

func TestStdin(t *testing.T) {
	code, out, _ := runCLI(t, "a,1,3\n", "-headless", "-json", "-")
	if code != 0 || !strings.Contains(out, `"file":"<stdin>"`) || !strings.Contains(out, `"median":2`) {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestErrorsAndExitCodes(t *testing.T) {
	bad := writeFile(t, "data.csv", "a,1\nb,2,1.2.3\n")
	empty := writeFile(t, "empty.csv", "")
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad cell", []string{"-headless", bad}, ExitData, bad + `:2:3: not a number: "1.2.3"; fix the cell, or use -skip-invalid to skip such cells`},
		{"skip invalid", []string{"-headless", "-skip-invalid", bad}, ExitOK, ""},
		{"empty", []string{"-headless", empty}, ExitData, empty + ": the file is empty"},
		{"missing", []string{"-headless", filepath.Join(dir, "nope.csv")}, ExitData, "no such file"},
		{"folder", []string{"-headless", dir}, ExitData, "is a folder"},
		{"unknown flag", []string{"-headless", "-frobnicate", bad}, ExitUsage, "flag provided but not defined"},
		{"no file", []string{"-headless"}, ExitUsage, "needs an input FILE"},
		{"two files", []string{"-headless", bad, bad}, ExitUsage, "one input file"},
		{"bad delimiter", []string{"-headless", "-delim", "x", bad}, ExitUsage, "delimiter"},
		{"bad header", []string{"-headless", "-header", "maybe", bad}, ExitUsage, "header must be"},
		{"bad workers", []string{"-headless", "-workers", "0", bad}, ExitUsage, "-workers"},
		{"bad size", []string{"-headless", "-size", "10x", bad}, ExitUsage, "-size"},
		{"json without headless", []string{"-json", bad}, ExitUsage, "need -headless"},
		{"unwritable csv", []string{"-headless", "-skip-invalid", "-csv", filepath.Join(dir, "no", "m.csv"), bad}, ExitData, "writing CSV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", code, errs, tc.code, tc.msg)
			}
			if code != 0 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("error is not one line: %q", errs)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "-help")
	if code != 0 || !strings.Contains(out, "Usage: medianscope") {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestChartFlags(t *testing.T) {
	p := writeFile(t, "d.csv", "a,1,2\nb,5\nc,3\n")
	dir := t.TempDir()
	m, h := filepath.Join(dir, "m.png"), filepath.Join(dir, "h.png")
	code, _, errs := runCLI(t, "", "-headless", "-png", m, "-hist-png", h, "-size", "640x360", p)
	if code != 0 {
		t.Fatal(errs)
	}
	for _, path := range []string{m, h} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 640 || cfg.Height != 360 {
			t.Errorf("%s: %v %dx%d", path, err, cfg.Width, cfg.Height)
		}
	}
}

func TestSummaryText(t *testing.T) {
	p := writeFile(t, "d.csv", "a,1,2\nb,5\n,\n")
	code, out, _ := runCLI(t, "", "-headless", p)
	for _, want := range []string{"2 lists (+1 empty)", `min median: 1.5  "a", line 1`, `max median: 5  "b", line 2`, "MB/s"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// TestBadInputs runs the catalogue of bad inputs (shared/reference,
// section 5.4) through the command line: each gives exit 1 and one line
// on stderr that names the place and the problem — never a panic or a hang.
func TestBadInputs(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("r,1,2,3\n"), 1000))
	zw.Close()
	tests := []struct {
		name, in string
		want     string
	}{
		{"empty", "", "the file is empty"},
		{"header only", "a,b\n", "no numbers found"},
		{"blank only", "\n\n \n", "no numbers found"},
		{"labels only", "r1\nr2\n", "no numbers found"},
		{"bad cell", "r1,1,abc,3\n", `1:3: not a number: "abc"`},
		{"mixed decimal marks", "a;b\n1,5;2\n1.5;3\n", `mixed decimal marks: "1,5" (2:1) and "1.5" (3:1) (set the decimal mark`},
		{"thousands", "ok,1\nr,\"1,234.5\"\n", `2:2: not a number: "1,234.5" (thousands separators are not supported`},
		{"unterminated quote", "1,2\n3,\"4\n5,6\n", "2:2: quoted cell never closed"},
		{"bare quote", "1,2\"x,3\n", `1:2: bare " in an unquoted cell`},
		{"text after quote", "\"1\"x,2\n", "1:1: text after a closing quote"},
		{"UTF-16 cut in a character", "\xff\xfe1\x00,\x002", "UTF-16"},
		{"invalid UTF-8 value", "r,1,\xff,3\n", `1:3: not a number: "\xff"`},
		{"zip", "PK\x03\x04\x14\x00", "ZIP archive, not a workbook"},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel .xls"},
		{"NUL", "1,2\n\x00\n", "line 2: binary data"},
		{"hex and underscores", "ok,1\nr1,0x1p3\n", "hex floats are not supported"},
		{"only a header-like line", "r,\"1,234.5\"\n", "(line 1 was taken as the header)"},
		{"truncated gzip", string(gz.Bytes()[:gz.Len()/2]), "gzip data ends early"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "bad.csv", tc.in)
			code, out, errs := runCLI(t, "", "-headless", p)
			if code != ExitData || !strings.HasPrefix(errs, p+":") || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 with %q", code, errs, tc.want)
			}
			if strings.Count(errs, "\n") != 1 || out != "" {
				t.Errorf("want one line on stderr and nothing on stdout: %q / %q", errs, out)
			}
		})
	}
}
