// Package radix sorts unsigned integers by their bytes, most significant
// first, in place (American flag sort).
//
// Why: the window sorts a table of millions of rows as one slice of
// uint64 words (a key that orders as the value, its low bits the row's
// index). slices.Sort took about 2 s for 10M words on the UI's
// background goroutine; by bytes they take a few passes over the slice,
// and no second array (the window's peak memory has a goal).
package radix

import (
	"math/bits"
	"slices"
)

// small is the length below which a bucket is left to slices.Sort: a
// pass of counts over 256 buckets costs more than it saves there.
const small = 256

// Sort sorts xs in increasing order, in place. It starts at the highest
// byte in which the words differ, found in one pass: a table's keys
// (values close together) share their top bytes.
func Sort(xs []uint64) {
	var diff uint64
	for _, x := range xs {
		diff |= x ^ xs[0]
	}
	if diff == 0 {
		return
	}
	sortFrom(xs, uint(bits.Len64(diff)-1)/8*8)
}

// sortFrom sorts xs, whose words agree on every byte above shift+8.
func sortFrom(xs []uint64, shift uint) {
	for len(xs) > small {
		var count [256]int
		for _, x := range xs {
			count[byte(x>>shift)]++
		}
		if count[byte(xs[0]>>shift)] == len(xs) {
			// One bucket: this byte is the same in every word.
			if shift == 0 {
				return
			}
			shift -= 8
			continue
		}
		var start, next [256]int
		sum := 0
		for b, n := range count {
			start[b], next[b] = sum, sum
			sum += n
		}
		// Each word goes straight to its bucket's next free place; the
		// word it displaces moves on to its own, until one belongs
		// where the cycle began.
		for b := range 256 {
			end := start[b] + count[b]
			for next[b] < end {
				x := xs[next[b]]
				for d := byte(x >> shift); int(d) != b; d = byte(x >> shift) {
					xs[next[d]], x = x, xs[next[d]]
					next[d]++
				}
				xs[next[b]] = x
				next[b]++
			}
		}
		if shift == 0 {
			return
		}
		for b, n := range count {
			if n > 1 {
				sortFrom(xs[start[b]:start[b]+n], shift-8)
			}
		}
		return
	}
	slices.Sort(xs)
}
