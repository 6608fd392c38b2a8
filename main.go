// Command medianscope computes the median of every list in a CSV file and
// charts them: a window by default, or -headless for scripts.
package main

import (
	"os"

	"medianscope/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
