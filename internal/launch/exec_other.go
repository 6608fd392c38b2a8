//go:build !unix

package launch

import (
	"errors"
	"os"
	"os/exec"
)

// run starts path as a child with this process's streams and exits with
// its status once it ends (no exec(2) here).
func run(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		os.Exit(exit.ExitCode())
	}
	if err != nil {
		return err
	}
	os.Exit(0)
	return nil
}
