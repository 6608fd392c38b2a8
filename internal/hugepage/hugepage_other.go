//go:build !linux

package hugepage

func aligned[T any](n, filled int) []T { return make([]T, n) }
