package compute

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSVHeader is the first line WriteCSV writes.
const CSVHeader = "index,line,label,count,median,missing,invalid,q1,q3,min_value,max_value"

// WriteCSV writes every list in order as CSV: index, line, label, count,
// the median in shortest round-trip form (+Inf, -Inf, NaN) or empty for an
// empty list, then the ledger's missing and invalid cells (count + missing
// + invalid = the list's cells), then the list's quartiles and smallest and
// largest value in the same form (see Spread) — empty for an empty list, or
// when the run did not compute them (Options.Spread). Labels are quoted
// when they need it. The spread columns come last so that readers of the
// first seven keep working.
func WriteCSV(w io.Writer, lists *Store) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(CSVHeader + "\n")
	var row []byte
	var err error
	lists.Each(func(l ListStat) {
		if err != nil {
			return
		}
		row = strconv.AppendInt(row[:0], int64(l.Index), 10)
		row = append(row, ',')
		row = strconv.AppendInt(row, int64(l.Line), 10)
		row = append(row, ',')
		row = appendCSVField(row, l.Label)
		row = append(row, ',')
		row = strconv.AppendInt(row, int64(l.Count), 10)
		row = append(row, ',')
		if l.Count > 0 {
			row = AppendMedian(row, l.Median)
		}
		row = append(row, ',')
		row = strconv.AppendInt(row, int64(l.Missing), 10)
		row = append(row, ',')
		row = strconv.AppendInt(row, int64(l.Invalid), 10)
		for _, v := range [4]float64{l.Q1, l.Q3, l.MinValue, l.MaxValue} {
			row = append(row, ',')
			if l.HasSpread() {
				row = AppendMedian(row, v)
			}
		}
		row = append(row, '\n')
		_, err = bw.Write(row)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// AppendMedian appends m (a median or another statistic) in shortest
// round-trip form: "+Inf", "-Inf", "NaN", or strconv's 'g' format (-0 is
// written as 0).
func AppendMedian(b []byte, m float64) []byte {
	if math.IsInf(m, 1) {
		return append(b, "+Inf"...)
	}
	return strconv.AppendFloat(b, m+0, 'g', -1, 64)
}

func appendCSVField(b []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
