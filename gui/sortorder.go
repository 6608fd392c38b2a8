package gui

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"unsafe"

	"medianscope/compute"
	"medianscope/internal/radix"
)

// sortOrder returns list indexes sorted by col; lists without a median
// (or without the value sorted by) sort last either way; ties keep file
// order.
//
// A numeric column is sorted as one slice of words, with no comparison
// function: each list's key is a uint64 that orders as its value does
// (sortKey), and the key's top bits share a word with the list's index,
// so that one sort of the words (radix.Sort, by bytes) orders by key and,
// on equal keys, by index.
// Only when some key has bits below the top ones (fractions finer than
// about 2⁻²⁸ of the value with 10M lists; never counts or lines) are runs
// of equal top bits sorted again on their whole keys. 10M lists (make
// smoke, by median): 1.3 s and 120 MB (2.1 s with slices.Sort), where a
// stable sort on a comparison function took 6.0 s and 130 MB; 1M
// (BenchmarkSortOrder): 9× that, 2.1× slices.Sort.
func sortOrder(lists *compute.Store, col int, desc bool) []int32 {
	n := lists.Len()
	if col == colLabel {
		return sortByLabel(lists, desc)
	}
	low := uint64(1)<<max(1, bits.Len(uint(n))) - 1 // the index's bits
	words := make([]uint64, 0, n)
	var lost uint64 // the key bits the words do not hold
	add := func(k uint64) {
		if k != math.MaxUint64 { // no value: all such lists tie, in index order
			lost |= k & low
		}
		words = append(words, k&^low|uint64(len(words)))
	}
	keys := newKeyReader(lists, col, desc)
	if keys.chunks == nil { // lines, counts, ledgers: walked, not looked up one by one
		lists.Each(func(l compute.ListStat) { add(sortKey(l, col, desc)) })
	} else {
		for i := range n {
			add(keys.key(i))
		}
	}
	radix.Sort(words)
	if lost != 0 {
		keys.rewind()
		for i := 0; i < n; {
			j := i + 1
			for j < n && words[j]&^low == words[i]&^low {
				j++
			}
			if j-i > 1 {
				fixRun(keys, words[i:j], low)
			}
			i = j
		}
	}
	return indexesInPlace(words, low)
}

// indexesInPlace returns the indexes held in words' low bits, written over
// words' own first half: the order needs no second array (10M lists: the
// sort's peak 120 -> 80 MB). Index i's 4 bytes overwrite words[i/2],
// already read.
func indexesInPlace(words []uint64, low uint64) []int32 {
	if len(words) == 0 {
		return []int32{}
	}
	order := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(words))), len(words))
	for i := range words {
		order[i] = int32(words[i] & low)
	}
	return order
}

// fixRun sorts words whose keys agree in their top bits by their whole
// keys, then by index.
func fixRun(keys *keyReader, run []uint64, low uint64) {
	first := keys.key(int(run[0] & low))
	same := true
	for _, w := range run[1:] {
		if keys.key(int(w&low)) != first {
			same = false
			break
		}
	}
	if same { // equal keys: already in index order
		return
	}
	type entry struct{ key, i uint64 }
	entries := make([]entry, len(run))
	for k, w := range run {
		entries[k] = entry{keys.key(int(w & low)), w & low}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.i, b.i))
	})
	for k, e := range entries {
		run[k] = run[k]&^low | e.i
	}
}

// keyReader gives list i's sortKey. The median and spread columns are read
// from the store's chunks directly (but for the quartiles a chunk of lists
// of up to three numbers leaves out, which Store.Column makes for the sort:
// 8 bytes a list), fastest for increasing i (a run of equal top bits lists
// its indexes in increasing order); the other columns through Store.At.
type keyReader struct {
	lists  *compute.Store
	col    int
	desc   bool
	chunks [][]float64 // the column, for median and spread columns
	chunk  int         // the cursor: a chunk of chunks
	start  int         // and its first list's index
	starts []int       // every chunk's first index, once a jump needs them
}

