package compute

import (
	"math"
	"runtime"
	"sync/atomic"
)

// IsMissing reports whether a trimmed cell is a missing value: the empty
// cell or one of pandas' default NA markers (case-sensitive, as in pandas).
func IsMissing(cell []byte) bool {
	switch string(cell) { // no allocation: the compiler compares in place
	case "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
		"1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
		"nan", "null":
		return true
	}
	return false
}

// block is a piece of input that starts at a record boundary.
type block struct {
	seq  int
	data []byte
	line int   // line number of data[0]
	err  error // set instead of data when reading failed here
}

// blockResult is what a worker learned from one block.
type blockResult struct {
	seq     int
	lists   []ListStat // Index not yet set
	values  int64
	skipped int64
	invalid int64
	header  int // line of the header this block skipped, 0 if none
	err     error
}

// blockParser turns blocks into per-list statistics. Each worker owns one,
// so its scratch space is reused from block to block without locking.
type blockParser struct {
	opts   *Options
	stop   *atomic.Bool
	vals   []float64
	labels []byte
	spans  []int32 // label start/end offsets in labels, two per list
	last   int     // lists in the previous block: a good guess for the next
}

// checkEvery is how many cells a worker reads between looks at the stop
// flag, so that a block holding one huge list still stops promptly.
const checkEvery = 1 << 16

func (p *blockParser) parse(b *block) (res blockResult) {
	res.seq = b.seq
	if b.err != nil {
		res.err = b.err
		return res
	}
	t := newTokenizer(b.data, b.line, p.opts.Delimiter)
	p.labels = p.labels[:0]
	p.spans = p.spans[:0]
	first := b.seq == 0
	budget := checkEvery
	res.lists = make([]ListStat, 0, p.last+p.last/8+1)
	defer func() { p.last = len(res.lists) }()
	for t.startRecord() {
		if first {
			first = false
			line := t.line
			header, err := p.isHeader(t)
			if err != nil {
				res.err = err
				return res
			}
			if header {
				res.header = line
				continue
			}
		}
		line := t.line
		vals := p.vals[:0]
		labelAt := len(p.labels)
		for {
			cell, err := t.next()
			if err != nil {
				res.err = err
				return res
			}
			if budget--; budget == 0 {
				if p.stop.Load() {
					res.err = errStopped
					return res
				}
				budget = checkEvery
				runtime.Gosched() // see the worker loop in Run
			}
			if t.field == 1 && p.opts.Label == LabelFirst {
				p.labels = append(p.labels, cell...)
			} else if v, ok := ParseNumber(cell); ok {
				vals = append(vals, v)
			} else if IsMissing(cell) {
				res.skipped++
			} else if t.field == 1 && p.opts.Label == LabelAuto {
				p.labels = append(p.labels, cell...)
			} else if p.opts.SkipInvalid {
				res.invalid++
			} else {
				res.err = &ParseError{Line: t.cellLine, Column: t.field, Text: string(cell), Err: ErrNotNumber}
				return res
			}
			if t.eor {
				break
			}
		}
		p.vals = vals
		res.values += int64(len(vals))
		m := math.NaN()
		if len(vals) > 0 {
			m = Median(vals)
		}
		res.lists = append(res.lists, ListStat{Line: line, Count: len(vals), Median: m})
		p.spans = append(p.spans, int32(labelAt), int32(len(p.labels)))
	}
	if len(p.labels) > 0 {
		all := string(p.labels) // one allocation per block for every label in it
		for i := range res.lists {
			res.lists[i].Label = all[p.spans[2*i]:p.spans[2*i+1]]
		}
	}
	return res
}

// isHeader decides whether the record at t is the file's header, and if so
// moves t past it; otherwise t is left where it was.
func (p *blockParser) isHeader(t *tokenizer) (bool, error) {
	switch p.opts.Header {
	case HeaderNo:
		return false, nil
	case HeaderYes:
		for {
			if _, err := t.next(); err != nil {
				return false, err
			}
			if t.eor {
				return true, nil
			}
		}
	}
	pos, line := t.pos, t.line
	for {
		cell, err := t.next()
		if err != nil {
			return false, err
		}
		if _, ok := ParseNumber(cell); ok || IsMissing(cell) {
			break
		}
		if t.eor {
			if t.field >= 2 {
				return true, nil
			}
			break
		}
	}
	t.pos, t.line, t.field, t.eor = pos, line, 0, false
	return false, nil
}
