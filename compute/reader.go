package compute

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
)

// countingReader counts the bytes taken from the underlying input, so that
// progress is in file bytes even when the text is gunzipped on the way.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// read is the reader goroutine: it cuts the input into blocks that start
// and end at record boundaries and sends them to work, in order, at most
// len(e.tokens) ahead of the aggregator. A read error, or input that is
// not CSV text, is sent as a block carrying the error at its place.
func (e *run) read(ctx context.Context, r io.Reader, work chan<- *block) {
	defer close(work)
	seq, line := 0, 1
	send := func(b *block) bool {
		b.seq = seq
		select {
		case e.tokens <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		select {
		case work <- b:
		case <-ctx.Done():
			return false
		}
		seq++
		return true
	}

	src, err := e.open(countingReader{r, &e.bytesRead})
	if err != nil {
		send(&block{err: err})
		return
	}
	size := e.opts.BlockSize
	var carry []byte // the start of a record that did not end in the last block
	eof := false
	first := true
	for !eof {
		buf := e.newBuffer(max(size, len(carry)+size/2))
		buf = append(buf, carry...)
		for {
			// Fill to the block size, then look for a record boundary; grow
			// when a single record is longer than what we hold.
			for len(buf) < cap(buf) && !eof {
				if e.stop.Load() {
					return
				}
				n, err := src.Read(buf[len(buf):cap(buf)])
				buf = buf[:len(buf)+n]
				if err == io.EOF {
					eof = true
				} else if err != nil {
					send(&block{err: fmt.Errorf("reading line %d: %w", line+bytes.Count(buf, nl), err), line: line})
					return
				}
			}
			if eof {
				carry = carry[:0]
				break
			}
			cut := cutPoint(buf, e.opts.Delimiter)
			if first && cut > 0 && !hasContent(buf[:cut], e.opts.Delimiter) {
				cut = -1 // the first block must hold the first record, for the header
			}
			if cut > 0 {
				carry = append(carry[:0], buf[cut:]...)
				buf = buf[:cut]
				break
			}
			buf = slices.Grow(buf, cap(buf)) // one record longer than the block
		}
		first = false
		if len(buf) == 0 {
			break
		}
		n := bytes.Count(buf, nl)
		if !send(&block{data: buf, line: line}) {
			return
		}
		line += n
	}
}

func (e *run) newBuffer(size int) []byte {
	select {
	case b := <-e.free:
		if cap(b) >= size {
			return b[:0]
		}
	default:
	}
	return make([]byte, 0, size)
}

// open detects gzip by its magic bytes, not by a file name, strips a UTF-8
// byte order mark and refuses what is not CSV text. The bufio.Reader costs
// no copy on the hot path: reads larger than its buffer go straight through.
func (e *run) open(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, &InputError{Msg: "the file starts like gzip but is not: " + err.Error()}
		}
		br = bufio.NewReaderSize(gzipErrors{z}, 64<<10)
	}
	head, err = br.Peek(8 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if err := sniff(head); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(head, bom) {
		br.Discard(len(bom))
	}
	return br, nil
}

var bom = []byte("\xef\xbb\xbf")

// gzipErrors names gzip as the source of a decompression error.
type gzipErrors struct{ z *gzip.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.z.Read(p)
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("gzip data ends early (truncated file?)")
		} else {
			err = fmt.Errorf("gzip: %w", err)
		}
	}
	return n, err
}

// sniff refuses input whose first bytes show it is not CSV text.
func sniff(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return &InputError{Msg: "the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)"}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return &InputError{Msg: "this is a ZIP or Excel (.xlsx) file, not CSV; export the sheet as CSV"}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		line := 1 + bytes.Count(head[:i], nl)
		return &InputError{Msg: fmt.Sprintf("line %d: binary data (a NUL byte), not CSV text", line)}
	}
	return nil
}

// hasContent reports whether buf holds a line that is not blank.
func hasContent(buf []byte, delim byte) bool {
	for _, c := range buf {
		switch c {
		case ' ', '\r', '\n':
		case '\t':
			if delim == '\t' {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// cutPoint returns the index just past the last record boundary in buf (a
// newline outside quotes), or -1 when there is none. buf starts at a record
// boundary. Quote state follows the tokenizer's rules exactly: a quote opens
// a quoted cell only at the start of a cell (after optional blanks), "" is
// an escaped quote inside one, and any other quote is a literal (the
// tokenizer reports it as an error, at its place, so the cut only has to
// agree up to there).
func cutPoint(buf []byte, delim byte) int {
	if bytes.IndexByte(buf, '"') < 0 {
		i := bytes.LastIndexByte(buf, '\n')
		if i < 0 {
			return -1
		}
		return i + 1
	}
	cut := -1
	inQuote := false
	p := 0 // start of the segment not yet looked at
	for {
		q := bytes.IndexByte(buf[p:], '"')
		if q < 0 {
			if !inQuote {
				if i := bytes.LastIndexByte(buf[p:], '\n'); i >= 0 {
					cut = p + i + 1
				}
			}
			return cut
		}
		q += p
		if !inQuote {
			if i := bytes.LastIndexByte(buf[p:q], '\n'); i >= 0 {
				cut = p + i + 1
			}
			if atCellStart(buf, q, delim) {
				inQuote = true
			}
			p = q + 1
			continue
		}
		if q+1 == len(buf) {
			return cut // a quote at the very end: escaped or closing, unknown yet
		}
		if buf[q+1] == '"' {
			p = q + 2
			continue
		}
		inQuote = false
		p = q + 1
	}
}

// atCellStart reports whether buf[q] is preceded on its line only by blanks
// back to a delimiter, a newline or the start of buf.
func atCellStart(buf []byte, q int, delim byte) bool {
	for i := q - 1; i >= 0; i-- {
		switch c := buf[i]; {
		case c == delim || c == '\n':
			return true
		case c == ' ' || c == '\t':
		default:
			return false
		}
	}
	return true
}
