package compute

import (
	"bytes"
	"math"
	"runtime"
	"slices"

	"medianscope/internal/hugepage"
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
	off  int64 // where data starts in the text (after decoding)
	data []byte
	// A record longer than a block is cut between two of its cells
	// (ShapeRows): cont marks a block that starts inside a record, at the
	// delimiter before its next cell; open, one whose last record goes on
	// in the next block.
	cont, open bool
	err        error // set instead of data when reading failed here
	tokens     int   // of run.tokens it holds until merged
}

// blockResult is what a worker learned from one block. Lines in it are
// relative to the block (1 = its first line); the aggregator, which knows
// where the block starts, makes them absolute.
type blockResult struct {
	seq     int
	worker  int
	off     int64 // the block's place in the text
	cont    bool  // the block continues an open record
	open    bool  // the block leaves a record open
	tokens  int   // the block's, given back when it is merged
	lines   int   // line ends in the block
	values  int64
	skipped int64
	invalid int64
	over    int64
	recoded int64
	bad     []BadCell // List: rows, index in lists; columns and long, the worker's id
	err     error

	rows *chunk // ShapeRows: lines relative to the block
	// ShapeRows, a record cut across blocks: head is the part of the
	// record the block continues (cont), tail the start of a record it
	// leaves open (open, not cont). A block that is both holds only a head.
	head, tail *fragment
	// ShapeRows with Options.ExtremesSpread: the block's lists with the
	// smallest and largest median (first on ties) and their spread.
	lo, hi candidate
	// ShapeRows with Options.ExtremesOnly: the block's lists, counted
	// (no chunk is filled): all of them, and those with no number.
	lists, empty int
	news         *news // ShapeColumns, ShapeLong: the lists this worker met first in this block, in order
}

// candidate is a list that may turn out to hold the smallest or largest
// median of the run, with its spread; list < 0 for none. With
// ExtremesOnly it is the whole list (stat), its label copied.
type candidate struct {
	list int
	sp   Spread
	stat ListStat
}

// better reports whether a median m of a list with values beats c, the
// smallest (less) or largest so far: strictly, so the first stays on ties.
func (c *candidate) better(m float64, n int, less bool) bool {
	if n == 0 || math.IsNaN(m) {
		return false
	}
	return c.list < 0 || less && m < c.sp.Median || !less && m > c.sp.Median
}

// fragment is part of a record cut across blocks, for the aggregator to
// join: its own values (not a worker's scratch), its ledger, how many
// cells it read, and for a tail the record's start.
type fragment struct {
	vals   []float64
	fields int
	ledger
	line  int    // tail: relative line of the record's start
	pos   int    // tail: where the record starts in the block
	label []byte // tail: the record's label
}

// ledger counts a list's cells that are not numbers.
type ledger struct{ missing, invalid, over int }

func (l *ledger) add(o ledger) {
	l.missing += o.missing
	l.invalid += o.invalid
	l.over += o.over
}

// newList is a column or a group that a worker met for the first time, in
// the block that holds its first cell for that worker. Only such a list
// can appear for the first time in the file in that block: the aggregator,
// which merges blocks in file order, learns the order of the lists (and
// their first lines) from these alone.
type newList struct {
	id     int32 // the worker's id: the column's index, or the group's id
	line   int32 // relative line of its first cell in the block
	lo, hi int32 // ShapeLong: the group cell, as text: news.labels[lo:hi]
}

// news is the lists a worker met first in a block, their labels in one
// array (a long table of a million groups made a string per group and
// worker). The aggregator hands it back once merged, for a later block.
type news struct {
	lists  []newList
	labels []byte
}

// label is n's label (ShapeLong), valid until ns is handed back.
func (ns *news) label(n newList) []byte { return ns.labels[n.lo:n.hi] }

