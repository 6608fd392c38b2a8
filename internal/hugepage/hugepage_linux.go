package hugepage

import (
	"syscall"
	"unsafe"
)

// aligned allocates n values and a huge page more, starts the array at the
// first element on or after a huge-page boundary, and advises the whole
// huge pages inside its first filled elements. The slack (up to a page,
// before and after) is never touched, so it costs address space, not
// memory. A fresh large allocation is not yet touched (the runtime knows
// pages from the OS are zero), so the advice comes in time for the first
// fault.
func aligned[T any](n, filled int) []T {
	var t T
	size := uintptr(sizeOf(t))
	extra := int((Size + size - 1) / size)
	raw := make([]T, n+extra)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(raw)))
	skip := int(((Size-p%Size)%Size + size - 1) / size)
	a := raw[skip : skip+n : skip+n]
	advise(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), uintptr(n)*size), uintptr(filled)*size)
	return a
}

// advise advises the whole huge pages of b within its first filled bytes.
func advise(b []byte, filled uintptr) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first := (start + Size - 1) &^ (Size - 1) // the first huge page inside b
	last := (start + filled) &^ (Size - 1)    // the end of the last one filled
	if last > first {
		// An error (a kernel without THP) leaves ordinary pages.
		_ = syscall.Madvise(b[first-start:last-start], madvHugepage)
	}
}

const madvHugepage = 14 // MADV_HUGEPAGE

// mapAligned maps size bytes and a huge page more, and returns the mapping
// and its size bytes from the first huge-page boundary, whose whole huge
// pages within the first filled bytes are advised. The slack is never
// touched: address space, not memory.
// Under one huge page, it maps size bytes in ordinary pages (an array of
// exactly one, a slab of the int16 store, is advised as one).
func mapAligned(size, filled int) (mapping, data []byte, ok bool) {
	slack := Size
	if size < Size {
		slack = 0
	}
	m, err := syscall.Mmap(-1, 0, size+slack, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, nil, false
	}
	if slack == 0 {
		return m, m[:size:size], true
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(m)))
	skip := (Size - start%Size) % Size
	data = m[skip : skip+uintptr(size) : skip+uintptr(size)]
	advise(data, uintptr(filled))
	return m, data, true
}

func unmap(m []byte) { _ = syscall.Munmap(m) }
