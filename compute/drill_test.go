package compute

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ReadList gives back every list's own numbers — their count, median and
// spread are the run's — whatever the shape and however the input is
// stored, reading only the record where it can.
func TestReadList(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	type input struct {
		name string
		text string
		opts Options
	}
	inputs := []input{
		{"rows", genCSV(r, 300), Options{SkipInvalid: true}},
		{"rows-quoted", "a,1,2\n\"multi\nline\",3,\"4\"\n\n  \nc,5,,x,6\r\nd,7\r8,9\n", Options{SkipInvalid: true}},
		{"columns", genShape(r, 200, false), Options{SkipInvalid: true, Shape: ShapeColumns}},
		{"long", genShape(r, 200, true), Options{SkipInvalid: true, Shape: ShapeLong, Group: "2", Value: "3"}},
	}
	dir := t.TempDir()
	for _, in := range inputs {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(in.text))
		zw.Close()
		for _, form := range []struct {
			name string
			data []byte
		}{{"plain", []byte(in.text)}, {"bom", append([]byte("\xef\xbb\xbf"), in.text...)}, {"gzip", gz.Bytes()}} {
			path := filepath.Join(dir, in.name+"-"+form.name)
			if err := os.WriteFile(path, form.data, 0o644); err != nil {
				t.Fatal(err)
			}
			open := func() (io.ReadCloser, error) { return os.Open(path) }
			f, _ := open()
			o := in.opts
			o.Workers, o.BlockSize, o.Spread = 3, 64, true
			res, err := Run(context.Background(), f, o, nil)
			f.Close()
			if err != nil {
				t.Fatalf("%s/%s: %v", in.name, form.name, err)
			}
			for i := range res.Stats.Len() {
				want := res.Stats.At(i)
				d, err := ReadList(context.Background(), open, res, in.opts, i, nil)
				if err != nil {
					t.Fatalf("%s/%s list %d: %v", in.name, form.name, i, err)
				}
				seekable := res.Dialect.Shape == ShapeRows && form.name != "gzip"
				if d.Seeked != seekable {
					t.Errorf("%s/%s: Seeked %v", in.name, form.name, d.Seeked)
				}
				if len(d.Values) != want.Count || !sameFloat(d.Spread.Median, want.Median) || (want.Count > 0 && !sameSpread(d.Spread, want.Spread())) {
					t.Fatalf("%s/%s list %d: read again %d values, spread %+v; the run had %+v", in.name, form.name, i, len(d.Values), d.Spread, want)
				}
			}
		}
	}
}

func TestReadListRefusals(t *testing.T) {
	res, err := runString(t, "1,2\n3,4\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadList(context.Background(), nil, res, Options{}, 0, nil); !errors.Is(err, ErrNoReopen) {
		t.Errorf("no input: %v", err)
	}
	if _, err := ReadList(context.Background(), nil, res, Options{}, 2, nil); err == nil {
		t.Error("list 3 of 2 read")
	}
	// The file changed since: said, not a wrong answer.
	path := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(path, []byte("1,2\n3\n"), 0o644)
	_, err = ReadList(context.Background(), func() (io.ReadCloser, error) { return os.Open(path) }, res, Options{}, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("changed file: %v", err)
	}
}

// A drill-down into the last list of a long row reads only that record.
func TestReadListSeeksPastBigRows(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		for j := range 200 {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.Repeat("1", 1+(i+j)%5))
		}
		b.WriteByte('\n')
	}
	b.WriteString("5,1,4\n")
	path := filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	res, err := runString(t, b.String(), Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var read countingFile
	d, err := ReadList(context.Background(), func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		read.File = f
		return &read, err
	}, res, Options{}, 2000, nil)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(d.Values)
	if !slices.Equal(d.Values, []float64{1, 4, 5}) || d.Spread.Median != 4 {
		t.Errorf("values %v, spread %+v", d.Values, d.Spread)
	}
	if read.n > 64<<10 {
		t.Errorf("read %d bytes of %d for one short record", read.n, b.Len())
	}
}

type countingFile struct {
	*os.File
	n int
}

func (c *countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	c.n += n
	return n, err
}
