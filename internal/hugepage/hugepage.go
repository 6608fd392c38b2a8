// Package hugepage hands out large arrays of plain values that the kernel
// backs with transparent huge pages where it offers them (Linux, with
// /sys/kernel/mm/transparent_hugepage/enabled at "madvise" or "always").
//
// Why: on the machines Medianscope is measured on (virtual machines), the
// first touch of a fresh 4 KiB page costs about 4 µs, so a long table of
// 10M rows, whose 80 MB of values are held until the end, spent a fifth
// of its CPU in page faults. A 2 MiB page is one fault where there were 512.
//
// The arrays are ordinary Go memory, freed by the collector; only the
// whole huge pages inside them are advised, so a smaller array is a plain
// make.
package hugepage

import "unsafe"

// Size is the size of a transparent huge page on amd64 and arm64 Linux.
const Size = 2 << 20

// MakeFilled returns a zeroed []T of length and capacity n, of which only
// about the first filled elements will be written: only the huge pages
// within those are advised. The rest stays in 4 KiB pages, so that the
// page holding the end of the data is not a whole 2 MiB resident for a few
// bytes written. It is meant for arrays of plain values (numbers, structs
// of numbers), which the collector need not scan.
func MakeFilled[T any](n, filled int) []T {
	var t T
	if n*sizeOf(t) < 2*Size {
		return make([]T, n)
	}
	return aligned[T](n, min(filled, n))
}

func sizeOf[T any](t T) int { return int(unsafe.Sizeof(t)) }
