package compute

import (
	"math"
	"runtime"
	"unicode/utf8"
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
	err  error // set instead of data when reading failed here
}

// blockResult is what a worker learned from one block. Lines in it are
// relative to the block (1 = its first line); the aggregator, which knows
// where the block starts, makes them absolute.
type blockResult struct {
	seq     int
	worker  int
	lines   int // line ends in the block
	values  int64
	skipped int64
	invalid int64
	over    int64
	recoded int64
	bad     []BadCell // List: rows, index in lists; columns, the column; long, the appearance
	err     error

	lists []ListStat // ShapeRows; Index not yet set
	cols  []colPart  // ShapeColumns, by data column
	long  *longPart  // ShapeLong
}

// ledger counts a list's cells that are not numbers.
type ledger struct{ missing, invalid, over int }

// colPart is one column's cells in one block.
type colPart struct {
	vals []float64
	line int // relative line of the column's first cell in the block, 0 if none
	ledger
}

// longPart is a long table's groups in one block. Groups are the worker's
// own ids (its map lives across its blocks); the aggregator maps them to
// the run's lists.
type longPart struct {
	firstNew  int      // the worker id of newLabels[0]
	newLabels []string // labels of the ids this worker first met in this block
	apps      []int32  // worker ids of the groups in this block, in order of first appearance
	lines     []int32  // relative line of each appearance's first row
	offs      []int32  // values of appearance i: vals[offs[i]:offs[i+1]]
	vals      []float64
	ledgers   []ledger
}

// blockParser turns blocks into per-list parts. Each worker owns one, so
// its scratch space is reused from block to block without locking.
type blockParser struct {
	e      *run
	worker int
	rep    *Report
	mark   byte
	vals   []float64
	labels []byte
	spans  []int32 // label start/end offsets in labels, two per list
	last   int     // lists in the previous block: a good guess for the next
	budget int

	// ShapeLong, kept across blocks.
	groups  map[string]int32
	nGroups int32
	appOf   []int32 // worker id -> appearance in the current block, -1 if none
	keys    []int32 // appearance of each value of the block, in row order
	gbuf    []byte  // the group cell of the current row
	vbuf    []byte  // the value cell of the current row
}

// checkEvery is how many cells a worker reads between looks at the stop
// flag, so that a block holding one huge list still stops promptly.
const checkEvery = 1 << 16

// cellKind of a data cell, and its value when it is a number.
const (
	cellNumber = iota
	cellMissing
	cellInvalid
)

// classify reads a data cell.
func (p *blockParser) classify(cell []byte) (float64, int) {
	if v, ok := ParseDecimal(cell, p.mark); ok {
		return v, cellNumber
	}
	if IsMissing(cell) {
		return 0, cellMissing
	}
	return 0, cellInvalid
}

// overflowed reports whether v, read from cell, is an overflow to ±Inf
// rather than an infinity word.
func overflowed(v float64, cell []byte) bool {
	if !math.IsInf(v, 0) {
		return false
	}
	c := cell[0]
	if c == '+' || c == '-' {
		c = cell[1]
	}
	return c|0x20 != 'i'
}

// tick counts a cell and looks at the stop flag every checkEvery cells.
func (p *blockParser) tick() bool {
	if p.budget--; p.budget <= 0 {
		p.budget = checkEvery
		if p.e.stop.Load() {
			return false
		}
		runtime.Gosched() // see the worker loop in Run
	}
	return true
}

// invalidCell handles a cell that is not a number: counted and kept as a
// BadCell with SkipInvalid, else the error.
func (p *blockParser) invalidCell(res *blockResult, t *tokenizer, cell []byte, list int) error {
	if !p.e.opts.SkipInvalid {
		return &ParseError{Line: t.cellLine, Field: t.field, Text: string(cell), Err: ErrNotNumber}
	}
	res.invalid++
	if len(res.bad) < MaxBadCells {
		res.bad = append(res.bad, BadCell{Line: t.cellLine, Field: t.field, List: list, Text: textOf(cell, p.e.labelEncoding(), nil)})
	}
	return nil
}

