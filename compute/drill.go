package compute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Drill is one list read again from its input, with all its numbers: what
// a drill-down view shows. Values are in no particular order.
type Drill struct {
	List   ListStat
	Values []float64
	Spread Spread
	// Seeked reports that the list's bytes were read alone (a plain file
	// and a list of the rows shape); otherwise the input was read from
	// its start.
	Seeked bool
}

// ErrNoReopen is returned by ReadList for input that cannot be read a
// second time (standard input).
var ErrNoReopen = errors.New("the input cannot be read again (standard input): save it to a file to look into one list")

// ReadList reads list i of res again from the input that open opens (the
// same input, with the same options, that gave res), and returns its
// numbers. For the rows shape of a plain file it reads only the list's
// record, from the offset the Store keeps; otherwise (compressed or
// transcoded text, a workbook, the columns and long shapes, whose lists
// span the file) it reads the input from the start, off the caller's
// goroutine as Run does, calling onProgress like Run. A nil open, or one
// that returns ErrNoReopen, is standard input.
func ReadList(ctx context.Context, open func() (io.ReadCloser, error), res *Result, opts Options, i int, onProgress func(Progress)) (*Drill, error) {
	if i < 0 || i >= res.Stats.Len() {
		return nil, fmt.Errorf("no list %d", i+1)
	}
	if open == nil {
		return nil, ErrNoReopen
	}
	// The same options sniff the same dialect from the same input.
	opts.Spread = false
	want := res.Stats.At(i)
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	d := &Drill{List: want}
	rep := res.Dialect
	if off, ok := res.Stats.Offset(i); ok && rep.Shape == ShapeRows {
		if f, ok := r.(io.ReadSeeker); ok && res.RereadReason(i) == "" {
			if _, err := f.Seek(rep.textStart+off, io.SeekStart); err == nil {
				d.Seeked = true
				if d.Values, err = readRecord(f, &rep, opts, want.Line); err != nil {
					return nil, err
				}
				return d.finish()
			}
		}
		// Decode the text again up to the record.
		var again Report
		src, release, err := openSource(r, &opts, &again)
		defer release()
		if err != nil {
			return nil, err
		}
		for done := int64(0); done < off; {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			n, err := src.Discard(int(min(off-done, 4<<20)))
			done += int64(n)
			if err != nil {
				return nil, fmt.Errorf("the input changed since it was read: it ends before %s", want.Name())
			}
			if onProgress != nil {
				onProgress(Progress{BytesRead: done, TotalBytes: off, Dialect: &rep})
			}
		}
		if d.Values, err = readRecord(src, &rep, opts, want.Line); err != nil {
			return nil, err
		}
		return d.finish()
	}
	// A column or a group: read everything again, keeping its values.
	target := &drillTarget{index: i}
	opts.drill = target
	if _, err := Run(ctx, r, opts, onProgress); err != nil {
		return nil, err
	}
	d.Values = target.vals
	return d.finish()
}

func (d *Drill) finish() (*Drill, error) {
	if len(d.Values) != d.List.Count {
		return nil, fmt.Errorf("the input changed since it was read: %s now has %d numbers, not %d", d.List.Name(), len(d.Values), d.List.Count)
	}
	d.Spread = Quartiles(slices.Clone(d.Values))
	return d, nil
}

// drillTarget asks a run to keep the values of one list.
type drillTarget struct {
	index int
	vals  []float64
}

// RereadReason says why ReadList cannot read list i alone, by seeking to
// its record, and must read the input from its start — "" when it can: a
// list of the rows shape whose start the run kept, in text that is the
// input's own bytes (no decompression, container or transcoding, so that
// an offset in the text is one in the file). An input without Seek is
// found out only when it is opened.
func (res *Result) RereadReason(i int) string {
	rep := &res.Dialect
	switch {
	case rep.Shape == ShapeColumns:
		return "a column spans the whole file"
	case rep.Shape == ShapeLong:
		return "a group spans the whole file"
	case rep.Container == "xlsx":
		return "a workbook"
	case rep.Container != "csv":
		return "not a CSV file of its own"
	case rep.Compression != "none":
		return "compressed with " + rep.Compression
	case rep.Encoding != "utf-8":
		return "the text is " + rep.Encoding + ", not UTF-8"
	}
	if _, ok := res.Stats.Offset(i); !ok {
		return "its place in the file was not kept"
	}
	return ""
}

// readRecord reads the one record at the start of r (line is its first
// line, for messages) and returns its numbers, read exactly as a run
// reads a row.
func readRecord(r io.Reader, rep *Report, opts Options, line int) ([]float64, error) {
	buf := make([]byte, 0, 64<<10)
	eof := false
	for {
		for len(buf) < cap(buf) && !eof {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return nil, err
			}
		}
		if end, ok := recordEnd(buf, rep.Delimiter, eof); ok {
			buf = buf[:end]
			break
		}
		buf = slices.Grow(buf, cap(buf)) // the record goes on
	}
	e := &run{opts: opts.withDefaults()}
	e.report.Store(rep)
	p := &blockParser{e: e, budget: checkEvery, mark: rep.Decimal.Mark()}
	t := newTokenizer(buf, line, rep.Delimiter)
	var res blockResult
	if err := p.rows(t, &res, false, false); err != nil {
		return nil, err
	}
	if res.rows.len() != 1 {
		return nil, fmt.Errorf("line %d: the input changed since it was read (no record there)", line)
	}
	return slices.Clone(p.vals), nil
}

// recordEnd returns the end of the first record of buf, when buf holds all
// of it: one that ends at a line break short of buf's end, or at its end
// when the input ends there.
func recordEnd(buf []byte, delim byte, eof bool) (int, bool) {
	t := newTokenizer(buf, 1, delim)
	if !t.startRecord() {
		return len(buf), eof
	}
	for {
		if _, err := t.next(); err != nil {
			return len(buf), eof // bad quoting: the run said so first
		}
		if t.eor {
			break
		}
	}
	if t.pos < len(buf) || eof {
		return t.pos, true
	}
	return 0, false
}
