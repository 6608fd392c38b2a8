// Package earlylog quiets one harmless message that Fyne logs while its
// packages are initialised: "Error parsing user locale C" (with its Cause
// and At lines), which every run under LANG=C or C.UTF-8 — CI machines,
// containers — would print, on the headless command line too, whose stderr
// is a contract (one line, and only for errors).
//
// It must set the log output before Fyne's lang package is initialised.
// Go initialises ready packages in lexical order of import path, so this
// package lives in a module of its own, early.medianscope/earlylog
// (replaced by this folder in the main go.mod), that sorts before
// fyne.io; main imports it for its side effect.
package earlylog

import (
	"bytes"
	"io"
	"log"
	"os"
	"sync"
)

func init() { log.SetOutput(&filter{w: os.Stderr}) }

// filter drops Fyne's locale-parsing error and the two lines after it;
// everything else goes through.
type filter struct {
	mu   sync.Mutex
	w    io.Writer
	skip int
}

func (f *filter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case bytes.Contains(p, []byte("Error parsing user locale")):
		f.skip = 2
		return len(p), nil
	case f.skip > 0 && (bytes.Contains(p, []byte("  Cause:")) || bytes.Contains(p, []byte("  At:"))):
		f.skip--
		return len(p), nil
	}
	f.skip = 0
	return f.w.Write(p)
}
