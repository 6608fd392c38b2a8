package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"go.uber.org/goleak"
)

// workbook returns the bytes of a new workbook after fill has written into
// it; its first sheet is "Sheet1".
func workbook(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// set sets the cells of sheet from a map of cell names to values.
func set(t testing.TB, f *excelize.File, sheet string, cells map[string]any) {
	t.Helper()
	for cell, v := range cells {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
}

// readAll opens sheet of data and returns all its CSV text.
func readAll(t *testing.T, data []byte, sheet string) (string, Info) {
	t.Helper()
	rc, info, err := Open(data, sheet)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	return string(b), info
}

func TestOpen(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		set(t, f, "Sheet1", map[string]any{
			"A1": "name", "B1": "value", "C1": "note",
			"A2": "pi", "B2": 3.14159, "C2": "a, b",
			"A3": "int", "B3": 42, "C3": `say "hi"`,
			"A4": "neg", "B4": -0.5, "C4": "tab\t",
			// row 5 is empty
			"A6": "tiny", "B6": 1.5e-7, "C6": " padded ",
			"A7": "bool", "B7": true, "D7": "after a gap",
			// A line break in a cell adds a line, so these come last.
			"A8": "lf", "B8": "two\nlines",
			"A9": "crlf", "B9": "x\r\ny",
		})
		// A style applied to an otherwise empty row must not make it a line.
		style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		f.SetRowStyle("Sheet1", 20, 20, style)
		f.NewSheet("Second")
		set(t, f, "Second", map[string]any{"B2": "only"})
	})
	got, info := readAll(t, data, "")
	want := "name,value,note\n" +
		"pi,3.14159,\"a, b\"\n" +
		"int,42,\"say \"\"hi\"\"\"\n" +
		"neg,-0.5,\"tab\t\"\n" +
		"\n" +
		"tiny,0.00000015,\" padded \"\n" +
		"bool,1,,after a gap\n" +
		"lf,two lines\n" +
		"crlf,x y\n"
	if got != want {
		t.Errorf("first sheet:\n got %q\nwant %q", got, want)
	}
	if info.Sheet != "Sheet1" || strings.Join(info.Sheets, "|") != "Sheet1|Second" {
		t.Errorf("info = %+v", info)
	}

	// Line N is row N also when the sheet starts with empty rows, and the
	// text is valid CSV that encoding/csv reads back cell for cell.
	got, info = readAll(t, data, "Second")
	if want := "\n,only\n"; got != want || info.Sheet != "Second" {
		t.Errorf("second sheet: got %q, %+v; want %q", got, info, want)
	}
	got, _ = readAll(t, data, "")
	cr := csv.NewReader(strings.NewReader(got))
	cr.FieldsPerRecord = -1
	// encoding/csv skips empty lines, but FieldPos still gives the row.
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		row, _ := cr.FieldPos(0)
		switch {
		case row == 3 && rec[2] != `say "hi"`,
			row == 4 && rec[2] != "tab\t",
			row == 8 && rec[1] != "two lines",
			row == 6 && rec[2] != " padded ",
			row == 7 && rec[3] != "after a gap",
			row == 9 && rec[0] != "crlf", // line breaks in cells add no line
			row == 5 || row > 9:
			t.Errorf("encoding/csv read row %d as %q", row, rec)
		}
	}

	// Excel compares sheet names without regard to case.
	if _, info = readAll(t, data, "SECOND"); info.Sheet != "Second" {
		t.Errorf("case-insensitive name found %q", info.Sheet)
	}
}

// TestNumbers checks that a number comes out as the file stores it, so that
// strconv.ParseFloat gives back the exact float64: both as excelize writes
// floats and in the forms Excel writes (exponents, 17 digits).
func TestNumbers(t *testing.T) {
	floats := []float64{0.1, 0.1 + 0.2, 1.5e-7, 1e21, -2.5e-300, math.MaxFloat64,
		math.SmallestNonzeroFloat64, 1 << 53, 123456789.123456789, 2.0 / 3}
	stored := []string{"0.30000000000000004", "1.5E-7", "1E-3", "1.7976931348623157E+308",
		"4.9406564584124654E-324", "-0", "6.0221407599999999E+23", "0.1"}
	data := workbook(t, func(f *excelize.File) {
		for i, v := range floats {
			set(t, f, "Sheet1", map[string]any{fmt.Sprintf("A%d", i+1): v})
		}
		for i, s := range stored {
			// SetCellDefault stores a numeric string as a number cell, verbatim.
			if err := f.SetCellDefault("Sheet1", fmt.Sprintf("B%d", i+1), s); err != nil {
				t.Fatal(err)
			}
		}
	})
	got, _ := readAll(t, data, "")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for i, line := range lines {
		a, b, _ := strings.Cut(line, ",")
		if i < len(floats) {
			v, err := strconv.ParseFloat(a, 64)
			if err != nil || math.Float64bits(v) != math.Float64bits(floats[i]) {
				t.Errorf("row %d: %q parses to %v, %v; want %v", i+1, a, v, err, floats[i])
			}
		}
		if i < len(stored) && b != stored[i] {
			t.Errorf("row %d: got %q, want %q as stored", i+1, b, stored[i])
		}
	}
	if len(lines) != max(len(floats), len(stored)) {
		t.Errorf("got %d lines: %q", len(lines), got)
	}
}