// blockParser turns blocks into per-list parts. Each worker owns one, so
// its scratch space is reused from block to block without locking.
//
// Its fields and its row scratch (vals, labels) are written for every row,
// so no other worker's may share their cache lines: the padding keeps
// neighbouring objects off its own lines, and the worker starts its
// scratch at 512 and 256 bytes (size classes whose objects never share a
// line). Two workers' small first scratch arrays, allocated side by side,
// had made a third of the runs over 10M rows of 3 numbers spend a third
// of their time on one load (the false sharing moved the line between the
// cores on every row).
type blockParser struct {
	_              [64]byte
	e              *run
	worker         int
	rep            *Report
	mark           byte
	vals           []float64
	labels         []byte // the current row's label
	last           int    // lists in the previous block: a good guess for the next
	lastLabels     int    // label bytes in the previous block
	lastNews       int    // lists first met in the previous block
	lastNewsLabels int    // and the bytes of their labels (ShapeLong)
	budget         int

	// ShapeColumns and ShapeLong.
	groups *groupTable // ShapeLong: group cell -> worker id
	keys   []int32     // ShapeLong: the group of each value in batch
	batch  []float64   // ShapeLong: values not yet added to their chains
	ahead  []pairRow   // ShapeLong: rows read whose group is not yet looked up
	chains chains      // the values and ledger of every list, by worker id
	gbuf   []byte      // the group cell of the current row, when copied
	vbuf   []byte      // the value cell of the current row, when copied
	_      [64]byte
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
// Small enough to be inlined: it runs for every cell, and as a call it
// was 2–3% of a run over wide rows.
func (p *blockParser) tick() bool {
	if p.budget--; p.budget > 0 {
		return true
	}
	return p.lookAtStop()
}

// lookAtStop is tick's rare part: false when the run is stopping.
func (p *blockParser) lookAtStop() bool {
	p.budget = checkEvery
	if p.e.stop.Load() {
		return false
	}
	runtime.Gosched() // see the worker loop in Run
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
	res.seq, res.worker, res.off, res.cont, res.open = b.seq, p.worker, b.off, b.cont, b.open
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
		err = p.rows(t, &res, b.cont, b.open)
	}
	if err != nil {
		res.err = err
	}
	res.lines = t.line - 1
	if res.news != nil {
		p.lastNews, p.lastNewsLabels = len(res.news.lists), len(res.news.labels)
	}
	return res
}

// rows: every record is a list. cont and open are the block's (see block).
func (p *blockParser) rows(t *tokenizer, res *blockResult, cont, open bool) error {
	labelMode := p.e.opts.Dialect.Label
	enc := p.e.labelEncoding()
	spread := p.e.opts.Spread && !p.e.spreadOff.Load()
	only := p.e.opts.ExtremesOnly
	guess := p.last + p.last/8 + 1
	if !only {
		// The block's lines, a count at memory speed (1% of parsing
		// them): as many lists, but for blank lines and quoted line
		// ends, so the columns are neither grown by copying nor left
		// an eighth empty (10M rows: 48 MB of growth, 25 MB of slack).
		if lines := bytes.Count(t.buf, newline); lines > 0 { // none: lone CRs
			guess = lines + 1
		}
	}
	b := newChunk(guess, spread)
	if p.lastLabels > 0 {
		// Sized like the last block's: grown from nothing, the arena of a
		// block of short labelled rows allocated 4× its size.
		b.c.labels = make([]byte, 0, p.lastLabels+p.lastLabels/8)
	}
	defer func() {
		b.c.trim()
		p.last, p.lastLabels = b.c.len(), len(b.c.labels)
	}()
	res.rows = b.c
	extremes := (p.e.opts.ExtremesSpread || only) && !spread
	res.lo, res.hi = candidate{list: -1}, candidate{list: -1}
	need := 0 // the values a record of this block may have, at most
	if cont || open {
		// A part of a record longer than a block is handed over whole, so
		// the scratch must hold it without growing by copying (lines of a
		// million values: a quarter of the run's time). A list has at most
		// one value more than the block has delimiters; counting them is a
		// pass at memory speed. The bound is the whole block's, though only
		// its first and last records are handed over: a bound from those
		// alone left the scratch to grow by copying for the whole records
		// between them, and held more memory, not less (rows of 1.2 MB:
		// 66 -> 76 MB peak); a block of one-character cells sizes it at
		// 20 MB, recycled once its part is selected.
		need = bytes.Count(t.buf, []byte{p.rep.Delimiter}) + 1
		p.scratchFor(need)
	}
	if cont {
		// The cells that continue the open record, from after the
		// delimiter the block starts with; its list is the aggregator's.
		t.pos, t.field = 1, 0
		vals, _, l, err := p.row(t, res, LabelNone, headListMark)
		if err != nil {
			return err
		}
		if open && t.pos == len(t.buf) {
			// The whole block is a middle part of the record: no scratch
			// is kept for records after it (the next block's first one
			// sizes it), so that none sits idle, megabytes resident.
			res.head = &fragment{vals: p.handOver(vals, 0), fields: t.field, ledger: l}
			return nil
		}
		res.head = &fragment{vals: p.handOver(vals, need), fields: t.field, ledger: l}
	}
	for t.startRecord() {
		line, pos := t.line, t.pos
		list := b.c.len() // the record's list in the block, for its bad cells
		if only {
			list = res.lists // nothing stored: counted
		}
		vals, label, l, err := p.row(t, res, labelMode, list)
		if err != nil {
			return err
		}
		if open && t.pos == len(t.buf) {
			// The record goes on in the next block.
			res.tail = &fragment{vals: p.handOver(vals, 0), fields: t.field, ledger: l, line: line, pos: pos, label: slices.Clone(label)}
			return nil
		}
		if !only {
			b.offset(pos)
		}
		sp := NoSpread
		switch {
		case len(vals) == 0:
		case spread && len(vals) == 3: // a tall file's rows: Quartiles' case, field by field
			// (a returned Spread, five fields, is copied through the stack
			// with wide loads over narrow stores: a stall per row)
			sp.Min, sp.Q1, sp.Median, sp.Q3, sp.Max = spread3(vals[0], vals[1], vals[2])
		case spread:
			sp = Quartiles(vals)
		default:
			sp.Median = Median(vals)
		}
		if extremes || only {
			lo, hi := res.lo.better(sp.Median, len(vals), true), res.hi.better(sp.Median, len(vals), false)
			if lo || hi {
				c := candidate{list: list, sp: sp}
				if p.e.opts.ExtremesSpread || spread {
					c.sp = Quartiles(vals) // vals: the same values, reordered
				}
				if only {
					c.stat = ListStat{Line: line, Count: len(vals), Missing: l.missing, Invalid: l.invalid, Overflow: l.over}
					c.stat.Label = textOf(label, enc, nil) // counted below, as every label is
				}
				if lo {
					res.lo = c
				}
				if hi {
					res.hi = c
				}
			}
		}
		if only {
			res.lists++
			if len(vals) == 0 {
				res.empty++
			}
			if len(label) > 0 && enc == EncodingAuto && !validUTF8(label) {
				res.recoded++
			}
			continue
		}
		if len(label) > 0 && (enc != EncodingAuto || !validUTF8(label)) {
			label = []byte(textOf(label, enc, &res.recoded))
		}
		b.list(line, len(vals), sp, label, l)
	}
	return nil
}

