package xlsx

import (
	"io"
	"os"
	"testing"
	"time"
)

func TestHang(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("HANG_FILE"))
	if err != nil {
		t.Skip()
	}
	for _, sheet := range []string{"", "Two"} {
		start := time.Now()
		rc, info, err := Open(data, sheet)
		t.Logf("sheet %q: open %v %+v err=%v", sheet, time.Since(start), info, err)
		if err != nil {
			continue
		}
		n, err := io.Copy(io.Discard, rc)
		t.Logf("read %d bytes err=%v in %v", n, err, time.Since(start))
		rc.Close()
	}
}
