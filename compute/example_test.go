package compute_test

import (
	"context"
	"fmt"
	"strings"

	"medianscope/compute"
)

func ExampleRun() {
	in := strings.NewReader("run,a,b,c\nr1,3,1,2\nr2,10,20\nr3,NA,-4\n")
	res, err := compute.Run(context.Background(), in, compute.Options{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range res.Stats.Len() {
		l := res.Stats.At(i)
		fmt.Printf("%s (line %d): median of %d values = %g\n", l.Label, l.Line, l.Count, l.Median)
	}
	mn, _ := res.Min()
	mx, _ := res.Max()
	fmt.Println("min:", mn.Label, "max:", mx.Label, "skipped:", res.Skipped)
	// Output:
	// r1 (line 2): median of 3 values = 2
	// r2 (line 3): median of 2 values = 15
	// r3 (line 4): median of 1 values = -4
	// min: r3 max: r2 skipped: 1
}

func ExampleParseNumber() {
	for _, s := range []string{"1.5e3", "-inf", "0x1p3", "1_000"} {
		f, ok := compute.ParseNumber([]byte(s))
		fmt.Println(s, f, ok)
	}
	// Output:
	// 1.5e3 1500 true
	// -inf -Inf true
	// 0x1p3 0 false
	// 1_000 0 false
}