// handOver gives away vals, the worker's scratch, to a fragment (no copy),
// and takes as the next scratch a part of a huge list already selected, if
// one is free, or a new array for need values (none at a block's end: the
// next block sizes it).
func (p *blockParser) handOver(vals []float64, need int) []float64 {
	p.vals = nil
	p.scratchFor(need)
	return vals
}

// scratchFor makes the worker's scratch hold need values. A new one has a
// quarter more, so that it still fits the next blocks (whose counts differ
// by a few percent) once it comes back through freeVals: every part
// recycled is megabytes of memory not faulted in afresh.
func (p *blockParser) scratchFor(need int) {
	if cap(p.vals) >= need {
		return
	}
	hugepage.Free(p.e.arena, p.vals)
	p.vals = nil
	select {
	case v := <-p.e.freeVals:
		if cap(v) >= need {
			p.vals = v[:0]
			return
		}
		hugepage.Free(p.e.arena, v)
	default:
	}
	// Filled up to need (the block's cells) at most: the quarter more is
	// room for later blocks once recycled. Outside the Go heap: its
	// memory is back with the OS when the run frees it.
	p.vals = hugepage.Alloc[float64](p.e.arena, need+need/4, need)[:0]
}

// headListMark is the list of the bad cells of a block's head: the open
// record's, which only the aggregator knows.
const headListMark = -1

// row reads the cells of one record (from the tokenizer's place to the end
// of the record) into the worker's scratch, and counts them; list is the
// record's list in the block, for its bad cells.
func (p *blockParser) row(t *tokenizer, res *blockResult, labelMode LabelMode, list int) ([]float64, []byte, ledger, error) {
	vals := p.vals[:0]
	label := p.labels[:0]
	var l ledger
	for {
		if t.field > 0 || labelMode != LabelFirst {
			if v, ok := t.number(p.mark); ok {
				if !p.tick() {
					return nil, nil, l, errStopped
				}
				vals = append(vals, v)
				if t.eor {
					break
				}
				continue
			}
		}
		cell, err := t.next()
		if err != nil {
			return nil, nil, l, err
		}
		if !p.tick() {
			return nil, nil, l, errStopped
		}
		if t.field == 1 && labelMode == LabelFirst {
			label = append(label, cell...)
		} else if v, ok := ParseDecimal(cell, p.mark); ok {
			if math.IsInf(v, 0) && overflowed(v, cell) {
				l.over++
			}
			vals = append(vals, v)
		} else if IsMissing(cell) {
			l.missing++
		} else if t.field == 1 && labelMode == LabelAuto {
			label = append(label, cell...)
		} else {
			if err := p.invalidCell(res, t, cell, list); err != nil {
				return nil, nil, l, err
			}
			l.invalid++
		}
		if t.eor {
			break
		}
	}
	p.vals, p.labels = vals, label
	res.values += int64(len(vals))
	res.skipped += int64(l.missing)
	res.over += int64(l.over)
	return vals, label, l, nil
}

