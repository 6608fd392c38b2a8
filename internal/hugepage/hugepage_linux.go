package hugepage

import (
	"syscall"
	"unsafe"
)

// aligned allocates n values and one huge page more, starts the array at
// the first huge-page boundary, and advises the whole huge pages it spans.
// The slack (up to a page, before and after) is never touched, so it costs
// address space, not memory. A fresh large allocation is not yet touched
// (the runtime knows pages from the OS are zero), so the advice comes in
// time for the first fault.
func aligned[T Plain](n int) []T {
	var t T
	size := sizeOf(t)
	per := Size / size
	raw := make([]T, n+per)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(raw)))
	skip := int((Size - p%Size) % Size / uintptr(size))
	a := raw[skip : skip+n : skip+n]
	if whole := n * size / Size * Size; whole > 0 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), whole)
		// An error (a kernel without THP) leaves ordinary pages.
		_ = syscall.Madvise(b, madvHugepage)
	}
	return a
}

const madvHugepage = 14 // MADV_HUGEPAGE
