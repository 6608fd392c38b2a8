package compute

import (
	"math"
	"math/bits"
	"slices"
	"unsafe"
)

// Median returns the median of xs, reordering xs in place. xs must not
// contain NaN. For an odd count it is the middle value; for an even count
// the midpoint of the two middle values (see Midpoint). A zero median is
// always +0, so the answer does not depend on where -0 and +0 sat in xs.
// Median of an empty slice is NaN.
//
// It runs in expected O(n) time (quickselect with a median-of-three or
// ninther pivot and an introselect fallback to pattern-defeating sort when
// partitions stay unbalanced), never a full sort of a long list.
func Median(xs []float64) float64 {
	n := len(xs)
	switch n {
	case 0:
		return math.NaN()
	case 1:
		return xs[0] + 0 // +0 for -0
	case 2:
		return Midpoint(xs[0], xs[1])
	case 3: // common (files of many short rows): no partitioning at all
		return med3(xs[0], xs[1], xs[2]) + 0
	}
	k := n / 2
	if n%2 == 1 {
		Select(xs, k)
		return xs[k] + 0
	}
	// The largest value below k lies after the selection's last cut
	// before k: a few values, not half the list.
	var c cuts
	c.selectIn(xs, 0, n, k)
	a, _ := c.around(k-1, 0, k)
	return Midpoint(maxOf(xs[a:k]), xs[k])
}

// Midpoint returns (a+b)/2 correctly rounded without overflow: the sum is
// exact or rounds once and halving is exact in the normal range; only when
// the sum overflows while both are finite is a/2+b/2 used instead. The
// midpoint of -Inf and +Inf is NaN. A zero result is +0.
func Midpoint(a, b float64) float64 {
	m := (a + b) / 2
	if math.IsInf(m, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		m = a/2 + b/2
	}
	return m + 0
}

// Select reorders xs so that xs[k] holds the value it would hold if xs were
// sorted, every element before k is <= xs[k] and every element after is >=.
// xs must not contain NaN.
//
// Long ranges are narrowed with Floyd and Rivest's algorithm (a pivot
// chosen by selecting within a small sample, so each pass keeps little
// more than the answer's neighbourhood: about n + min(k, n-k) comparisons
// in all); the last few hundred elements go to quickselect.
func Select(xs []float64, k int) { selectCutting(xs, k, nil) }

// selectCutting is Select, noting in c where it cut xs on the way (c may
// be nil).
func selectCutting(xs []float64, k int, c *cuts) {
	if len(xs) == 0 {
		return
	}
	lo, hi := floydRivest(xs, 0, len(xs)-1, k, c)
	quickselect(xs, lo, hi, k, c)
}

// cuts are places where a selection partitioned its whole slice: every
// value before a cut is <= every value from it on. Each pass of a
// selection keeps the part that holds k and leaves the other whole; a
// later selection of another rank need only look between the two cuts
// around that rank (Quartiles: the lower quartile within the part of the
// lower half the median's selection left, not the whole half), and the
// largest value below a rank lies between it and the last cut before it.
//
// A selection's passes narrow nested ranges, so its cuts below k rise and
// those above fall: the first of each side bounds the values at the ends
// of the list (its smallest and largest), the last the values next to k.
// Only those four are kept per selection. Any subset of the cuts is as
// true as all of them, so dropping the middle ones loses nothing exact,
// and around has a few cuts to read, not one per pass (reading every cut
// cost a seventh of Quartiles' time on lists of 100).
type cuts struct {
	at   [12]int // per selection: first and last cut below, first and last above; 0 is none
	n    int
	base int // the offset of the current selection's slice in the whole
	sel  int // where its four cuts begin in at
}

// selectIn selects rank k of xs within xs[lo:hi] (k and the cuts noted
// are places in xs, not in the slice).
func (c *cuts) selectIn(xs []float64, lo, hi, k int) {
	if c.n+4 > len(c.at) {
		Select(xs[lo:hi], k-lo)
		return
	}
	c.base, c.sel = lo, c.n
	c.n += 4
	selectCutting(xs[lo:hi], k-lo, c)
}

