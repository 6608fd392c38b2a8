package human

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Bytes(512), "512 B"}, {Bytes(73_272), "73.3 kB"}, {Bytes(600_004_387), "600.0 MB"}, {Bytes(1_200_000_000), "1.20 GB"},
		{Int(0), "0"}, {Int(999), "999"}, {Int(1000), "1\u2009000"}, {Int(-12345678), "-12\u2009345\u2009678"},
		{Duration(678 * time.Microsecond), "678 µs"}, {Duration(1800 * time.Microsecond), "1.8 ms"},
		{Duration(2310 * time.Millisecond), "2.31 s"}, {Duration(65 * time.Second), "1m5s"},
		{Count(1, "value"), "1 value"}, {Count(0, "value"), "0 values"}, {Count(1234, "list"), "1\u2009234 lists"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