// meet makes list id known to the worker; the first time, it is noted in
// res.news (the caller then names a group) and fresh reports it.
func (p *blockParser) meet(id int32, line int, res *blockResult) (fresh bool) {
	if id < p.chains.known {
		return false
	}
	if res.news == nil {
		select {
		case res.news = <-p.e.freeNews:
			res.news.lists, res.news.labels = res.news.lists[:0], res.news.labels[:0]
		default:
			// As many as the last block's: grown once, not by doubling
			// (a million groups: the doublings were most of the run's
			// garbage, and the collector ran a fifth of the time).
			res.news = &news{lists: make([]newList, 0, p.lastNews+p.lastNews/8+4),
				labels: make([]byte, 0, p.lastNewsLabels+p.lastNewsLabels/8+64)}
		}
	}
	for i := p.chains.known; i <= id; i++ {
		// Columns are met left to right, and may skip none: a column
		// with no cell in a row is still met by this call.
		res.news.lists = append(res.news.lists, newList{id: i, line: int32(line)})
	}
	p.chains.ensure(id)
	return true
}

// cell files a data cell of list id: a number among the values, else in
// its ledger (an invalid cell is an error unless SkipInvalid).
func (p *blockParser) cell(id int32, cell []byte, t *tokenizer, res *blockResult) error {
	switch v, kind := p.classify(cell); kind {
	case cellNumber:
		if math.IsInf(v, 0) && overflowed(v, cell) {
			p.chains.ledger(id).over++
			res.over++
		}
		p.chains.addWide(id, v)
		res.values++
	case cellMissing:
		p.chains.ledger(id).missing++
		res.skipped++
	default:
		if err := p.invalidCell(res, t, cell, int(id)); err != nil {
			return err
		}
		p.chains.ledger(id).invalid++
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
		for {
			if t.field >= skip {
				if v, ok := t.number(p.mark); ok {
					if !p.tick() {
						return errStopped
					}
					c := int32(t.field - 1 - skip)
					p.meet(c, t.cellLine, res)
					p.chains.addWide(c, v)
					res.values++
					if t.eor {
						break
					}
					continue
				}
			}
			cell, err := t.next()
			if err != nil {
				return err
			}
			if !p.tick() {
				return errStopped
			}
			if c := int32(t.field - 1 - skip); c >= 0 {
				p.meet(c, t.cellLine, res)
				if err := p.cell(c, cell, t, res); err != nil {
					return err
				}
			}
			if t.eor {
				break
			}
		}
	}
	return p.chains.err()
}

// blank is the name of the group of rows whose group cell is empty.
const blank = "(blank)"

