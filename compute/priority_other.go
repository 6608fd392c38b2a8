//go:build !linux

package compute

// lowerPriority is a no-op where thread priorities are not available.
func lowerPriority() {}
