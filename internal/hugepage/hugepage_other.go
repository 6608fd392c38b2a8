//go:build !linux

package hugepage

func aligned[T any](n int) []T { return make([]T, n) }