// keep notes the cut a pass made when it narrowed [lo, hi] to [nlo, nhi]:
// the side that moved (both, rarely).
func (c *cuts) keep(lo, hi, nlo, nhi int) {
	if c == nil {
		return
	}
	if nlo != lo {
		c.note(0, nlo)
	}
	if nhi != hi {
		c.note(2, nhi+1)
	}
}

// settled notes that xs[lo..k] hold their sorted values (a sorted range,
// or copies of xs[k] from lo on): every place from lo to k+1 is a cut, and
// k-1 is the closest below k (the largest value under xs[k] is xs[k-1]).
func (c *cuts) settled(lo, k int) {
	if c != nil && k-1 > lo {
		c.note(0, k-1)
	}
}

// note makes x (a place in the slice) the current selection's last cut
// on a side (0 below k, 2 above), and its first if it has none yet. A cut
// is never at 0 (nothing lies before it), so 0 marks an empty slot.
func (c *cuts) note(side, x int) {
	s := c.at[c.sel+side : c.sel+side+2 : c.sel+side+2]
	if s[0] == 0 {
		s[0] = c.base + x
	}
	s[1] = c.base + x
}

// around returns the tightest [a, b) between cuts that holds i, within
// [lo, hi). Without branches on the cuts (conditional moves): which side
// of i a cut falls on is a coin toss for the branch predictor.
func (c *cuts) around(i, lo, hi int) (int, int) {
	a, b := lo, hi
	for _, x := range c.at[:c.n] {
		below, above := x, x
		if x > i {
			below = lo
		}
		if x <= i {
			above = hi
		}
		a, b = max(a, below), min(b, above)
	}
	return a, b
}

// frCutoff is the range length below which Floyd–Rivest hands over.
const frCutoff = 600

// floydRivest narrows [left, right] around k until it is short, keeping
// every element left of it <= and every element right of it >= the
// answer; it returns the narrowed range.
func floydRivest(xs []float64, left, right, k int, c *cuts) (int, int) {
	poor := 0 // passes that kept more than half the range
	for right-left > frCutoff {
		if poor > 3 {
			// An input that defeats the sample: quickselect's own
			// fallback (a sort) bounds the work from here.
			return left, right
		}
		before := right - left
		// Select within a sample around k first, so that xs[k] is a pivot
		// close to the answer.
		n := float64(right - left + 1)
		i := float64(k - left + 1)
		z := math.Log(n)
		s := 0.5 * math.Exp(2*z/3)
		sd := 0.5 * math.Sqrt(z*s*(n-s)/n)
		if i < n/2 {
			sd = -sd
		}
		newLeft := max(left, int(float64(k)-i*s/n+sd))
		newRight := min(right, int(float64(k)+(n-i)*s/n+sd))
		// The sample's passes cut only the sample: no cuts noted.
		l, r := floydRivest(xs, newLeft, newRight, k, nil)
		quickselect(xs, l, r, k, nil)

		// Partition [left, right] around t = xs[k].
		nl, nr, done := narrow(xs, left, right, k, xs[k])
		if done {
			c.settled(left, k)
			return k, k
		}
		c.keep(left, right, nl, nr)
		left, right = nl, nr
		if right-left > before/2 {
			poor++
		}
	}
	return left, right
}

// quickselect finishes Select on xs[lo..hi], which holds k.
func quickselect(xs []float64, lo, hi, k int, c *cuts) {
	budget := 2 * bits.Len(uint(hi-lo+1)) // bad partitions allowed before the fallback
	for hi-lo > 4 {
		before := hi - lo
		nl, nh, done := narrow(xs, lo, hi, k, pivot(xs, lo, hi))
		if done {
			c.settled(lo, k)
			return
		}
		c.keep(lo, hi, nl, nh)
		lo, hi = nl, nh
		if shrunkTooLittle(before, hi-lo) {
			budget--
		}
		if budget <= 0 {
			slices.Sort(xs[lo : hi+1])
			c.settled(lo, k)
			return
		}
	}
	insertionSort(xs[lo : hi+1])
	c.settled(lo, k)
}

