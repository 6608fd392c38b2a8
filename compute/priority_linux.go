package compute

import (
	"runtime"
	"syscall"
)

// lowerPriority pins the calling goroutine to its OS thread and lowers
// that thread's scheduling priority (nice 10), which needs no privilege.
// The goroutine must end without unlocking, so that Go discards the
// thread and the lower priority dies with it.
func lowerPriority() {
	runtime.LockOSThread()
	syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10)
}
