//go:build !linux

package priority

// Lower is a no-op where thread priorities are not available.
func Lower() {}
