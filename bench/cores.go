package main

import (
	"slices"
	"sync"
	"time"
)

// coreScaling measures what a second goroutine gives on this machine, as
// the ceiling for "2 workers vs 1": the time of a fixed amount of work on
// one goroutine over its time split across two, for two kinds of work:
//
//   - latency-bound: one chain of dependent floating-point operations per
//     goroutine (a core waits on each result; a second hardware thread on
//     the same core fills those waits);
//   - throughput-bound: independent integer operations over a buffer in
//     L1 (a core's execution units are the limit; two threads on one core
//     share them).
//
// Two separate cores give about 2× on both. If the two CPUs the machine
// shows share one core's units (SMT siblings on the host), the second is
// close to 1×, and so is any parser's speed-up from a second worker. The
// median of five alternating rounds.
func coreScaling() (latency, throughput float64) {
	measure := func(work func(parts int)) float64 {
		var r []float64
		for range 5 {
			t0 := time.Now()
			work(1)
			one := time.Since(t0)
			t0 = time.Now()
			work(2)
			two := time.Since(t0)
			r = append(r, one.Seconds()/two.Seconds())
		}
		slices.Sort(r)
		return r[len(r)/2]
	}
	split := func(parts int, f func(share int)) {
		var wg sync.WaitGroup
		for range parts {
			wg.Add(1)
			go func() { defer wg.Done(); f(parts) }()
		}
		wg.Wait()
	}
	latency = measure(func(parts int) {
		split(parts, func(share int) { sink(chain(100_000_000 / share)) })
	})
	throughput = measure(func(parts int) {
		split(parts, func(share int) {
			buf := make([]byte, 32<<10)
			for i := range buf {
				buf[i] = byte(i * 7)
			}
			s := 0
			for range 600 / share {
				s += mix(buf)
			}
			sink(float64(s))
		})
	})
	return latency, throughput
}

func chain(n int) float64 {
	x := 1.0
	for range n {
		x = x*1.0000001 + 1e-9
		if x > 2 {
			x--
		}
	}
	return x
}

func mix(b []byte) int {
	s := 0
	for i := 0; i+8 <= len(b); i += 8 {
		s += int(b[i]) ^ int(b[i+1])<<1 + int(b[i+2]) ^ int(b[i+3]) + int(b[i+4])*3 + int(b[i+5]) ^ int(b[i+6]) + int(b[i+7])
	}
	return s
}

var sinkMu sync.Mutex
var sunk float64

// sink keeps the compiler from dropping the work.
func sink(v float64) { sinkMu.Lock(); sunk += v; sinkMu.Unlock() }
