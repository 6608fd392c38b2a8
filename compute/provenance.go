package compute

import (
	"strconv"
	"time"
)

// The definitions behind the numbers, written into every Provenance so that
// an export read years later still says what its medians and quartiles are.
const (
	MedianDefinition   = "the middle value; for an even count the midpoint (a+b)/2 of the two middle values"
	QuartileDefinition = "R type 7 (numpy/pandas default, Excel QUARTILE.INC)"
)

// Provenance says where an export came from: the input (by name and
// SHA-256), how it was read, the definitions used, the program and the
// time. It is defined here, beside Result, because every front end and the
// chart writer (package plot) can import compute but not each other.
//
// The settings are the ones the engine reports in Result.Dialect — what
// was used, detected or given — not the options asked for. Skipping
// invalid cells is no setting here: without it a file with such a cell has
// no result at all, and the count skipped is part of the result.
//
// The JSON keys are in field order; Fields gives the same keys and values
// as text, in the same order, for formats without JSON (PNG text chunks,
// SVG metadata).
type Provenance struct {
	// Input is the file's base name (the SHA-256 identifies the content;
	// a full path would publish the user's folders in every shared chart),
	// or "<stdin>".
	Input string `json:"input"`
	// SHA256 is the lower-case hex digest of the input as stored (before
	// any decompression: `sha256sum FILE` gives the same), or
	// "unavailable (reason)".
	SHA256    string `json:"sha256"`
	Shape     string `json:"shape"`           // rows, columns or long
	Group     int    `json:"group,omitempty"` // long: 1-based group column
	Value     int    `json:"value,omitempty"` // long: 1-based value column
	Sheet     string `json:"sheet,omitempty"` // the sheet of a workbook
	Delimiter string `json:"delimiter"`       // "," ";" "|" or "tab"
	Decimal   string `json:"decimal"`         // point or comma
	Header    bool   `json:"header"`
	Labels    bool   `json:"labels"`
	Encoding  string `json:"encoding"`
	Workers   int    `json:"workers"`
	Median    string `json:"median"`    // MedianDefinition
	Quartiles string `json:"quartiles"` // QuartileDefinition
	Software  string `json:"software"`  // program and version, "Medianscope 0.1.0"
	Created   string `json:"created"`   // RFC 3339 in UTC, to the second
}

// NewProvenance describes how res was computed, stamped with the time now;
// the caller fills in Input, SHA256 and Software, which the engine does not
// know.
func NewProvenance(res *Result) Provenance {
	d := res.Dialect
	p := Provenance{
		Shape: d.Shape.String(), Sheet: d.Sheet,
		Delimiter: DelimiterName(d.Delimiter), Decimal: d.Decimal.String(),
		Header: d.Header, Labels: d.Labels, Encoding: d.Encoding,
		Workers: res.Workers, Median: MedianDefinition, Quartiles: QuartileDefinition,
		Created: time.Now().UTC().Format(time.RFC3339),
	}
	if d.Shape == ShapeLong {
		p.Group, p.Value = d.Group, d.Value
	}
	return p
}

// ProvenanceField is one key and its value as text.
type ProvenanceField struct{ Key, Value string }

// Fields lists p as text under its JSON keys, in JSON order, leaving out
// what the JSON leaves out; values are written as JSON writes them, less
// the quotes (true, 4, "tab" → true, 4, tab).
func (p Provenance) Fields() []ProvenanceField {
	f := []ProvenanceField{{"input", p.Input}, {"sha256", p.SHA256}, {"shape", p.Shape}}
	if p.Group != 0 {
		f = append(f, ProvenanceField{"group", strconv.Itoa(p.Group)})
	}
	if p.Value != 0 {
		f = append(f, ProvenanceField{"value", strconv.Itoa(p.Value)})
	}
	if p.Sheet != "" {
		f = append(f, ProvenanceField{"sheet", p.Sheet})
	}
	return append(f,
		ProvenanceField{"delimiter", p.Delimiter},
		ProvenanceField{"decimal", p.Decimal},
		ProvenanceField{"header", strconv.FormatBool(p.Header)},
		ProvenanceField{"labels", strconv.FormatBool(p.Labels)},
		ProvenanceField{"encoding", p.Encoding},
		ProvenanceField{"workers", strconv.Itoa(p.Workers)},
		ProvenanceField{"median", p.Median},
		ProvenanceField{"quartiles", p.Quartiles},
		ProvenanceField{"software", p.Software},
		ProvenanceField{"created", p.Created},
	)
}
