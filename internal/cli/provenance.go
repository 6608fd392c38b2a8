package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"medianscope/compute"
)

// Version is the program's version for provenance ("software"). main sets
// it from FyneApp.toml, the file the window's Help ▸ About reads, so both
// report the same.
var Version string

// stdinName names standard input in reports.
const stdinName = "<stdin>"

// wantsProvenance is whether an output asks for where the result came
// from: -json and the charts do; the summary and -csv (no place for it) do
// not, and pay nothing for it.
func (c Config) wantsProvenance() bool {
	return c.JSON || c.Charts.PNG != "" || c.Charts.HistPNG != ""
}

// provenance describes the run for -json and the charts: the input by its
// base name (or <stdin>) and the digest d took while the engine read it.
func provenance(name string, res *compute.Result, d *digestReader) compute.Provenance {
	p := compute.NewProvenance(res)
	p.Input = name
	if name != stdinName {
		p.Input = filepath.Base(name)
	}
	p.Software = strings.TrimSpace("Medianscope " + Version)
	p.SHA256 = d.sum()
	return p
}

// digestReader hashes (SHA-256) what the engine reads, as it reads it: the
// input is read once, files and standard input alike, and the digest is of
// exactly the bytes computed. Headless wraps the input in one only when
// -json or a chart asks for provenance. Hashing is serial, on the reader's
// goroutine: 650 MB/s on this project's 2-core machines with SHA-NI, about
// 16% of the CPU of a 400 MB/s run (wide rows: 0.49 -> 0.57 s of CPU).
type digestReader struct {
	r   io.Reader
	h   hash.Hash
	eof bool
	err error // a read error other than EOF
}

func newDigestReader(r io.Reader) *digestReader {
	return &digestReader{r: r, h: sha256.New()}
}

func (d *digestReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	d.h.Write(p[:n])
	switch {
	case err == io.EOF:
		d.eof = true
	case err != nil:
		d.err = err
	}
	return n, err
}

// Stat is the input's, so that the engine still knows a file's size (for
// the memory estimate of -by columns, and progress).
func (d *digestReader) Stat() (fs.FileInfo, error) {
	if s, ok := d.r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		return s.Stat()
	}
	return nil, errors.ErrUnsupported
}

// sum is the hex digest of the whole input. What the engine left unread
// (a decompressor stops at the end of its stream) is read here; an input
// already at its end is not read again (a terminal would wait for more).
func (d *digestReader) sum() string {
	if !d.eof && d.err == nil {
		if _, err := io.Copy(d.h, d.r); err != nil {
			d.err = err
		}
	}
	if d.err != nil {
		return "unavailable (reading the input: " + d.err.Error() + ")"
	}
	return hex.EncodeToString(d.h.Sum(nil))
}
