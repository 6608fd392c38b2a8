package compute

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"sync/atomic"

	"medianscope/internal/hugepage"
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

// read is the reader goroutine: it opens the source, sniffs the dialect,
// then cuts the text into blocks that start and end at record boundaries
// and sends them to work, in order, at most len(e.tokens) ahead of the
// aggregator. A read error, or input that is not CSV text, is sent as a
// block carrying the error at its place. Blocks carry no line numbers:
// workers count the lines of their own block and the aggregator adds them
// up, so that the reader does no per-byte work.
func (e *run) read(ctx context.Context, r io.Reader, work chan<- *block) {
	defer close(work)
	defer e.readDone()
	seq := 0
	send := func(b *block) bool {
		b.seq = seq
		// A part of a record longer than a block weighs two: its values
		// (8 bytes each, more than their text) are held until the record
		// ends. Rows of a million values, 2 workers: 106 -> 92 MiB.
		b.tokens = 1
		if b.cont || b.open {
			b.tokens = 2
		}
		for range b.tokens {
			select {
			case e.tokens <- struct{}{}:
			case <-ctx.Done():
				return false
			}
		}
		select {
		case work <- b:
		case <-ctx.Done():
			return false
		}
		seq++
		return true
	}

	opts := e.opts
	rep := &Report{}
	src, release, err := openSource(countingReader{r, &e.bytesRead}, &opts, rep)
	defer release()
	if err != nil {
		send(&block{err: err})
		return
	}
	sample, err := src.Peek(SampleSize)
	eof := err != nil
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		send(&block{err: fmt.Errorf("reading line %d: %w", 1+countLines(sample), err)})
		return
	}
	if err := sniff(sample, eof, &opts, rep); err != nil {
		send(&block{err: err})
		return
	}
	if n := e.bytesRead.Load(); n > 0 {
		rep.decodedPerRaw = float64(len(sample)) / float64(n)
	}
	e.report.Store(rep)
	if err := e.checkMemory(rep); err != nil {
		send(&block{err: err})
		return
	}

	delim := rep.Delimiter
	size := e.opts.BlockSize
	var carry []byte // the start of a record that did not end in the last block
	var off int64    // where the next block starts in the text
	cont := false    // the next block starts inside a record
	eof = false
	first := true
	for !eof {
		open := false
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
					send(&block{err: err})
					return
				}
			}
			if eof {
				carry = carry[:0]
				break
			}
			cut := cutPoint(buf, delim)
			if first && cut > 0 && !hasContent(buf[:cut], delim) {
				cut = -1 // the first block must hold the first record, for the header
			}
			// Where to cut inside a record, between two cells (the next
			// block starts with the delimiter), and let the workers parse
			// its parts: a record longer than the block, or one that starts
			// after the last record boundary and runs a quarter block past
			// it, whose start is then parsed with this block rather than
			// copied into the next (lines of a million values: a third of
			// the reader's time went to that copy).
			seg := 0
			switch {
			case cut <= 0:
				seg = cellCut(buf, rep, first)
			case len(buf)-cut > size/4:
				if s := cellCut(buf[cut:], rep, false); s > 0 {
					seg = cut + s
				}
			}
			if seg > 0 {
				carry = append(carry[:0], buf[seg:]...)
				buf = buf[:seg]
				open = true
				break
			}
			if cut > 0 {
				carry = append(carry[:0], buf[cut:]...)
				buf = buf[:cut]
				break
			}
			grown := slices.Grow(buf, cap(buf)) // one record longer than the block
			hugepage.Free(e.arena, buf)
			buf = grown
		}
		first = false
		if len(buf) == 0 {
			break
		}
		if !send(&block{data: buf, off: off, cont: cont, open: open}) {
			return
		}
		off += int64(len(buf))
		cont = open
	}
}

// newBuffer returns a recycled block buffer, or a new one from the run's
// arena: 4 MiB resident, where one on the Go heap was cleared whole with
// its huge page of slack when it reused freed memory.
func (e *run) newBuffer(size int) []byte {
	select {
	case b := <-e.free:
		if cap(b) >= size {
			return b[:0]
		}
		hugepage.Free(e.arena, b)
	default:
	}
	return hugepage.Alloc[byte](e.arena, size, size)[:0]
}

