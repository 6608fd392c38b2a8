package compute

import (
	"fmt"
	"strings"
)

// Options configure a Run. The zero value is valid: the dialect is
// detected from the input (see Dialect), rows are lists, cells that are not
// numbers are errors, one worker per CPU.
type Options struct {
	Workers int // 0 means runtime.NumCPU()
	Dialect Dialect
	// Shape says what a list is: a row (the default), a column, or the
	// values of one group of a long table.
	Shape Shape
	// Group and Value name the group and value columns of ShapeLong: a
	// header name or a 1-based column number. Empty: with exactly two
	// columns, 1 and 2; otherwise the first text column and the last
	// numeric column of the first data row.
	Group, Value string
	// Sheet names the sheet of an Excel workbook to read; "" is the first.
	Sheet       string
	SkipInvalid bool // count and skip non-numeric cells instead of failing
	// Spread also computes every list's quartiles and smallest and largest
	// value (see Spread): about 32 more bytes per list and a little more
	// selection; a run without it pays for neither.
	Spread bool
	// ExtremesSpread computes the Spread of the two lists with the
	// smallest and the largest median only — what a report of min and max
	// shows (Result.Min, Result.Max) — at a fraction of Spread's cost.
	ExtremesSpread bool
	// SpreadLimit, with Spread, is the most rows whose spread is kept: a
	// run that meets more drops every list's spread (Result.SpreadSkipped),
	// so that its memory stays some 24 bytes a list. 0: no limit.
	SpreadLimit int
	// ExtremesOnly keeps, of the rows shape, only the lists with the
	// smallest and the largest median (and the counts): what a summary
	// reports. Result.Stats is then empty, and Result.Min and Result.Max
	// answer from what was kept; nothing per list is stored, so memory
	// no longer grows with the number of lists. Columns and groups keep
	// every list as before (their values dominate).
	ExtremesOnly bool

	BlockSize  int   // 0 means DefaultBlockSize; tests use tiny blocks
	TotalBytes int64 // input size for progress; 0 asks the reader (Stat), -1 unknown
	// Background runs the reader, the workers and the final selection of
	// columns and groups at a lower OS scheduling priority (Linux: nice 10,
	// on threads of their own), so that an interactive program's event
	// loop is not kept waiting by them; alone on the machine, they run as
	// fast. (The caller's goroutine, which merges, is the caller's to
	// lower: see internal/priority.)
	Background bool
	// MemoryLimit is the memory, in bytes, that the values held by the
	// column and long shapes may take; 0 means 80% of the machine's RAM.
	MemoryLimit int64

	drill *drillTarget // ReadList's list to keep the values of
}

// Dialect is how the text is written. The zero value of every field means
// "detect it from the first MiB of the input"; a set field is used as is.
type Dialect struct {
	Delimiter byte // ',', ';', '\t' or '|'; 0 detects
	Decimal   Decimal
	Header    HeaderMode
	Label     LabelMode
	Encoding  Encoding
}

// Delimiters are the delimiters Medianscope reads, in the order the
// sniffer prefers them on a tie.
var Delimiters = []byte{',', ';', '\t', '|'}

// CheckDelimiter reports whether d can delimit cells: the one place that
// says which delimiters are allowed (0 means "detect").
func CheckDelimiter(d byte) error {
	for _, ok := range Delimiters {
		if d == ok || d == 0 {
			return nil
		}
	}
	return fmt.Errorf(`delimiter must be ",", ";", "|" or tab, not %q`, d)
}

// ParseDelimiter reads a delimiter name: "," ";" "|", a tab ("\t",
// "tab") or "auto" (0: detect).
func ParseDelimiter(s string) (byte, error) {
	switch s {
	case ",", ";", "|":
		return s[0], nil
	case "\t", `\t`, "tab", "TAB":
		return '\t', nil
	case "auto", "":
		return 0, nil
	}
	return 0, fmt.Errorf(`delimiter must be auto, ",", ";", "|" or tab, not %q`, s)
}

// DelimiterName names a delimiter for people: "," or "tab"; 0 is "auto".
func DelimiterName(d byte) string {
	switch d {
	case 0:
		return "auto"
	case '\t':
		return "tab"
	}
	return string(d)
}

// DelimiterFlag is a delimiter as a command-line flag value.
type DelimiterFlag byte

func (d DelimiterFlag) MarshalText() ([]byte, error) { return []byte(DelimiterName(byte(d))), nil }

func (d *DelimiterFlag) UnmarshalText(b []byte) error {
	v, err := ParseDelimiter(string(b))
	*d = DelimiterFlag(v)
	return err
}

// enum is the text form shared by the option types below: the zero value
// is the first name.
type enum[T ~int] struct {
	what  string
	names []string
}

