#!/usr/bin/env bash
# bench.sh: Medianscope's benchmark script (make bench). Every figure is
# printed with a ratio against a baseline measured in the same run, since
# shared 2-core machines are too noisy for absolute numbers to mean much.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== go test -bench (compute) =="
go test -run '^$' -bench 'Median|ParseNumber' -benchtime "${MICRO_BENCHTIME:-0.5s}" ./compute | tee "$out/bench.txt"
go test -run '^$' -bench 'Run|Cancel' -benchtime "${BENCHTIME:-3x}" ./compute | tee -a "$out/bench.txt"

echo
echo "== ratios against the baselines of this run =="
awk '
  function metric(unit,   i) { for (i = 1; i < NF; i++) if ($(i+1) == unit) return $i; return "" }
  /^BenchmarkMedian\// {
    split($1, p, "/"); n = p[3]; sub(/-[0-9]+$/, "", n); sub(/^n=/, "", n)
    if (p[2] == "sort-baseline") sortns[n] = metric("ns/elem"); else selns[n] = metric("ns/elem")
  }
  /^BenchmarkParseNumber\// {
    if ($1 ~ /strconv-baseline/) pbase = metric("MB/s"); else pours = metric("MB/s")
  }
  /^BenchmarkRun\// {
    split($1, p, "/"); shape = p[2]; v = p[3]; sub(/-[0-9]+$/, "", v)
    mb = metric("MB/s")
    if (v == "naive-baseline") base[shape] = mb; else { runs[shape] = runs[shape] " " v ":" mb }
  }
  /^BenchmarkCancel/ { cancel = metric("worst-ms") }
  END {
    for (n in selns) printf "median n=%-8s %7.2f ns/elem  vs full sort %7.2f ns/elem  (%.1fx faster)\n", n, selns[n], sortns[n], sortns[n] / selns[n]
    if (pbase) printf "ParseNumber      %7.1f MB/s     vs strconv.ParseFloat %7.1f MB/s (%.2fx)\n", pours, pbase, pours / pbase
    for (s in runs) {
      printf "end to end %-7s naive baseline %6.1f MB/s;", s, base[s]
      k = split(runs[s], items, " ")
      for (i = 1; i <= k; i++) { split(items[i], kv, ":"); printf "  %s %6.1f MB/s (%.2fx)", kv[1], kv[2], kv[2] / base[s] }
      printf "\n"
    }
    if (cancel != "") printf "cancel: worst %.1f ms from cancel to Run returning (goal 100 ms)\n", cancel
  }' "$out/bench.txt"

echo
echo "== the CLI on a generated file: one worker vs all (speed-up) =="
size=${BENCH_FILE_SIZE:-200000000}
go run ./tools/gencsv -shape ragged -size "$size" -o "$out/ragged.csv"
bin=${BIN:-./medianscope}
[ -x "$bin" ] || go build -o "$bin" .
best() { # best wall time of 3 runs, in ms
  local b=999999999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s%N); "$bin" -headless -workers "$1" "$out/ragged.csv" >/dev/null; e=$(date +%s%N)
    b=$(( (e - s) / 1000000 < b ? (e - s) / 1000000 : b ))
  done
  echo "$b"
}
one=$(best 1)
all=$(best "$(nproc)")
awk -v one="$one" -v all="$all" -v size="$size" -v n="$(nproc)" 'BEGIN {
  printf "ragged %.0f MB: 1 worker %d ms (%.0f MB/s), %d workers %d ms (%.0f MB/s): speed-up %.2fx\n",
    size / 1e6, one, size / 1e3 / one, n, all, size / 1e3 / all, one / all }'
