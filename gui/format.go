package gui

import (
	"medianscope/compute"
	"medianscope/plot"
)

func fmtMedian(l compute.ListStat) string {
	if l.Count == 0 {
		return "—"
	}
	return plot.FormatValue(l.Median)
}
