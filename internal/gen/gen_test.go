package gen

import (
	"bytes"
	"testing"
)

// WriteLists writes exactly the lists asked for, the same rows as Write
// with the same shape and seed.
func TestWriteListsIsWriteCutByRows(t *testing.T) {
	for _, c := range []struct {
		shape string
		lists int
	}{{"tall", 1}, {"tall", 1000}, {"ragged", 7}, {"wide", 3}} {
		var byRows, bySize bytes.Buffer
		if err := WriteLists(&byRows, c.shape, c.lists, 9); err != nil {
			t.Fatal(err)
		}
		if got := bytes.Count(byRows.Bytes(), []byte("\n")); got != c.lists {
			t.Errorf("%s: %d lines, want %d", c.shape, got, c.lists)
		}
		if err := Write(&bySize, c.shape, int64(byRows.Len()), 9); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(byRows.Bytes(), bySize.Bytes()) {
			t.Errorf("%s: %d lists differ from Write's first %d bytes", c.shape, c.lists, byRows.Len())
		}
	}
	if err := WriteLists(&bytes.Buffer{}, "round", 1, 1); err == nil {
		t.Error("an unknown shape is no error")
	}
}
