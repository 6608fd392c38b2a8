package decompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// compressors make each format from plain bytes (bzip2: the standard
// library only reads it; a fixed stream of "a,1,2\n" × 3 stands in).
var compressors = map[Format]func([]byte) []byte{
	Gzip: func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	},
	Zstd: func(b []byte) []byte {
		w, _ := zstd.NewWriter(nil)
		defer w.Close()
		return w.EncodeAll(b, nil)
	},
	XZ: func(b []byte) []byte {
		var buf bytes.Buffer
		w, _ := xz.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	},
}

func TestRoundTripAndTruncation(t *testing.T) {
	plain := []byte(strings.Repeat("r,1.5,2,3\n", 5000))
	for f, compress := range compressors {
		t.Run(string(f), func(t *testing.T) {
			z := compress(plain)
			if got := Detect(z[:HeadSize]); got != f {
				t.Fatalf("Detect = %q, want %q", got, f)
			}
			r, err := NewReader(f, bytes.NewReader(z))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("round trip: %v, %d bytes", err, len(got))
			}
			r, err = NewReader(f, bytes.NewReader(z[:len(z)/2]))
			if err != nil {
				t.Fatal(err)
			}
			_, err = io.ReadAll(r)
			r.Close()
			if err == nil || !strings.Contains(err.Error(), string(f)) {
				t.Fatalf("truncated: err = %v, want an error naming %s", err, f)
			}
		})
	}
}

func TestBzip2(t *testing.T) {
	// "hello\n" compressed by bzip2(1).
	z := []byte("\x42\x5a\x68\x39\x31\x41\x59\x26\x53\x59\xc1\xc0\x80\xe2\x00\x00\x01\x41\x00\x00\x10\x02\x44\xa0\x00\x30\xcd\x00\xc3\x46\x29\x97\x17\x72\x45\x38\x50\x90\xc1\xc0\x80\xe2")
	if Detect(z) != Bzip2 {
		t.Fatal("not detected")
	}
	r, _ := NewReader(Bzip2, bytes.NewReader(z))
	got, err := io.ReadAll(r)
	if err != nil || string(got) != "hello\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	r, _ = NewReader(Bzip2, bytes.NewReader(z[:20]))
	if _, err := io.ReadAll(r); err == nil || !strings.Contains(err.Error(), "bzip2") {
		t.Fatalf("truncated: %v", err)
	}
}

func TestDetectPlain(t *testing.T) {
	for _, s := range []string{"", "a,1\n", "BZ", "BZhx", "\x1f"} {
		if f := Detect([]byte(s)); f != None {
			t.Errorf("Detect(%q) = %s", s, f)
		}
	}
}

func FuzzReaders(f *testing.F) {
	for _, c := range compressors {
		f.Add(c([]byte("a,1,2\n")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm := Detect(data)
		r, err := NewReader(fm, bytes.NewReader(data))
		if err != nil {
			return
		}
		defer r.Close()
		io.Copy(io.Discard, io.LimitReader(r, 1<<20))
	})
}