// long: every distinct value of the group column is a list of the value
// column's cells.
func (p *blockParser) long(t *tokenizer, res *blockResult) error {
	if p.groups == nil {
		p.groups = newGroupTable(p.e.arena, false)
	}
	gcol, vcol := p.rep.Group, p.rep.Value
	enc := p.e.labelEncoding()
	if p.keys == nil {
		p.keys, p.batch = make([]int32, 0, batchLen), make([]float64, 0, batchLen)
	}
	// The values go to the chains in batches: a lookup in the group table
	// and a store at the group's chain, row by row, would make each row
	// wait for two cache misses in turn.
	p.keys, p.batch = p.keys[:0], p.batch[:0]
	p.ahead = p.ahead[:0] // a block that ended in an error may have left some
	// A table of two columns, group then value, is read a row at a time
	// where it can be (tokenizer.pair): most long tables are, and the
	// cell-by-cell loop below was half of the parse.
	pairs := gcol == 1 && vcol == 2
	for t.startRecord() {
		line := t.line
		if pairs {
			if key, v, ok := t.pair(p.mark); ok {
				if !p.tick() {
					return errStopped
				}
				// Once the group table is past a core's cache (a million
				// groups), a lookup waits for its slot from memory: rows
				// are then looked up prefetchAhead at a time, each slot's
				// load started as its row is read, so that the loads
				// overlap. (The table never shrinks: no row waits ahead
				// while it is smaller.)
				if len(p.groups.slots) < prefetchSlots {
					p.addValue(p.group(key, line, res, enc), v, res)
					continue
				}
				p.groups.prefetch(key)
				p.ahead = append(p.ahead, pairRow{key, v, line})
				if len(p.ahead) == prefetchAhead {
					p.lookUpAhead(res, enc)
				}
				continue
			}
			// Rows in file order: a group's first row is its line.
			p.lookUpAhead(res, enc)
		}
		group, value := []byte(blank), []byte(nil)
		vLine, haveValue := 0, false
		var v float64
		kind := cellMissing
		for {
			if t.field+1 == vcol {
				if nv, ok := t.number(p.mark); ok {
					if !p.tick() {
						return errStopped
					}
					v, kind, vLine, haveValue = nv, cellNumber, t.cellLine, true
					if t.eor {
						break
					}
					continue
				}
			}
			cell, err := t.next()
			if err != nil {
				return err
			}
			if !p.tick() {
				return errStopped
			}
			switch t.field {
			case gcol:
				if len(cell) > 0 {
					group = cell
					if t.inCopy { // the next cell would overwrite it
						p.gbuf = append(p.gbuf[:0], cell...)
						group = p.gbuf
					}
				}
			case vcol:
				value, vLine, haveValue = cell, t.cellLine, true
				v, kind = p.classify(cell)
				if kind == cellInvalid && !p.e.opts.SkipInvalid {
					// Strict: a bad value is the error now, before any
					// later cell of the row can be one.
					return p.invalidCell(res, t, cell, -1)
				}
				if t.inCopy && kind != cellNumber {
					p.vbuf = append(p.vbuf[:0], cell...)
					value = p.vbuf
				}
			}
			if t.eor {
				break
			}
		}
		id := p.group(group, line, res, enc)
		if !haveValue {
			p.chains.ledger(id).missing++ // a row too short to have the value cell
			res.skipped++
			continue
		}
		switch kind {
		case cellNumber:
			if math.IsInf(v, 0) && overflowed(v, value) {
				p.chains.ledger(id).over++
				res.over++
			}
			p.addValue(id, v, res)
		case cellMissing:
			p.chains.ledger(id).missing++
			res.skipped++
		default:
			saved, savedField := t.cellLine, t.field
			t.cellLine, t.field = vLine, vcol
			err := p.invalidCell(res, t, value, int(id))
			t.cellLine, t.field = saved, savedField
			if err != nil {
				return err
			}
			p.chains.ledger(id).invalid++
		}
	}
	p.lookUpAhead(res, enc)
	p.chains.addAll(p.keys, p.batch)
	res.values += int64(len(p.keys))
	return p.chains.err()
}

// pairRow is a row of a long table of two columns, read by tokenizer.pair:
// its group cell (in the block) and its value.
type pairRow struct {
	key  []byte
	v    float64
	line int
}

// lookUpAhead looks up the groups of the rows read ahead, in order, and
// adds their values.
func (p *blockParser) lookUpAhead(res *blockResult, enc Encoding) {
	for _, r := range p.ahead {
		p.addValue(p.group(r.key, r.line, res, enc), r.v, res)
	}
	p.ahead = p.ahead[:0]
}

// group returns the worker's id of a group cell; the first time the worker
// meets the group, the block notes it as a new list, named by the cell.
func (p *blockParser) group(cell []byte, line int, res *blockResult, enc Encoding) int32 {
	id, _ := p.groups.id(cell)
	if p.meet(id, line, res) {
		ns := res.news
		n := &ns.lists[len(ns.lists)-1]
		n.lo = int32(len(ns.labels))
		ns.labels = appendText(ns.labels, cell, enc, &res.recoded)
		n.hi = int32(len(ns.labels))
	}
	return id
}

// addValue adds v to group id's values, through the batch.
func (p *blockParser) addValue(id int32, v float64, res *blockResult) {
	p.keys = append(p.keys, id)
	p.batch = append(p.batch, v)
	if len(p.keys) == batchLen {
		p.chains.addAll(p.keys, p.batch)
		res.values += batchLen
		p.keys, p.batch = p.keys[:0], p.batch[:0]
	}
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

var newline = []byte{'\n'}
