//go:build unix

package launch

import (
	"os"
	"syscall"
)

// run replaces this process with path: the window keeps the process ID
// (scripts that wait on it, the smoke test's tracing) and its streams.
func run(path string, args []string) error {
	return syscall.Exec(path, append([]string{path}, args...), os.Environ())
}