func (e enum[T]) name(v T) string {
	if int(v) < 0 || int(v) >= len(e.names) {
		return fmt.Sprintf("%s(%d)", e.what, int(v))
	}
	return e.names[v]
}

func (e enum[T]) parse(s string) (T, error) {
	for i, n := range e.names {
		if s == n {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("%s must be %s, not %q", e.what, orList(e.names), s)
}

func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// HeaderMode says whether the first non-blank line is a header.
type HeaderMode int

const (
	// HeaderAuto: in rows, a header when it has at least two cells and
	// none of them is a number or a missing marker; in columns and long
	// tables, when none of its cells is a number.
	HeaderAuto HeaderMode = iota
	HeaderYes
	HeaderNo
)

var headerEnum = enum[HeaderMode]{"header", []string{"auto", "yes", "no"}}

func (m HeaderMode) String() string                { return headerEnum.name(m) }
func (m HeaderMode) MarshalText() ([]byte, error)  { return []byte(m.String()), nil }
func (m *HeaderMode) UnmarshalText(b []byte) error { return unmarshal(headerEnum, m, b) }

// LabelMode says where a row's label comes from.
type LabelMode int

const (
	// LabelAuto: a first cell that is neither a number nor a missing
	// marker is the row's label (in columns: the first column is a label
	// column when its first data cell is such a cell).
	LabelAuto LabelMode = iota
	// LabelFirst: the first cell is always the label.
	LabelFirst
	// LabelNone: no labels; every cell is data.
	LabelNone
)

var labelEnum = enum[LabelMode]{"label", []string{"auto", "first", "none"}}

func (m LabelMode) String() string                { return labelEnum.name(m) }
func (m LabelMode) MarshalText() ([]byte, error)  { return []byte(m.String()), nil }
func (m *LabelMode) UnmarshalText(b []byte) error { return unmarshal(labelEnum, m, b) }

// Decimal is the decimal mark of numbers.
type Decimal int

const (
	// DecimalAuto: a comma when the delimiter is not a comma and the
	// sample's decimals are written with commas only; else a point.
	DecimalAuto Decimal = iota
	DecimalPoint
	DecimalComma
)

var decimalEnum = enum[Decimal]{"decimal", []string{"auto", "point", "comma"}}

func (d Decimal) String() string                { return decimalEnum.name(d) }
func (d Decimal) MarshalText() ([]byte, error)  { return []byte(d.String()), nil }
func (d *Decimal) UnmarshalText(b []byte) error { return unmarshal(decimalEnum, d, b) }

// Mark is the decimal mark's byte.
func (d Decimal) Mark() byte {
	if d == DecimalComma {
		return ','
	}
	return '.'
}

// Encoding is the text encoding of the input. Numbers are ASCII in all of
// them; the encoding matters for labels and names.
type Encoding int

const (
	// EncodingAuto: UTF-16 when the input starts with a UTF-16 byte order
	// mark; otherwise UTF-8, with a label that is not valid UTF-8 read as
	// Windows-1252.
	EncodingAuto Encoding = iota
	EncodingUTF8
	EncodingWindows1252
	EncodingUTF16
)

var encodingEnum = enum[Encoding]{"encoding", []string{"auto", "utf-8", "windows-1252", "utf-16"}}

func (e Encoding) String() string                { return encodingEnum.name(e) }
func (e Encoding) MarshalText() ([]byte, error)  { return []byte(e.String()), nil }
func (e *Encoding) UnmarshalText(b []byte) error { return unmarshal(encodingEnum, e, b) }

// Shape says what a list is.
type Shape int

const (
	// ShapeAuto is ShapeRows, except that a file whose sampled rows hold
	// one cell each (no delimiter at all) is one column: one list.
	ShapeAuto Shape = iota
	// ShapeRows: every row is a list.
	ShapeRows
	// ShapeColumns: every column is a list, named by its header cell.
	ShapeColumns
	// ShapeLong: a long table; every distinct value of the group column
	// is a list of the value column's cells.
	ShapeLong
)

var shapeEnum = enum[Shape]{"shape", []string{"auto", "rows", "columns", "long"}}

func (s Shape) String() string                { return shapeEnum.name(s) }
func (s Shape) MarshalText() ([]byte, error)  { return []byte(s.String()), nil }
func (s *Shape) UnmarshalText(b []byte) error { return unmarshal(shapeEnum, s, b) }

func unmarshal[T ~int](e enum[T], v *T, b []byte) error {
	x, err := e.parse(string(b))
	if err == nil {
		*v = x
	}
	return err
}

// DefaultBlockSize is the size of the blocks the reader hands to workers:
// large enough that per-block overhead vanishes, small enough that a few
// blocks per worker in flight stay a few tens of MB.
const DefaultBlockSize = 4 << 20