// TestDates checks that dates come out as serial day numbers, not as text
// formatted by the cell style.
func TestDates(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		when := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
		set(t, f, "Sheet1", map[string]any{"A1": when, "B1": 45366.25})
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", "B1", "B1", style); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue("Sheet1", "B1"); v == "45366.25" {
			t.Fatalf("B1 should display as a date, displays %q", v)
		}
	})
	if got, _ := readAll(t, data, ""); got != "45366.5,45366.25\n" {
		t.Errorf("got %q, want the serial numbers", got)
	}
}

func TestEmptySheet(t *testing.T) {
	data := workbook(t, func(*excelize.File) {})
	if got, _ := readAll(t, data, ""); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestIsWorkbook(t *testing.T) {
	data := workbook(t, func(*excelize.File) {})
	if !IsWorkbook(data) {
		t.Error("IsWorkbook(workbook) = false")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"word/document.xml", "xl/other.xml", "workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	noise := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(noise)
	for name, b := range map[string][]byte{"plain zip": buf.Bytes(), "random": noise, "empty": nil} {
		if IsWorkbook(b) {
			t.Errorf("IsWorkbook(%s) = true", name)
		}
		if _, _, err := Open(b, ""); err == nil || !strings.HasPrefix(err.Error(), "not an Excel workbook: ") {
			t.Errorf("Open(%s) error = %v", name, err)
		}
	}
}

// TestImpossibleSize checks that a ZIP directory claiming a huge part is
// refused before excelize allocates a buffer of that size.
func TestImpossibleSize(t *testing.T) {
	data := workbook(t, func(f *excelize.File) { f.SetCellValue("Sheet1", "A1", 1) })
	i := bytes.Index(data, []byte("PK\x01\x02")) // first central directory header
	binary.LittleEndian.PutUint32(data[i+24:], 0xFFFFFFF0)
	start := time.Now()
	_, _, err := Open(data, "")
	if err == nil || !strings.Contains(err.Error(), "impossible size") {
		t.Errorf("error = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Open took %v", d)
	}
}

func TestUnknownSheet(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		f.NewSheet("B")
		f.SetSheetName("Sheet1", "A")
	})
	rc, _, err := Open(data, "X")
	if rc != nil {
		t.Error("got a reader with the error")
	}
	if want := `no sheet named "X" (sheets: "A", "B")`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestCloseEarly checks that Close stops the producer although it is blocked
// on a pipe nobody reads, and that no goroutine is left behind.
func TestCloseEarly(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		row := []any{"some text, quoted", 1.25, 42, "more text"}
		for i := 1; i <= 50000; i++ {
			if err := sw.SetRow("A"+strconv.Itoa(i), row); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	})
	rc, _, err := Open(data, "")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	if _, err := io.ReadFull(rc, buf); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the producer fill the pipe and block
	start := time.Now()
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if _, err := rc.Read(buf); err == nil {
		t.Error("Read after Close succeeded")
	}
	if err := rc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	goleak.VerifyNone(t)
}

func FuzzOpen(f *testing.F) {
	f.Add(workbook(f, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "a,b")
		f.SetCellValue("Sheet1", "B3", 0.1)
		f.SetCellValue("Sheet1", "C3", true)
		f.SetCellValue("Sheet1", "D4", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))
		f.NewSheet("Two")
		f.SetCellValue("Two", "A2", `"q"`)
	}))
	f.Add([]byte{})
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sheet := range []string{"", "Two"} {
			rc, _, err := Open(data, sheet)
			if err != nil {
				continue
			}
			io.Copy(io.Discard, rc)
			rc.Close()
		}
	})
}
