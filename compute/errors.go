package compute

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Errors a ParseError wraps; test for them with errors.Is.
var (
	ErrNotNumber    = errors.New("not a number")
	errBareQuote    = errors.New(`bare " in an unquoted cell`)
	errExtraneous   = errors.New("text after a closing quote")
	errUnterminated = errors.New("quoted cell never closed")

	// ErrBadQuote matches every quoting error (bare, extraneous, unterminated).
	ErrBadQuote = errors.New("bad quoting")
)

// Whole-input errors.
var (
	ErrEmpty     = errors.New("the file is empty")
	ErrNoNumbers = errors.New("no numbers found: every row is blank, a header or labels only")
)

// ParseError is a bad cell or bad quoting, with its place in the input:
// Line is the 1-based line the cell starts on, Field its 1-based field
// number in the record. Error() is plain, "LINE:FIELD: problem: "text"", as
// encoding/csv's; Hint() says, when it can, why the cell is not a number.
// A front end puts the file name before the message and composes the hint
// and its own advice after it.
type ParseError struct {
	Line  int
	Field int
	Text  string // the cell as written (trimmed), at most 40 runes shown
	Err   error  // ErrNotNumber or a quoting error
	// Context, when set, is what the hint needs to know of the rest of the
	// file (the decimal mark in use and where it was seen).
	Context *Report
}

func (e *ParseError) Error() string {
	if e.Err == errUnterminated {
		return fmt.Sprintf("%d:%d: %v", e.Line, e.Field, e.Err)
	}
	return fmt.Sprintf("%d:%d: %v: %q", e.Line, e.Field, e.Err, shorten(e.Text, 40))
}

func (e *ParseError) Unwrap() error { return e.Err }

// Is makes every quoting error match ErrBadQuote.
func (e *ParseError) Is(target error) bool {
	return target == ErrBadQuote && (e.Err == errBareQuote || e.Err == errExtraneous || e.Err == errUnterminated)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

var thousands = regexp.MustCompile(`^[+-]?[0-9]{1,3}([,.' \x{a0}\x{202f}][0-9]{3})+([.,][0-9]*)?$`)

// Hint says why a cell that looks almost like a number is not one, or ""
// when there is nothing to add.
func (e *ParseError) Hint() string {
	t := []byte(e.Text)
	mark := byte('.')
	if e.Context != nil {
		mark = e.Context.Decimal.Mark()
	}
	switch {
	case e.Err == errUnterminated:
		return "the opening quote is here; a missing closing quote swallows the rest of the file"
	case e.Err == errBareQuote:
		return `quote the whole cell, and double any " inside it`
	case e.Err == errExtraneous:
		return `a quoted cell must end at its closing quote; write "" for a quote inside it`
	case e.Err != ErrNotNumber:
		return ""
	case bytes.HasPrefix(bytes.TrimLeft(bytes.ToLower(t), "+-"), []byte("0x")):
		return "hex floats are not supported"
	case bytes.IndexByte(t, '_') >= 0:
		return "underscores are not allowed in numbers"
	case bytes.Contains(t, []byte(".#")):
		return "spreadsheet error values are not numbers"
	case bytes.ContainsAny(t, ";|\t"):
		return fmt.Sprintf("the cell holds %q: is that the delimiter?", t[bytes.IndexAny(t, ";|\t")])
	case mark == ',' && isNumberWith(t, '.'):
		return "the file uses decimal commas" + e.Context.example(DecimalComma) + "; this cell has a decimal point (set the decimal mark to point, or fix the cell)"
	case mark == '.' && isNumberWith(t, ',') && e.Context != nil && e.Context.Delimiter != ',':
		return "the file uses decimal points" + e.Context.example(DecimalPoint) + "; this cell has a decimal comma (set the decimal mark to comma, or fix the cell)"
	case thousands.Match(t):
		return "thousands separators are not supported; write the number without them"
	case bytes.IndexByte(t, ',') >= 0 && isNumberWith(t, ','):
		return "a decimal comma? with a comma delimiter it cannot be told from two cells: quote such cells, or use ; or tab as the delimiter"
	case bytes.IndexByte(t, ',') >= 0:
		return "decimal comma or thousands separator? write the number with a decimal point and no separators"
	case bytes.EqualFold(bytes.TrimLeft(t, "+-"), []byte("nan")):
		return "missing-value markers are case-sensitive: NaN, nan, -NaN, -nan"
	case strings.Contains(string(t), "\ufffd") || !utf8.Valid(t):
		return "the cell holds bytes that are not text in this encoding"
	case len(t) > 0 && (t[len(t)-1]|0x20 == 'd' || bytes.ContainsAny(t, "dD")) && isNumberWith(bytes.Map(fortranD, t), '.'):
		return "Fortran exponents (1.0d0) are not supported; write 1.0e0"
	}
	for _, r := range string(t) {
		if r >= '０' && r <= '９' {
			return "full-width digits are not supported; use ASCII digits"
		}
	}
	return ""
}

func fortranD(r rune) rune {
	if r == 'd' || r == 'D' {
		return 'e'
	}
	return r
}

func isNumberWith(t []byte, mark byte) bool {
	_, ok := ParseDecimal(t, mark)
	return ok && bytes.IndexByte(t, mark) >= 0
}

// MixedDecimalError is a sample of the input that writes decimals both
// with a comma and with a point: which is meant cannot be guessed.
type MixedDecimalError struct {
	Comma, Point Example
}

// Example is one cell of the input with its place.
type Example struct {
	Line, Field int
	Text        string
}

func (x Example) String() string { return fmt.Sprintf("%q (%d:%d)", x.Text, x.Line, x.Field) }

func (e *MixedDecimalError) Error() string {
	return fmt.Sprintf("mixed decimal marks: %v and %v", e.Comma, e.Point)
}

// Hint says how to go on.
func (e *MixedDecimalError) Hint() string {
	return "set the decimal mark (comma or point): cells written with the other are then invalid"
}

// Hinter is an error with advice: ParseError, MixedDecimalError.
type Hinter interface{ Hint() string }

// HintOf returns err's hint, or "".
func HintOf(err error) string {
	var h Hinter
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// Describe returns err as one line that names file: "file:LINE:FIELD:
// problem" for a ParseError, "file: problem" otherwise, without a hint.
func Describe(file string, err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return file + ":" + pe.Error()
	}
	return file + ": " + err.Error()
}

// OpenFile opens path for Run, refusing a folder with a plain message.
func OpenFile(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not a file", path)
	}
	return os.Open(path)
}

// InputError is a problem with the input as a whole (not CSV text, not
// readable), not with one cell.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }
