//go:build !linux

package hugepage

func aligned[T any](n, filled int) []T { return make([]T, n) }

func mapAligned(size, filled int) (mapping, data []byte, ok bool) { return nil, nil, false }

func unmap(m []byte) {}
