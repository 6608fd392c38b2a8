// Command gencsv writes a synthetic CSV for benchmarks and smoke tests:
//
//	go run ./tools/gencsv -shape ragged -size 200000000 -o big.csv
//	go run ./tools/gencsv -shape tall -lists 10000000 -o tall-10M.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"medianscope/internal/atomicfile"
	"medianscope/internal/gen"
)

func main() {
	shape := flag.String("shape", "ragged", fmt.Sprintf("one of %v", gen.Shapes))
	size := flag.Int64("size", 100e6, "approximate size in bytes")
	lists := flag.Int("lists", 0, "exactly this many lists (rows) instead of -size bytes")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "", "output file (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencsv: -o FILE is required")
		os.Exit(2)
	}
	err := atomicfile.Write(*out, func(w io.Writer) error {
		if *lists > 0 {
			return gen.WriteLists(w, *shape, *lists, *seed)
		}
		return gen.Write(w, *shape, *size, *seed)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
}
