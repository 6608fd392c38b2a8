// Package xlsx turns one sheet of an Excel workbook (.xlsx) into CSV text,
// so that a program that reads CSV can read workbooks without a second
// parser. It is the only user of github.com/xuri/excelize/v2 in the module,
// which keeps that dependency, and its quirks, behind a small API.
//
// The CSV is produced while it is read: a goroutine walks the sheet with
// excelize's streaming row iterator and writes into a pipe, so a large sheet
// is never held in memory as rows of strings.
package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// IsWorkbook reports whether data (a whole ZIP file) is an Excel workbook:
// a ZIP archive holding xl/workbook.xml. It reads only the archive's
// directory, so it is cheap enough to decide how to read a file.
func IsWorkbook(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "xl/workbook.xml") {
			return true
		}
	}
	return false
}

// Info describes the sheet that is read.
type Info struct {
	Sheet  string   // the sheet read
	Sheets []string // every sheet of the workbook, in order
}

// oleMagic starts every OLE2 compound file: a legacy .xls workbook, or an
// .xlsx encrypted with a password, which Excel wraps in such a file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Open reads the workbook in data and returns CSV text of one sheet: the
// first sheet when sheet == "", else the sheet of that name (an error listing
// the sheet names when there is none). Excel treats sheet names without
// regard to case, and so does Open when no name matches exactly.
//
// The CSV is comma-delimited with RFC 4180 quoting: a cell is quoted when it
// holds a comma or a double quote, or starts or ends with white space, and
// a double quote inside is doubled. Lines end in LF. Line N of the text is
// row N of the sheet, so empty rows in the sheet become empty lines and row
// numbers in messages about the text stay true; to keep them true, a line
// break inside a cell (a label, in practice) becomes a space. Empty rows after the last row with a value
// are left out, as are trailing empty cells of a row.
//
// Cells are the raw values the file stores (excelize's RawCellValue option):
// numbers as written, e.g. 0.1, 1E-3 or 0.30000000000000004, always with '.'
// as decimal point whatever the locale; shared and inline strings as text;
// booleans as 1 and 0; dates as serial day numbers; formulas as their cached
// value. Formatted values would depend on the cell style and the locale, and
// would round numbers; the raw text of a number cell parses with
// strconv.ParseFloat to the very float64 the file stores.
//
// The rows come from excelize's streaming row iterator, run by a goroutine
// that writes into an io.Pipe, so the sheet is never held in memory as rows
// of strings. The caller must Close the reader, also after reading to the
// end: Close stops that goroutine and closes the workbook, which removes the
// temporary files excelize makes for large sheets.
//
// Errors are plain one-line messages, such as "not an Excel workbook: …" or
// `no sheet named "X" (sheets: "A", "B")`.
func Open(data []byte, sheet string) (io.ReadCloser, Info, error) {
	if err := check(data); err != nil {
		return nil, Info{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, Info{}, fmt.Errorf("damaged Excel workbook: %s", oneLine(err))
	}
	info := Info{Sheets: f.GetSheetList()}
	info.Sheet, err = pick(info.Sheets, sheet)
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	rows, err := f.Rows(info.Sheet)
	if err != nil {
		f.Close()
		return nil, Info{}, fmt.Errorf("sheet %q: %s", info.Sheet, oneLine(err))
	}
	pr, pw := io.Pipe()
	r := &reader{pr: pr, f: f, done: make(chan struct{})}
	go r.produce(rows, pw)
	return r, info, nil
}

// maxRatio bounds how much deflate can expand data: a 2-bit code for a
// 258-byte match makes at most 1032 bytes from one byte.
const maxRatio = 1032

// check reports why data is not a workbook that excelize may be given.
//
// Besides telling a workbook from other files it checks the ZIP directory,
// which excelize trusts: it allocates a buffer of the size a part claims
// before reading it, so a damaged directory could make a file of a few
// kilobytes cost gigabytes of memory; and when a part cannot be opened, or
// the parts claim more than excelize.UnzipSizeLimit in all, it fails without
// removing the temporary files it has already made for large sheets.
func check(data []byte) error {
	if bytes.HasPrefix(data, oleMagic) {
		return errors.New("not an Excel workbook: a legacy .xls file or a password-protected workbook")
	}
	if !IsWorkbook(data) {
		return errors.New("not an Excel workbook: not a ZIP archive holding xl/workbook.xml")
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var total uint64
	for _, f := range zr.File {
		if f.CompressedSize64 > uint64(len(data)) || f.UncompressedSize64 > maxRatio*f.CompressedSize64+1<<10 {
			return fmt.Errorf("damaged Excel workbook: part %q claims an impossible size", f.Name)
		}
		if total += f.UncompressedSize64; total > excelize.UnzipSizeLimit {
			return fmt.Errorf("workbook too large: more than %d bytes unpacked", uint64(excelize.UnzipSizeLimit))
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("damaged Excel workbook: part %q: %v", f.Name, err)
		}
		rc.Close()
	}
	return nil
}

// pick returns the sheet to read: the first one when want is empty, else the
// one named want. Excel compares sheet names without regard to case, so a
// name that differs from an existing one only in case finds that sheet.
func pick(sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", errors.New("the workbook has no sheets")
	}
	if want == "" {
		return sheets[0], nil
	}
	for _, s := range sheets {
		if s == want {
			return s, nil
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(s, want) {
			return s, nil
		}
	}
	quoted := make([]string, len(sheets))
	for i, s := range sheets {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "", fmt.Errorf("no sheet named %q (sheets: %s)", want, strings.Join(quoted, ", "))
}

// oneLine returns the message of err on one line: excelize's messages can
// quote text from the file, which may hold line breaks.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// reader is the read end of the pipe the producing goroutine writes into.
type reader struct {
	pr       *io.PipeReader
	f        *excelize.File
	stop     atomic.Bool   // set by Close; the producer checks it every row
	done     chan struct{} // closed when the producer has returned
	once     sync.Once
	closeErr error
}

func (r *reader) Read(p []byte) (int, error) { return r.pr.Read(p) }

// Close stops the producer, waits for it, and closes the workbook. Waiting
// matters: the producer uses the workbook until it returns, and the workbook's
// temporary files can only be removed afterwards.
func (r *reader) Close() error {
	r.once.Do(func() {
		r.stop.Store(true)
		r.pr.Close() // a blocked or later write fails at once
		<-r.done
		r.closeErr = r.f.Close()
	})
	return r.closeErr
}

// produce writes the sheet as CSV into pw and closes pw with the outcome,
// which the reader sees as io.EOF or as that error.
func (r *reader) produce(rows *excelize.Rows, pw *io.PipeWriter) {
	defer close(r.done)
	err := r.writeCSV(bufio.NewWriterSize(pw, 64<<10), rows)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	pw.CloseWithError(err)
}

func (r *reader) writeCSV(w *bufio.Writer, rows *excelize.Rows) error {
	// Empty rows are counted, not written, until a row with a value comes:
	// that keeps line numbers equal to row numbers without ending the text
	// with the empty, merely formatted rows a sheet often has at its end.
	n, empty := 0, 0
	for rows.Next() {
		if r.stop.Load() {
			return io.ErrClosedPipe
		}
		// A row number is an attribute of the file, and rows.Next reports
		// every row up to it; a damaged file claiming row 2,000,000,000
		// must not keep us busy for minutes.
		if n++; n > excelize.TotalRows {
			return fmt.Errorf("sheet has more than %d rows", excelize.TotalRows)
		}
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("row %d: %s", n, oneLine(err))
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			empty++
			continue
		}
		for ; empty > 0; empty-- {
			w.WriteByte('\n')
		}
		for i, c := range cells {
			if i > 0 {
				w.WriteByte(',')
			}
			writeField(w, c)
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return err
	}
	return w.Flush()
}

// writeField writes s as one CSV field, quoted when a reader would otherwise
// split it, merge it with the next line, or trim it.
// lineBreaks turns a line break inside a cell into a space, so that line N
// of the text stays row N of the sheet.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

func writeField(w *bufio.Writer, s string) {
	if strings.ContainsAny(s, "\r\n") {
		s = lineBreaks.Replace(s)
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsAny(s, ",\"") && !unicode.IsSpace(first) && !unicode.IsSpace(last) {
		w.WriteString(s)
		return
	}
	w.WriteByte('"')
	w.WriteString(strings.ReplaceAll(s, `"`, `""`))
	w.WriteByte('"')
}
