package plot

import (
	"math/rand/v2"
	"testing"
)

func randomSeries(n int) *Data {
	r := rand.New(rand.NewPCG(1, 2))
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = 20 + r.NormFloat64()
	}
	return NewSeries("bench", ys)
}

func BenchmarkMediansImage(b *testing.B) {
	for _, n := range []int{40, 100_000, 10_000_000} {
		d := randomSeries(n)
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := (Chart{MediansChart, Size{W: 1200, H: 600, Scale: 1}, Light}).Image(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for n >= 10 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return string(rune('0'+n)) + s
}
