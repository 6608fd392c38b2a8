package hugepage

import (
	"sync"
	"unsafe"
)

// Arena hands out large arrays of plain values outside the Go heap (on
// Linux, anonymous mappings) and gives their memory back to the OS the
// moment they are freed.
//
// Why: the parts of a record longer than a block (one line of 30M values,
// rows of a million) come and go by the megabyte. On the Go heap a freed
// part stays resident until the collector's next cycle and the scavenger's
// return, and a new one allocated over recycled heap memory is cleared
// whole, its spare room included. Rows of a million values peaked at 170 MiB for
// 8 MB of values selected at a time.
//
// The rule that makes it safe: an array is freed (Free, FreeAll) only
// when nothing will read it again; a read after that faults. The zero
// Arena is ready; a nil *Arena hands out ordinary arrays (make) and frees
// nothing. An array under 256 KiB is an ordinary one either way.
type Arena struct {
	mu   sync.Mutex
	live map[unsafe.Pointer][]byte // an array's first element → its mapping
}

// arenaMin is the size from which an Arena maps an array: a mapping costs
// two system calls, and a smaller array is gone with the collector's next
// cycle anyway.
const arenaMin = 256 << 10

// Alloc returns a zeroed []T of length and capacity n, of which about the
// first filled elements will be written (only the huge pages within those
// are advised, as MakeFilled).
func Alloc[T any](a *Arena, n, filled int) []T {
	var t T
	size := n * sizeOf(t)
	if a == nil || size < arenaMin {
		return MakeFilled[T](n, filled)
	}
	m, data, ok := mapAligned(size, min(filled, n)*sizeOf(t))
	if !ok {
		return MakeFilled[T](n, filled)
	}
	s := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(data))), n)
	a.mu.Lock()
	if a.live == nil {
		a.live = map[unsafe.Pointer][]byte{}
	}
	a.live[unsafe.Pointer(unsafe.SliceData(s))] = m
	a.mu.Unlock()
	return s
}

// Free returns s's memory to the OS when s is an array Alloc mapped (any
// slice of it that starts where it starts); an ordinary array is left to
// the collector. Nothing may read s afterwards.
func Free[T any](a *Arena, s []T) {
	if a == nil || cap(s) == 0 {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	a.mu.Lock()
	m, ok := a.live[p]
	delete(a.live, p)
	a.mu.Unlock()
	if ok {
		unmap(m)
	}
}

// GrowIn returns s with room for n more elements: when it has none, a
// copy in a new array of a's (Alloc) of twice the length (or len+n), and s
// is freed (so nothing may read s afterwards, only the array returned). A
// table that grows by doubling to tens of MiB (a million groups) then
// holds its final size and not the garbage of every size before it until
// the collector's next cycle. With a nil a, the arrays are ordinary ones.
func GrowIn[T any](a *Arena, s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	c := max(2*len(s), len(s)+n, 16)
	g := Alloc[T](a, c, c)
	g = g[:copy(g, s)]
	Free(a, s)
	return g
}

// FreeAll frees every array still out: at the end of their users' work,
// for the arrays an error or a cancel left behind.
func (a *Arena) FreeAll() {
	if a == nil {
		return
	}
	a.mu.Lock()
	live := a.live
	a.live = nil
	a.mu.Unlock()
	for _, m := range live {
		unmap(m)
	}
}

// Len is the number of arrays out (for tests).
func (a *Arena) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.live)
}
