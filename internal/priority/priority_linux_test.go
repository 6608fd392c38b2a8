package priority

import (
	"syscall"
	"testing"
)

// niceOf is the nice value of the calling thread (the raw getpriority
// returns 20 - nice), or -100 on an error.
func niceOf() int {
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		return -100
	}
	return 20 - p
}

// Lower makes the goroutine's thread nice 10 and leaves the other threads
// (the UI's) as they were.
func TestLower(t *testing.T) {
	before := niceOf()
	got := make(chan int)
	go func() {
		Lower()
		got <- niceOf()
	}()
	if n := <-got; n != 10 {
		t.Errorf("nice after Lower: %d, want 10", n)
	}
	if n := niceOf(); n != before {
		t.Errorf("the caller's thread went from nice %d to %d", before, n)
	}
}