// readDone frees the recycled block buffers once the reader is done with
// them, and tells the workers to free theirs (recycle): a single record of
// millions of values is selected after its last block is read, and their
// memory is better spent there.
func (e *run) readDone() {
	e.reading.Store(false)
	for {
		select {
		case b := <-e.free:
			hugepage.Free(e.arena, b)
		default:
			return
		}
	}
}

// cellCut returns where to cut buf, which holds no record boundary, between
// two cells of its record: at its last delimiter, which the next block
// starts with. Only the rows shape, only where no quote can hide a
// delimiter (buf holds none, and a record is cut only while none was met),
// and never inside the header. 0 means do not cut: the block grows.
func cellCut(buf []byte, rep *Report, first bool) int {
	if rep.Shape != ShapeRows || first && rep.Header || bytes.IndexByte(buf, '"') >= 0 {
		return 0
	}
	d := lastIndexByte(buf, rep.Delimiter)
	if d <= 0 || !hasContent(buf[:d], rep.Delimiter) {
		return 0 // nothing but blanks before it: the record's start is unseen yet
	}
	return d
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
// line end outside quotes), or -1 when there is none. buf starts at a
// record boundary. A CR at the very end of buf is no boundary yet: an LF
// may follow it in the next read. Quote state follows the tokenizer's
// rules exactly: a quote opens a quoted cell only at the start of a cell
// (after optional blanks), "" is an escaped quote inside one, and any
// other quote is a literal (the tokenizer reports it as an error, at its
// place, so the cut only has to agree up to there).
func cutPoint(buf []byte, delim byte) int {
	if bytes.IndexByte(buf, '"') < 0 {
		return lastBreak(buf, 0, len(buf))
	}
	cut := -1
	inQuote := false
	p := 0 // start of the segment not yet looked at
	for {
		q := bytes.IndexByte(buf[p:], '"')
		if q < 0 {
			if !inQuote {
				if i := lastBreak(buf, p, len(buf)); i >= 0 {
					cut = i
				}
			}
			return cut
		}
		q += p
		if !inQuote {
			if i := lastBreak(buf, p, q); i >= 0 {
				cut = i
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

// lastBreak returns the index just past the last line end that starts in
// buf[lo:hi], or -1: the last LF, unless a lone CR comes after it (a CR
// whose next byte is known and is not LF).
func lastBreak(buf []byte, lo, hi int) int {
	lf := lastIndexByte(buf[lo:hi], '\n')
	from := lo
	if lf >= 0 {
		lf += lo
		from = lf + 1
	}
	tail := buf[from:hi]
	for r := lastIndexByte(tail, '\r'); r >= 0; r = lastIndexByte(tail[:r], '\r') {
		if i := from + r; i+1 < len(buf) {
			return i + 1 // a lone CR: an LF after it would be after the last LF
		}
	}
	if lf >= 0 {
		return lf + 1
	}
	return -1
}

// atCellStart reports whether buf[q] is preceded on its line only by blanks
// back to a delimiter, a newline or the start of buf.
func atCellStart(buf []byte, q int, delim byte) bool {
	for i := q - 1; i >= 0; i-- {
		switch c := buf[i]; {
		case c == delim || c == '\n' || c == '\r':
			return true
		case c == ' ' || c == '\t':
		default:
			return false
		}
	}
	return true
}

// lastIndexByte is bytes.LastIndexByte, fast where c is rare or absent. The
// standard one goes byte by byte (it has no vector code), and a block of a
// line longer than the block holds no line end at all: two such scans of
// every 4 MiB block, on the reader's one goroutine, were 11% of a run
// over 20 lines of a million values. Here windows are skipped with
// bytes.IndexByte, which is vectorised, and only the window that holds c
// is scanned backwards.
func lastIndexByte(b []byte, c byte) int {
	const window = 4 << 10
	for hi := len(b); hi > 0; {
		lo := max(0, hi-window)
		if bytes.IndexByte(b[lo:hi], c) >= 0 {
			return lo + bytes.LastIndexByte(b[lo:hi], c)
		}
		hi = lo
	}
	return -1
}
