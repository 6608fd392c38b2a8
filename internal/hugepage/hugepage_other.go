//go:build !linux

package hugepage

func aligned[T Plain](n int) []T { return make([]T, n) }
