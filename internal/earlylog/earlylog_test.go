package earlylog

import (
	"bytes"
	"log"
	"testing"
)

func TestFilter(t *testing.T) {
	var out bytes.Buffer
	l := log.New(&filter{w: &out}, "", 0)
	l.Println("Fyne error:  Error parsing user locale C")
	l.Println("  Cause: language: tag is not well-formed")
	l.Println("  At: /x/lang/locale.go:35")
	l.Println("Fyne error:  something real")
	l.Println("  Cause: it broke")
	if got := out.String(); got != "Fyne error:  something real\n  Cause: it broke\n" {
		t.Errorf("got %q", got)
	}
}
