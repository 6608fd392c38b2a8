package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"medianscope/bench/peers"
)

// Medianscope is measured as a user runs it, `medianscope -headless FILE`,
// and its result read from the summary it prints. Not from -json: -json
// carries the run's provenance, the input's SHA-256 among it, and that
// digest (a serial pass over every byte, ~1 GB/s) costs 10-20% of a
// 2-worker run's wall time on these shapes, for a thing no peer does.

// Lines of the summary (internal/cli.Summary):
//
//	FILE: 20000 lists (+1 empty), 10000000 values, 0 missing cells skipped
//	min median: 2.8645  "s09204", line 32787, 500 values
//	min median: 5  row 1, line 1, 30 000 000 values
var (
	countsLine = regexp.MustCompile(`: (\d+) lists(?: \(\+\d+ empty\))?, (\d+) values,`)
	sideLine   = regexp.MustCompile(`^(min|max) median: (\S+)  (.*), line (\d+), ([\d\x{2009}]+) values?$`)
)

// parseSummary reads the counts and the min and max lists from
// Medianscope's human summary. A list's index is known only when it is
// named by its position ("row N"); -1 otherwise, which check then does not
// compare (the line and the label it does).
func parseSummary(out string) (*peers.Result, error) {
	var res peers.Result
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 {
		return nil, fmt.Errorf("no output")
	}
	m := countsLine.FindStringSubmatch(lines[0])
	if m == nil {
		return nil, fmt.Errorf("first line %q: no list and value counts", lines[0])
	}
	res.Lists, _ = strconv.Atoi(m[1])
	res.Values, _ = strconv.ParseInt(m[2], 10, 64)
	for _, line := range lines[1:] {
		if strings.HasSuffix(line, "median: none (no list has a defined median)") {
			continue
		}
		m := sideLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		l, err := summaryList(m[2], m[3], m[4], m[5])
		if err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		if m[1] == "min" {
			res.Min = l
		} else {
			res.Max = l
		}
	}
	if res.Lists > 0 && (res.Min == nil || res.Max == nil) {
		return nil, fmt.Errorf("no min or max median line in %q", out)
	}
	return &res, nil
}

func summaryList(median, name, line, count string) (*peers.List, error) {
	var m peers.Median
	if err := m.UnmarshalJSON([]byte(median)); err != nil {
		if err := m.UnmarshalJSON([]byte(strconv.Quote(median))); err != nil {
			return nil, err
		}
	}
	l := &peers.List{Index: -1, Median: m}
	var err error
	if l.Line, err = strconv.Atoi(line); err != nil {
		return nil, err
	}
	if l.Count, err = strconv.Atoi(strings.ReplaceAll(count, "\u2009", "")); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, `"`) {
		if l.Label, err = strconv.Unquote(name); err != nil {
			return nil, fmt.Errorf("label %s: %v", name, err)
		}
		return l, nil
	}
	n, ok := strings.CutPrefix(name, "row ")
	i, err := strconv.Atoi(n)
	if !ok || err != nil {
		return nil, fmt.Errorf("list name %q: neither a quoted label nor row N", name)
	}
	l.Index = i - 1
	return l, nil
}