func newKeyReader(lists *compute.Store, col int, desc bool) *keyReader {
	r := &keyReader{lists: lists, col: col, desc: desc}
	if st, ok := columnStat(col); ok {
		r.chunks = lists.Column(st)
		if r.chunks == nil { // no spread in this run
			r.chunks = [][]float64{}
		}
	}
	return r
}

// columnStat is the Store's statistic shown in col, if any.
func columnStat(col int) (compute.Stat, bool) {
	switch col {
	case colMedian:
		return compute.StatMedian, true
	case colQ1:
		return compute.StatQ1, true
	case colQ3:
		return compute.StatQ3, true
	case colMin:
		return compute.StatMin, true
	case colMax:
		return compute.StatMax, true
	}
	return 0, false
}

func (r *keyReader) rewind() { r.chunk, r.start = 0, 0 }

func (r *keyReader) key(i int) uint64 {
	if r.chunks == nil {
		return sortKey(r.lists.At(i), r.col, r.desc)
	}
	if len(r.chunks) == 0 { // a run without spread
		return math.MaxUint64
	}
	if i < r.start || i >= r.start+2*len(r.chunks[min(r.chunk, len(r.chunks)-1)]) {
		// Not here or in the next chunk: look it up (a new run of ties).
		if r.starts == nil {
			r.starts = make([]int, len(r.chunks)+1)
			for c, ch := range r.chunks {
				r.starts[c+1] = r.starts[c] + len(ch)
			}
		}
		r.chunk = sort.Search(len(r.chunks), func(c int) bool { return r.starts[c+1] > i })
		r.start = r.starts[min(r.chunk, len(r.chunks))]
	}
	for r.chunk < len(r.chunks) && i >= r.start+len(r.chunks[r.chunk]) {
		r.start += len(r.chunks[r.chunk])
		r.chunk++
	}
	return valueKey(r.chunks[r.chunk][i-r.start], r.desc)
}

// sortKey is l's key for sorting by col: a uint64 whose order is the
// column's order (descending: its complement), with the lists that have
// no value in a median or spread column last (MaxUint64) either way.
// Counts and lines are exact as float64 up to 2⁵³.
func sortKey(l compute.ListStat, col int, desc bool) uint64 {
	var x float64 // integers too: their top bits then differ as their values do
	switch col {
	case colLine:
		x = float64(l.Line)
	case colCount:
		x = float64(l.Count)
	case colMissing:
		x = float64(l.Missing)
	case colInvalid:
		x = float64(l.Invalid)
	case colMedian:
		if !l.HasMedian() {
			return math.MaxUint64
		}
		return valueKey(l.Median, desc)
	case colQ1, colQ3, colMin, colMax:
		return valueKey(spreadKey(l, col), desc)
	default:
		x = float64(l.Index)
	}
	return valueKey(x, desc)
}

// valueKey is the key of x: NaN (no value) last either way.
func valueKey(x float64, desc bool) uint64 {
	if math.IsNaN(x) {
		return math.MaxUint64
	}
	k := floatKey(x)
	if desc {
		k = ^k
	}
	return k
}

// floatKey maps x (not NaN) to a uint64 in the same order: positive
// floats' bits order as their values, with the sign bit set to put them
// above the negatives, whose bits order backwards (hence the
// complement). −0 is +0, as they compare equal. −Inf maps to
// 0x000F…F and +Inf to 0xFFF0…0, so neither a key nor its complement is
// ever MaxUint64, the place of the lists without a value.
func floatKey(x float64) uint64 {
	if x == 0 {
		x = 0
	}
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// sortByLabel sorts by label (bytewise), ties in file order.
func sortByLabel(lists *compute.Store, desc bool) []int32 {
	text := make([]string, 0, lists.Len()) // the labels share the store's memory
	lists.Each(func(l compute.ListStat) { text = append(text, l.Label) })
	order := make([]int32, len(text))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		c := cmp.Compare(text[a], text[b])
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a, b))
	})
	return order
}
