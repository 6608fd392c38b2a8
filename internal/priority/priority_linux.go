// Package priority lowers the scheduling priority of the goroutines that
// do the heavy work behind the window (the engine, sorts, exports), so
// that on a machine whose every core they keep busy the UI goroutine, the
// GL renderer's threads and the display server still get the CPU when
// they need it.
package priority

import (
	"runtime"
	"syscall"
)

// Lower pins the calling goroutine to its OS thread and lowers that
// thread's scheduling priority (nice 10), which needs no privilege. The
// goroutine must end without unlocking, so that Go discards the thread
// and the lower priority dies with it.
func Lower() {
	runtime.LockOSThread()
	syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10)
}
