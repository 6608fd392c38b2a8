package hugepage

import (
	"runtime"
	"testing"
	"unsafe"
)

func check[T Plain](t *testing.T, n int) {
	t.Helper()
	a := Make[T](n)
	if len(a) != n || cap(a) != n {
		t.Fatalf("Make(%d): len %d cap %d", n, len(a), cap(a))
	}
	var zero T
	for i := range a {
		if a[i] != zero {
			t.Fatalf("Make(%d)[%d] = %v, want zero", n, i, a[i])
		}
		a[i] = T(i % 100) // the whole array is writable
	}
	big := n*int(unsafe.Sizeof(zero)) >= 2*Size
	if big && runtime.GOOS == "linux" {
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(a))); p%Size != 0 {
			t.Fatalf("Make(%d) starts at %#x, not on a huge page", n, p)
		}
	}
}

func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 2*Size/8 - 1, 2 * Size / 8, 5<<20 + 3} {
		check[float64](t, n)
		check[int32](t, n)
	}
	for _, n := range []int{0, 7, 2*Size - 1, 2 * Size, 9<<20 + 1} {
		check[byte](t, n)
	}
}
