package gui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"

	"medianscope/assets"
	"medianscope/compute"
)

// Source is something the window can compute: a file, or the bundled
// sample.
type Source struct {
	Name   string // file name, for titles and default export names
	Path   string // absolute path of a file; "" otherwise
	Sample bool
	size   int64 // bytes, when known without a Stat (0: ask the reader)
	open   func() (io.ReadCloser, error)
}

// FileSource is the file at path.
func FileSource(path string) Source {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return Source{Name: filepath.Base(path), Path: path, open: func() (io.ReadCloser, error) {
		return compute.OpenFile(path)
	}}
}

// SampleSource is the sample built into the app.
func SampleSource() Source {
	return BytesSource(assets.SampleName, assets.Sample, true)
}

// BytesSource computes data held in memory.
func BytesSource(name string, data []byte, sample bool) Source {
	return Source{Name: name, Sample: sample, size: int64(len(data)), open: func() (io.ReadCloser, error) {
		return memoryFile{bytes.NewReader(data)}, nil
	}}
}

// memoryFile is data in memory as a file: it can seek, so that a
// drill-down reads only its list again.
type memoryFile struct{ *bytes.Reader }

func (memoryFile) Close() error { return nil }

// ReaderSource computes what open returns, size bytes (-1 if unknown).
func ReaderSource(name string, size int64, open func() (io.ReadCloser, error)) Source {
	return Source{Name: name, size: size, open: open}
}

// Title is the window title for the source.
func (s Source) Title() string {
	if s.Sample {
		return "Medianscope — " + s.Name + " (bundled sample)"
	}
	return "Medianscope — " + s.Name
}

func runSource(ctx context.Context, src Source, opts compute.Options, onProgress func(compute.Progress)) (*compute.Result, error) {
	rc, err := src.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if src.size != 0 {
		opts.TotalBytes = src.size
	}
	return compute.Run(ctx, rc, opts, onProgress)
}
