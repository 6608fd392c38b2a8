package compute

import (
	"bufio"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
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
//
// Formatting floats in shortest form is most of the cost (10M lists: about
// 4 s of one core, twice the run that computed them), so ranges of lists
// are formatted on every core and written in order.
func WriteCSV(w io.Writer, lists *Store) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(CSVHeader + "\n")
	n := lists.Len()
	workers := max(1, min(runtime.GOMAXPROCS(0), (n+csvSpan-1)/csvSpan))
	type piece struct {
		from, to int
		out      chan []byte
	}
	jobs := make(chan piece)
	order := make(chan piece, 2*workers) // in file order; bounds the memory
	stop := make(chan struct{})
	free := make(chan []byte, 3*workers+1) // written pieces' buffers, for the next ones
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				p.out <- appendCSVRows(buf[:0], lists, p.from, p.to)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for from := 0; from < n; from += csvSpan {
			p := piece{from, min(from+csvSpan, n), make(chan []byte, 1)}
			select {
			case order <- p:
			case <-stop:
				return
			}
			select {
			case jobs <- p:
			case <-stop:
				return
			}
		}
	}()
	var err error
	for p := range order {
		if err != nil {
			continue // after a failed write: the pieces left are not waited for
		}
		buf := <-p.out
		if _, err = bw.Write(buf); err != nil {
			close(stop)
		}
		select {
		case free <- buf:
		default:
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return bw.Flush()
}

// csvSpan is how many lists one piece of WriteCSV's output holds.
const csvSpan = 1 << 14

// appendCSVRows appends the rows of lists from to to (see WriteCSV).
func appendCSVRows(row []byte, lists *Store, from, to int) []byte {
	lists.EachIn(from, to, func(l ListStat) {
		row = strconv.AppendInt(row, int64(l.Index), 10)
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
	})
	return row
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
