package compute

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"medianscope/internal/decompress"
	"medianscope/internal/xlsx"
)

// maxWorkbook bounds the size of an Excel workbook read into memory
// (excelize needs the whole ZIP).
const maxWorkbook = 2 << 30

// openSource is the one place that decides, by content and never by file
// name, how the input's bytes become CSV text: decompression (gzip, zstd,
// xz, bzip2, by their magic bytes), the container (an Excel workbook is
// turned into CSV text of one sheet), the encoding (UTF-16 by its byte
// order mark, or when asked, is transcoded to UTF-8; a UTF-8 BOM is
// dropped), and a refusal of what is not text. It fills the source part of
// rep and returns the text with a function that releases what it opened.
func openSource(raw io.Reader, o *Options, rep *Report) (*bufio.Reader, func(), error) {
	var closers []func()
	release := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	fail := func(err error) (*bufio.Reader, func(), error) {
		release()
		return nil, func() {}, err
	}

	br := bufio.NewReaderSize(raw, 64<<10)
	head, err := br.Peek(decompress.HeadSize)
	if err != nil && err != io.EOF {
		return fail(err)
	}
	f := decompress.Detect(head)
	rep.Compression = string(f)
	var text io.Reader = br
	if f != decompress.None {
		z, err := decompress.NewReader(f, br)
		if err != nil {
			return fail(&InputError{Msg: err.Error()})
		}
		closers = append(closers, func() { z.Close() })
		text = z
	}

	tb := bufio.NewReaderSize(text, 64<<10)
	head, err = tb.Peek(8)
	if err != nil && err != io.EOF {
		return fail(err)
	}
	rep.Container = "csv"
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		data, err := io.ReadAll(io.LimitReader(tb, maxWorkbook+1))
		if err != nil {
			return fail(err)
		}
		if len(data) > maxWorkbook {
			return fail(&InputError{Msg: "the ZIP file is larger than 2 GB; export the sheet as CSV"})
		}
		if !xlsx.IsWorkbook(data) {
			return fail(&InputError{Msg: "this is a ZIP archive, not a workbook or CSV text; unzip it and open the CSV file inside"})
		}
		x, info, err := xlsx.Open(data, o.Sheet)
		if err != nil {
			return fail(&InputError{Msg: err.Error()})
		}
		closers = append(closers, func() { x.Close() })
		rep.Container, rep.Sheet = "xlsx", info.Sheet
		// The sheet's text is comma-delimited with decimal points, whatever
		// the workbook's locale.
		o.Dialect.Delimiter, o.Dialect.Decimal = ',', DecimalPoint
		tb = bufio.NewReaderSize(x, 64<<10)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return fail(&InputError{Msg: "this is an old Excel .xls workbook (or another OLE file), which is not read; save it as .xlsx or CSV"})
	case o.Sheet != "":
		return fail(&InputError{Msg: fmt.Sprintf("-sheet %q: the input is not an Excel workbook", o.Sheet)})
	}

	head, err = tb.Peek(4)
	if err != nil && err != io.EOF {
		return fail(err)
	}
	utf16 := o.Dialect.Encoding == EncodingUTF16 ||
		(o.Dialect.Encoding == EncodingAuto && (bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff"))))
	rep.Encoding = "utf-8"
	switch {
	case utf16:
		// The BOM decides the byte order; without one, little-endian (what
		// Windows writes).
		rep.Encoding = "utf-16le"
		if bytes.HasPrefix(head, []byte("\xfe\xff")) {
			rep.Encoding = "utf-16be"
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		text = transform.NewReader(tb, dec)
	case o.Dialect.Encoding == EncodingWindows1252:
		rep.Encoding = "windows-1252"
		text = tb
	default:
		if bytes.HasPrefix(head, bom) {
			tb.Discard(len(bom))
			rep.textStart = int64(len(bom))
		}
		text = tb
	}
	out := bufio.NewReaderSize(utf16Errors{text}, SampleSize)
	sample, err := out.Peek(8 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fail(err)
	}
	if utf16 && bytes.HasPrefix(sample, bom) {
		out.Discard(len(bom))
		sample = sample[len(bom):]
	}
	if i := bytes.IndexByte(sample, 0); i >= 0 {
		line := 1 + countLines(sample[:i])
		return fail(&InputError{Msg: fmt.Sprintf("line %d: binary data (a NUL byte), not CSV text", line)})
	}
	return out, release, nil
}

var bom = []byte("\xef\xbb\xbf")

// utf16Errors names the transcoder as the source of its errors.
type utf16Errors struct{ r io.Reader }

func (u utf16Errors) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && err != io.EOF && errors.Is(err, transform.ErrShortSrc) {
		err = errors.New("UTF-16 text ends in the middle of a character")
	}
	return n, err
}

// windows1252 reads b as Windows-1252 text.
func windows1252(b []byte) string {
	out := make([]byte, 0, len(b)+len(b)/2)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
			continue
		}
		r := charmap.Windows1252.DecodeByte(c)
		out = utf8.AppendRune(out, r)
	}
	return string(out)
}
