// Package decompress recognises compressed input by its first bytes (not
// by a file name) and decompresses it as a stream. It is the only importer
// of the compressors that are not in the standard library
// (github.com/klauspost/compress/zstd, github.com/ulikunitz/xz).
package decompress

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Format names a compression format; None is uncompressed input.
type Format string

const (
	None  Format = "none"
	Gzip  Format = "gzip"
	Zstd  Format = "zstd"
	XZ    Format = "xz"
	Bzip2 Format = "bzip2"
)

// HeadSize is how many first bytes Detect needs.
const HeadSize = 6

// Detect names the compression of input that starts with head.
func Detect(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return Gzip
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return Zstd
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}):
		return XZ
	case len(head) >= 4 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9':
		return Bzip2
	}
	return None
}

// NewReader decompresses r, which holds data of format f. Reading past a
// truncated stream fails with an error that says so ("gzip data ends early
// (truncated file?)"); other errors name the format. Close releases the
// decoder (zstd runs goroutines).
func NewReader(f Format, r io.Reader) (io.ReadCloser, error) {
	var (
		rd  io.Reader
		end = func() {}
		err error
	)
	switch f {
	case None:
		return io.NopCloser(r), nil
	case Gzip:
		var z *gzip.Reader
		z, err = gzip.NewReader(r)
		rd = z
	case Zstd:
		var z *zstd.Decoder
		z, err = zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err == nil {
			rd, end = z, z.Close
		}
	case XZ:
		rd, err = xz.NewReader(r)
	case Bzip2:
		rd = bzip2.NewReader(r)
	default:
		return nil, fmt.Errorf("unknown compression %q", f)
	}
	if err != nil {
		return nil, fmt.Errorf("the file starts like %s but is not: %w", f, err)
	}
	return &reader{f: f, r: rd, end: end}, nil
}

type reader struct {
	f   Format
	r   io.Reader
	end func()
}

func (d *reader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) || (d.f == Bzip2 && err.Error() == "bzip2 data invalid: unexpected EOF") {
			err = fmt.Errorf("%s data ends early (truncated file?)", d.f)
		} else {
			err = fmt.Errorf("%s: %w", d.f, err)
		}
	}
	return n, err
}

func (d *reader) Close() error {
	d.end()
	return nil
}