func (p *blockParser) parse(b *block) (res blockResult) {
	res.seq, res.worker = b.seq, p.worker
	if b.err != nil {
		res.err = b.err
		return res
	}
	p.rep = p.e.report.Load()
	p.mark = p.rep.Decimal.Mark()
	t := newTokenizer(b.data, 1, p.rep.Delimiter)
	if b.seq == 0 && p.rep.Header {
		// The sniffer decided that the first record is the header.
		if t.startRecord() {
			for {
				if _, err := t.next(); err != nil {
					res.err = err
					return res
				}
				if t.eor {
					break
				}
			}
		}
	}
	var err error
	switch p.rep.Shape {
	case ShapeColumns:
		err = p.columns(t, &res)
	case ShapeLong:
		err = p.long(t, &res)
	default:
		err = p.rows(t, &res)
	}
	if err != nil {
		res.err = err
	}
	res.lines = t.line - 1
	return res
}

// rows: every record is a list.
func (p *blockParser) rows(t *tokenizer, res *blockResult) error {
	p.labels = p.labels[:0]
	p.spans = p.spans[:0]
	labelMode := p.e.opts.Dialect.Label
	res.lists = make([]ListStat, 0, p.last+p.last/8+1)
	defer func() { p.last = len(res.lists) }()
	for t.startRecord() {
		line := t.line
		vals := p.vals[:0]
		labelAt := len(p.labels)
		var l ledger
		for {
			cell, err := t.next()
			if err != nil {
				return err
			}
			if !p.tick() {
				return errStopped
			}
			if t.field == 1 && labelMode == LabelFirst {
				p.labels = append(p.labels, cell...)
			} else if v, ok := ParseDecimal(cell, p.mark); ok {
				if math.IsInf(v, 0) && overflowed(v, cell) {
					l.over++
				}
				vals = append(vals, v)
			} else if IsMissing(cell) {
				l.missing++
			} else if t.field == 1 && labelMode == LabelAuto {
				p.labels = append(p.labels, cell...)
			} else {
				if err := p.invalidCell(res, t, cell, len(res.lists)); err != nil {
					return err
				}
				l.invalid++
			}
			if t.eor {
				break
			}
		}
		p.vals = vals
		res.values += int64(len(vals))
		res.skipped += int64(l.missing)
		res.over += int64(l.over)
		m := math.NaN()
		if len(vals) > 0 {
			m = Median(vals)
		}
		res.lists = append(res.lists, ListStat{Line: line, Count: len(vals), Median: m, Missing: l.missing, Invalid: l.invalid, Overflow: l.over})
		p.spans = append(p.spans, int32(labelAt), int32(len(p.labels)))
	}
	if len(p.labels) > 0 {
		enc := p.e.labelEncoding()
		if enc == EncodingAuto && utf8.Valid(p.labels) {
			all := string(p.labels) // one allocation per block for every label in it
			for i := range res.lists {
				res.lists[i].Label = all[p.spans[2*i]:p.spans[2*i+1]]
			}
		} else {
			for i := range res.lists {
				if a, b := p.spans[2*i], p.spans[2*i+1]; b > a {
					res.lists[i].Label = textOf(p.labels[a:b], enc, &res.recoded)
				}
			}
		}
	}
	return nil
}

// columns: every column is a list; a first column of labels is none.
func (p *blockParser) columns(t *tokenizer, res *blockResult) error {
	skip := 0
	if p.rep.Labels {
		skip = 1
	}
	for t.startRecord() {
		line := t.line
		for {
			cell, err := t.next()
			if err != nil {
				return err
			}
			if !p.tick() {
				return errStopped
			}
			if c := t.field - 1 - skip; c >= 0 {
				for len(res.cols) <= c {
					res.cols = append(res.cols, colPart{})
				}
				part := &res.cols[c]
				if part.line == 0 {
					part.line = line
				}
				switch v, kind := p.classify(cell); kind {
				case cellNumber:
					if math.IsInf(v, 0) && overflowed(v, cell) {
						part.over++
						res.over++
					}
					part.vals = append(part.vals, v)
				case cellMissing:
					part.missing++
					res.skipped++
				default:
					if err := p.invalidCell(res, t, cell, c); err != nil {
						return err
					}
					part.invalid++
				}
			}
			if t.eor {
				break
			}
		}
	}
	for i := range res.cols {
		res.values += int64(len(res.cols[i].vals))
	}
	return nil
}

