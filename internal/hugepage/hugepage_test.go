package hugepage

import (
	"runtime"
	"testing"
	"unsafe"
)

func check[T ~byte | ~int32 | ~float64](t *testing.T, n int) {
	t.Helper()
	a := MakeFilled[T](n, n)
	if len(a) != n || cap(a) != n {
		t.Fatalf("MakeFilled(%d, %d): len %d cap %d", n, n, len(a), cap(a))
	}
	var zero T
	for i := range a {
		if a[i] != zero {
			t.Fatalf("MakeFilled(%d, %d)[%d] = %v, want zero", n, n, i, a[i])
		}
		a[i] = T(i % 100) // the whole array is writable
	}
	big := n*int(unsafe.Sizeof(zero)) >= 2*Size
	if big && runtime.GOOS == "linux" {
		// It starts on a huge page, or within an element of one (for an
		// element size that does not divide it).
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(a))); p%Size >= unsafe.Sizeof(zero) {
			t.Fatalf("MakeFilled(%d, %d) starts at %#x, not on a huge page", n, n, p)
		}
	}
}

func TestMakeFilled(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 2*Size/8 - 1, 2 * Size / 8, 5<<20 + 3} {
		check[float64](t, n)
		check[int32](t, n)
	}
	for _, n := range []int{0, 7, 2*Size - 1, 2 * Size, 9<<20 + 1} {
		check[byte](t, n)
	}
	// An element size that does not divide a huge page.
	type triple struct{ a, b, c int32 }
	for _, n := range []int{5, 1 << 20, 3<<20 + 1} {
		a := MakeFilled[triple](n, n)
		if len(a) != n || cap(a) != n {
			t.Fatalf("MakeFilled[triple](%d): len %d cap %d", n, len(a), cap(a))
		}
		for i := range a {
			if a[i] != (triple{}) {
				t.Fatalf("MakeFilled[triple](%d)[%d] not zero", n, i)
			}
			a[i] = triple{int32(i), 1, 2}
		}
	}
}

// GrowIn with no arena: ordinary arrays, grown by copying.
func TestGrow(t *testing.T) {
	var s []int32
	for i := range 3 << 20 {
		s = GrowIn(nil, s, 1)
		if cap(s) < len(s)+1 {
			t.Fatalf("GrowIn left no room at %d", i)
		}
		s = append(s, int32(i))
	}
	for i, v := range s {
		if v != int32(i) {
			t.Fatalf("s[%d] = %d after growing", i, v)
		}
	}
	if g := GrowIn(nil, s[:10:10], 5); len(g) != 10 || cap(g) < 15 || g[9] != 9 {
		t.Fatalf("GrowIn(nil, 10 of 10, 5): len %d cap %d", len(g), cap(g))
	}
}

// GrowIn keeps the values, and frees each outgrown mapped array: one array
// out at a time.
func TestGrowIn(t *testing.T) {
	var a Arena
	defer a.FreeAll()
	var s []int32
	for i := range 3 << 20 {
		s = GrowIn(&a, s, 1)
		if cap(s) < len(s)+1 {
			t.Fatalf("GrowIn left no room at %d", i)
		}
		s = append(s, int32(i))
		if n := a.Len(); n > 1 {
			t.Fatalf("%d arrays out at %d, want at most 1", n, i)
		}
	}
	for i, v := range s {
		if v != int32(i) {
			t.Fatalf("s[%d] = %d after growing", i, v)
		}
	}
	if runtime.GOOS == "linux" && a.Len() != 1 {
		t.Fatalf("%d arrays out, want the last one", a.Len())
	}
}

// MakeFilled with little or nothing filled, for element sizes that do and
// do not divide a huge page: no page to advise, no panic.
func TestMakeFilledSmall(t *testing.T) {
	type triple struct{ a, b, c int32 }
	for _, filled := range []int{0, 1, 1000, 1 << 20} {
		a := MakeFilled[triple](1<<20, filled)
		f := MakeFilled[float64](3<<20, filled)
		if len(a) != 1<<20 || len(f) != 3<<20 {
			t.Fatalf("MakeFilled(_, %d): len %d and %d", filled, len(a), len(f))
		}
		a[len(a)-1].c, f[len(f)-1] = 1, 1
	}
}

// An arena's arrays are zeroed and writable, large ones mapped and
// counted until freed; small ones, and a nil arena's, are ordinary.
func TestArena(t *testing.T) {
	var a Arena
	big := Alloc[float64](&a, 3<<20, 1<<20) // 24 MiB
	mid := Alloc[byte](&a, arenaMin, arenaMin)
	small := Alloc[float64](&a, 100, 100)
	for _, s := range [][]float64{big, small} {
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("element %d not zero", i)
			}
			s[i] = float64(i)
		}
	}
	for i := range mid {
		mid[i] = byte(i)
	}
	if len(big) != 3<<20 || cap(big) != 3<<20 || len(mid) != arenaMin {
		t.Fatalf("lengths %d/%d and %d", len(big), cap(big), len(mid))
	}
	want := 0
	if runtime.GOOS == "linux" {
		want = 2
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(big))); p%Size != 0 {
			t.Fatalf("a large array starts at %#x, not on a huge page", p)
		}
	}
	if a.Len() != want {
		t.Fatalf("%d arrays out, want %d", a.Len(), want)
	}
	Free(&a, small)   // ordinary: nothing to do
	Free(&a, big[:0]) // any slice that starts where the array does
	if a.Len() != want/2 {
		t.Fatalf("%d arrays out after Free, want %d", a.Len(), want/2)
	}
	a.FreeAll()
	if a.Len() != 0 {
		t.Fatalf("%d arrays out after FreeAll", a.Len())
	}
	var none *Arena
	s := Alloc[float64](none, 1<<20, 1<<20)
	s[len(s)-1] = 1
	Free(none, s)
	none.FreeAll()
}
