package compute

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestProvenance computes inputs of each shape and checks what NewProvenance
// says of them, and that Fields has the JSON's keys and values in its order.
func TestProvenance(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opts  Options
		want  Provenance // the settings part
	}{
		{"rows", "a,1,2\nb,3,4\n", Options{Workers: 1},
			Provenance{Shape: "rows", Delimiter: ",", Decimal: "point", Labels: true, Encoding: "utf-8", Workers: 1}},
		{"columns, semicolon, decimal comma", "x;y\n1,5;2\n3,5;4\n", Options{Workers: 2, Shape: ShapeColumns},
			Provenance{Shape: "columns", Delimiter: ";", Decimal: "comma", Header: true, Encoding: "utf-8", Workers: 2}},
		{"long, tab", "t\tsite\tv\n1\ta\t5\n2\tb\t6\n", Options{Workers: 1, Shape: ShapeLong},
			Provenance{Shape: "long", Group: 2, Value: 3, Delimiter: "tab", Decimal: "point", Header: true, Encoding: "utf-8", Workers: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), strings.NewReader(tc.input), tc.opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			before := time.Now().UTC().Truncate(time.Second)
			p := NewProvenance(res)
			created, err := time.Parse(time.RFC3339, p.Created)
			if err != nil || !strings.HasSuffix(p.Created, "Z") || created.Before(before) || created.After(time.Now()) {
				t.Errorf("created %q: %v; want RFC 3339 in UTC, now", p.Created, err)
			}
			if p.Median != MedianDefinition || p.Quartiles != QuartileDefinition {
				t.Errorf("definitions %q, %q", p.Median, p.Quartiles)
			}
			want := tc.want
			want.Median, want.Quartiles, want.Created = p.Median, p.Quartiles, p.Created
			if p != want {
				t.Errorf("got  %+v\nwant %+v", p, want)
			}

			// Fields: the JSON's keys and values, in its order.
			p.Input, p.SHA256, p.Software = `R&D "1".csv`, "ab12", "Medianscope 1.2.3"
			var js bytes.Buffer
			enc := json.NewEncoder(&js)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(p); err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(&js)
			dec.UseNumber()
			dec.Token() // {
			var fromJSON []ProvenanceField
			for dec.More() {
				key, _ := dec.Token()
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Fatal(err)
				}
				fromJSON = append(fromJSON, ProvenanceField{key.(string), fmt.Sprint(v)})
			}
			fields := p.Fields()
			if len(fields) != len(fromJSON) {
				t.Fatalf("Fields %v\nJSON   %v", fields, fromJSON)
			}
			for i := range fields {
				if fields[i] != fromJSON[i] {
					t.Errorf("field %d: %v, JSON has %v", i, fields[i], fromJSON[i])
				}
			}
		})
	}
}