// blank is the name of the group of rows whose group cell is empty.
const blank = "(blank)"

// long: every distinct value of the group column is a list of the value
// column's cells.
func (p *blockParser) long(t *tokenizer, res *blockResult) error {
	if p.groups == nil {
		p.groups = map[string]int32{}
	}
	gcol, vcol := p.rep.Group, p.rep.Value
	enc := p.e.labelEncoding()
	part := &longPart{firstNew: int(p.nGroups)}
	vals := p.vals[:0]
	keys := p.keys[:0]
	for t.startRecord() {
		line := t.line
		var (
			group     []byte
			haveGroup bool
			v         float64
			kind      = cellMissing
			vcell     []byte
			vLine     int
		)
		for {
			cell, err := t.next()
			if err != nil {
				return err
			}
			if !p.tick() {
				return errStopped
			}
			switch t.field {
			case gcol:
				// Copied: a quoted cell with "" escapes lives in the
				// tokenizer's scratch, which the next cell reuses.
				p.gbuf = append(p.gbuf[:0], cell...)
				group, haveGroup = p.gbuf, true
			case vcol:
				v, kind = p.classify(cell)
				if kind != cellMissing {
					p.vbuf = append(p.vbuf[:0], cell...)
					vcell, vLine = p.vbuf, t.cellLine
				}
			}
			if t.eor {
				break
			}
		}
		if !haveGroup || len(group) == 0 {
			group = []byte(blank)
		}
		id, ok := p.groups[string(group)]
		if !ok {
			id = p.nGroups
			p.nGroups++
			label := textOf(group, enc, &res.recoded)
			p.groups[string(group)] = id
			part.newLabels = append(part.newLabels, label)
			p.appOf = append(p.appOf, -1)
		}
		app := p.appOf[id]
		if app < 0 {
			app = int32(len(part.apps))
			p.appOf[id] = app
			part.apps = append(part.apps, id)
			part.lines = append(part.lines, int32(line))
			part.ledgers = append(part.ledgers, ledger{})
		}
		l := &part.ledgers[app]
		switch kind {
		case cellNumber:
			if math.IsInf(v, 0) && overflowed(v, vcell) {
				l.over++
				res.over++
			}
			vals = append(vals, v)
			keys = append(keys, app)
		case cellMissing:
			l.missing++
			res.skipped++
		default:
			saved := t.cellLine
			t.cellLine, t.field = vLine, vcol
			err := p.invalidCell(res, t, vcell, int(app))
			t.cellLine = saved
			if err != nil {
				return err
			}
			l.invalid++
		}
	}
	// Gather the values by appearance (a counting sort): one array per
	// block, each group's values contiguous in it.
	part.offs = make([]int32, len(part.apps)+1)
	for _, k := range keys {
		part.offs[k+1]++
	}
	for i := 1; i < len(part.offs); i++ {
		part.offs[i] += part.offs[i-1]
	}
	part.vals = make([]float64, len(vals))
	next := append([]int32(nil), part.offs[:len(part.apps)]...)
	for i, k := range keys {
		part.vals[next[k]] = vals[i]
		next[k]++
	}
	for _, id := range part.apps {
		p.appOf[id] = -1
	}
	p.vals, p.keys = vals, keys
	res.values += int64(len(vals))
	res.long = part
	return nil
}

// labelEncoding is how labels' bytes are read: the text is UTF-8 by now
// (UTF-16 was transcoded), unless Windows-1252 was asked for.
func (e *run) labelEncoding() Encoding {
	switch enc := e.opts.Dialect.Encoding; enc {
	case EncodingWindows1252, EncodingUTF8:
		return enc
	}
	return EncodingAuto
}
