package compute

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// records tokenises data with the engine's tokenizer into string records.
func records(t *testing.T, data []byte) [][]string {
	t.Helper()
	tk := newTokenizer(data, 1, ',')
	var out [][]string
	for tk.startRecord() {
		var rec []string
		for {
			cell, err := tk.next()
			if err != nil {
				t.Fatalf("line %d: %v", err.Line, err)
			}
			rec = append(rec, string(cell))
			if tk.eor {
				break
			}
		}
		out = append(out, rec)
	}
	return out
}

// TestCSVSpectrum parses the csv-spectrum cases as RFC 4180 says. Where Go's
// encoding/csv differs — it turns CRLF inside quotes into LF — we keep the
// bytes as written, so newlines_crlf.csv matches its JSON here too.
// location_coordinates.csv has a bare quote in an unquoted cell (not RFC
// 4180): it must give a positioned error, not a crash or a guess.
func TestCSVSpectrum(t *testing.T) {
	dir := filepath.Join(sharedDir, "csv-spectrum")
	csvs, _ := filepath.Glob(filepath.Join(dir, "csvs", "*.csv"))
	if len(csvs) == 0 {
		t.Skipf("csv-spectrum not found at %s (it lives in ../shared beside the project root)", dir)
	}
	for _, path := range csvs {
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if name == "location_coordinates" {
				_, err := Run(context.Background(), strings.NewReader(string(data)), Options{}, nil)
				var pe *ParseError
				if !errors.As(err, &pe) || !errors.Is(err, ErrBadQuote) || pe.Line != 2 {
					t.Fatalf("err = %v, want a quoting error on line 2", err)
				}
				return
			}
			raw, err := os.ReadFile(filepath.Join(dir, "json", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var want []map[string]string
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			recs := records(t, data)
			if len(recs) == 0 {
				t.Fatal("no records")
			}
			header := recs[0]
			var got []map[string]string
			for _, r := range recs[1:] {
				m := map[string]string{}
				for i, h := range header {
					if i < len(r) {
						m[h] = r[i]
					}
				}
				got = append(got, m)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}
