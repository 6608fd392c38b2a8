package compute

import (
	"bytes"
	"errors"
	"fmt"
	"os"
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
// Line is the 1-based line the cell starts on, Column its 1-based field
// number in the record. Error() reads "LINE:COLUMN: problem: "text" (hint)";
// a front end puts the file name before it and its own advice after it.
type ParseError struct {
	Line   int
	Column int
	Text   string // the cell as written (trimmed), at most 40 runes shown
	Err    error  // ErrNotNumber or a quoting error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:%d: %v", e.Line, e.Column, e.Err)
	if e.Err == errUnterminated {
		b.WriteString(" (the opening quote is here; a missing closing quote swallows the rest of the file)")
		return b.String()
	}
	fmt.Fprintf(&b, ": %q", shorten(e.Text, 40))
	if h := hint(e); h != "" {
		b.WriteString(" (" + h + ")")
	}
	return b.String()
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

// hint says why a cell that looks almost like a number is not one.
func hint(e *ParseError) string {
	t := []byte(e.Text)
	switch {
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
	case bytes.IndexByte(t, '\r') >= 0:
		return "the file seems to use CR-only line ends; convert them to LF"
	case bytes.Contains(t, []byte(".#")):
		return "spreadsheet error values are not numbers"
	case bytes.ContainsAny(t, ";|\t"):
		return fmt.Sprintf("the cell holds %q: is that the delimiter?", t[bytes.IndexAny(t, ";|\t")])
	case bytes.IndexByte(t, ',') >= 0:
		return "decimal comma or thousands separator? neither is supported yet"
	case bytes.EqualFold(bytes.TrimLeft(t, "+-"), []byte("nan")):
		return "missing-value markers are case-sensitive: NaN, nan, -NaN, -nan"
	}
	return ""
}

// Describe returns err as one line that names file: "file:LINE:COLUMN:
// problem" for a ParseError, "file: problem" otherwise.
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
