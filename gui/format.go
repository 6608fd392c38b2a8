package gui

import (
	"medianscope/compute"
	"medianscope/internal/human"
	"medianscope/plot"
)

var (
	fmtBytes    = human.Bytes
	fmtInt      = human.Int
	fmtDuration = human.Duration
)

func fmtMedian(l compute.ListStat) string {
	if l.Count == 0 {
		return "—"
	}
	return plot.FormatValue(l.Median)
}
