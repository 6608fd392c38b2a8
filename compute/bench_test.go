package compute

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"medianscope/internal/gen"
)

// benchSize is the size of each generated benchmark input.
const benchSize = 32 << 20

// naiveMedians is the baseline a first version would be: encoding/csv,
// strconv.ParseFloat per cell, a full sort per row, one goroutine.
func naiveMedians(r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	n := 0
	var vals []float64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		vals = vals[:0]
		for _, c := range rec[1:] {
			if v, err := strconv.ParseFloat(c, 64); err == nil {
				vals = append(vals, v)
			}
		}
		sort.Float64s(vals)
		n++
	}
}

// BenchmarkRun measures end-to-end throughput on each generated shape: the
// naive single-goroutine baseline, the engine on one worker, and on every
// CPU. scripts/bench.sh turns the MB/s into ratios against the baseline.
func BenchmarkRun(b *testing.B) {
	for _, shape := range gen.Shapes {
		var buf bytes.Buffer
		if err := gen.Write(&buf, shape, benchSize, 1); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		b.Run(shape+"/naive-baseline", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := naiveMedians(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, w := range []int{1, runtime.NumCPU()} {
			b.Run(fmt.Sprintf("%s/workers=%d", shape, w), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := Run(context.Background(), bytes.NewReader(data), Options{Workers: w}, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCancel reports how long Run takes to return after its context
// is cancelled in the middle of an endless input (goal: under 100 ms).
func BenchmarkCancel(b *testing.B) {
	var worst time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan time.Time)
		go func() {
			Run(ctx, &endless{}, Options{}, nil)
			done <- time.Now()
		}()
		time.Sleep(50 * time.Millisecond)
		at := time.Now()
		cancel()
		worst = max(worst, (<-done).Sub(at))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

// BenchmarkSniff measures the sniffer on a full sample of each shape, with
// everything to detect; its MB/s set against BenchmarkRun's says what
// share of a run the sniffing costs (it reads SampleSize bytes whatever
// the file's size).
func BenchmarkSniff(b *testing.B) {
	for _, shape := range gen.Shapes {
		var buf bytes.Buffer
		if err := gen.Write(&buf, shape, 2*SampleSize, 1); err != nil {
			b.Fatal(err)
		}
		sample := buf.Bytes()[:SampleSize]
		b.Run(shape, func(b *testing.B) {
			b.SetBytes(SampleSize)
			for b.Loop() {
				o := Options{}
				if err := sniff(sample, false, &o, &Report{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSpread measures what every list's quartiles and extremes cost
// over medians alone (Options.Spread), and the min and max lists' alone
// (Options.ExtremesSpread), on each generated shape. The three runs
// alternate within every iteration, their order turning, and the costs are
// the median of the iterations' ratios (spread-% and extremes-% over
// medians-ms): on shared cores a burst of load or a collection lands on one
// run, and moves a ratio of sums by 10%.
func BenchmarkSpread(b *testing.B) {
	modes := []Options{{}, {Spread: true}, {ExtremesSpread: true}}
	for _, shape := range gen.Shapes {
		var buf bytes.Buffer
		if err := gen.Write(&buf, shape, benchSize, 1); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		b.Run(shape, func(b *testing.B) {
			b.SetBytes(int64(len(modes) * len(data)))
			b.ReportAllocs()
			var took [3][]float64
			for i := 0; b.Loop(); i++ {
				for k := range modes {
					m := (i + k) % len(modes)
					t0 := time.Now()
					if _, err := Run(context.Background(), bytes.NewReader(data), modes[m], nil); err != nil {
						b.Fatal(err)
					}
					took[m] = append(took[m], time.Since(t0).Seconds())
				}
			}
			costOver := func(m int) float64 {
				r := make([]float64, len(took[m]))
				for i := range r {
					r[i] = took[m][i] / took[0][i]
				}
				slices.Sort(r)
				return 100 * (r[len(r)/2] - 1)
			}
			med := slices.Clone(took[0])
			slices.Sort(med)
			b.ReportMetric(1000*med[len(med)/2], "medians-ms")
			b.ReportMetric(costOver(1), "spread-%")
			b.ReportMetric(costOver(2), "extremes-%")
		})
	}
}