// narrow partitions xs[lo..hi] around p, one of its values, and returns
// the part that holds k; done when that is p's copies, so xs[k] = p is
// in place. Every call shrinks the range.
func narrow(xs []float64, lo, hi, k int, p float64) (int, int, bool) {
	j := lo + partitionBelow(xs[lo:hi+1], p) // xs[lo:j] < p <= xs[j:hi+1]
	switch {
	case k < j: // p is in the range, so the part >= p is not empty
		return lo, j - 1, false
	case j > lo:
		return j, hi, false
	}
	// p is the range's smallest value: its copies go first.
	e := lo + partitionAtMost(xs[lo:hi+1], p)
	if k < e {
		return lo, hi, true
	}
	return e, hi, false
}

// shrunkTooLittle reports a partition that kept more than 7/8 of the range.
func shrunkTooLittle(before, after int) bool { return after > before-before/8 }

// pivot picks a pivot value for xs[lo..hi]: the median of three for short
// ranges, Tukey's ninther from 40 values on (from 128 before: 100 values
// took 3-5% longer, their passes more unequal).
func pivot(xs []float64, lo, hi int) float64 {
	n := hi - lo + 1
	mid := lo + n/2
	if n < 40 {
		return med3(xs[lo], xs[mid], xs[hi])
	}
	s := n / 8
	a := med3(xs[lo], xs[lo+s], xs[lo+2*s])
	b := med3(xs[mid-s], xs[mid], xs[mid+s])
	c := med3(xs[hi-2*s], xs[hi-s], xs[hi])
	return med3(a, b, c)
}

func med3(a, b, c float64) float64 {
	// min and max, not branches: the order of three values of real data is
	// a coin toss for the branch predictor.
	return max(min(a, b), min(max(a, b), c))
}

// partitionBelow moves the values of xs below p to its front and returns
// their count. It has no branch on the data (the count grows by the
// comparison's 0 or 1, every value is swapped into place regardless): on
// real lists, unlike one list measured again and again, the comparisons
// are unpredictable, and a mispredicted branch per value cost Hoare's
// scheme 5–8× this (BenchmarkQuartiles).
func partitionBelow(xs []float64, p float64) int {
	j := 0
	i := 0
	// Four at a time: the values are read before any is moved (a swap
	// writes only at i and at j <= i, never ahead), and the places come
	// from unsafe, since the compiler cannot see that j <= i.
	base := unsafe.Pointer(unsafe.SliceData(xs))
	at := func(i int) *float64 { return (*float64)(unsafe.Add(base, uintptr(i)*8)) }
	for ; i+4 <= len(xs); i += 4 {
		q := (*[4]float64)(xs[i:])
		v0, v1, v2, v3 := q[0], q[1], q[2], q[3]
		q[0] = *at(j)
		*at(j) = v0
		j += b2i(v0 < p)
		q[1] = *at(j)
		*at(j) = v1
		j += b2i(v1 < p)
		q[2] = *at(j)
		*at(j) = v2
		j += b2i(v2 < p)
		q[3] = *at(j)
		*at(j) = v3
		j += b2i(v3 < p)
	}
	for ; i < len(xs); i++ {
		v := xs[i]
		*at(i) = *at(j)
		*at(j) = v
		j += b2i(v < p)
	}
	return j
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	c := 0
	if b {
		c = 1
	}
	return c
}

// partitionAtMost is partitionBelow for the values <= p.
func partitionAtMost(xs []float64, p float64) int {
	j := 0
	for i, v := range xs {
		xs[i] = xs[j]
		xs[j] = v
		c := 0
		if v <= p {
			c = 1
		}
		j += c
	}
	return j
}

func insertionSort(xs []float64) {
	for i := 1; i < len(xs); i++ {
		v := xs[i]
		j := i
		for j > 0 && xs[j-1] > v {
			xs[j] = xs[j-1]
			j--
		}
		xs[j] = v
	}
}
