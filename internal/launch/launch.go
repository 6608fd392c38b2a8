// Package launch starts the window from the command line's binary.
//
// Medianscope is two executables side by side: medianscope, the command
// line (the headless mode, help, usage errors), and medianscope-window,
// the same program with the Fyne window linked in. The split is for the
// command line's sake: Go runs every linked package's initialisation
// before main, and Fyne's (its translations, its text shaping, the GL
// driver) took about 25 ms and 22 MiB of every headless run, half of a
// small file's whole run. Started without -headless, medianscope replaces
// itself with medianscope-window (same process, arguments, environment
// and standard streams), so `medianscope FILE` opens the window as before.
package launch

import (
	"fmt"
	"os"
	"path/filepath"
)

// WindowName is the window executable's file name, looked for in the
// folder of the running executable.
const WindowName = "medianscope-window"

// Window runs the window executable with args (the command line less the
// program name). It returns only when the window could not be started;
// then the error is one line that says what to do.
func Window(args []string) error {
	path, err := windowPath()
	if err == nil {
		err = run(path, args)
	}
	return fmt.Errorf("medianscope: cannot open the window: %v (`make build` builds %s beside medianscope; `medianscope -headless FILE` needs neither)", err, WindowName)
}

// windowPath is WindowName in the folder of the running executable, with
// symbolic links resolved (a link to medianscope in ~/bin still finds the
// window beside the real file).
func windowPath() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(self); err == nil {
		self = real
	}
	path := filepath.Join(filepath.Dir(self), WindowName)
	if st, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("no %s beside %s", WindowName, self)
	} else if st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s is not an executable file", path)
	}
	return path, nil
}
