#!/usr/bin/env bash
# smoke.sh (make smoke): the real app in a real window under Xvfb, with
# Fyne's thread checks on (no migration tag). It opens a large generated
# file, cancels that run with Esc, computes it again with F5 to the end,
# takes a screenshot, checks the window is not blank, the app alive and
# its log free of "Error in Fyne call thread", quits with Ctrl+Q, and
# prints the UI responsiveness measured with MEDIANSCOPE_TRACE=ui.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-./medianscope}
work=${SMOKE_DIR:-$(mktemp -d)}
mkdir -p "$work"
size=${SMOKE_SIZE:-600000000}
data="$work/smoke-$size.csv"
log="$work/app.log"
shot="$work/smoke.png"
fail() { echo "smoke: FAIL: $*" >&2; [ -f "$log" ] && sed 's/^/  log: /' "$log" | tail -20 >&2; exit 1; }

[ -f "$data" ] || go run ./tools/gencsv -shape ragged -size "$size" -o "$data"

display=":$((50 + RANDOM % 40))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; true; }
trap cleanup EXIT
for _ in $(seq 50); do DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display

HOME="$work/home" LANG=en_US.UTF-8 MEDIANSCOPE_TRACE=ui "$bin" "$data" >"$log" 2>&1 &
app=$!
traces() { grep -ac '^ui-trace' "$log" || true; }
wait_traces() { # wait_traces N SECONDS
  for _ in $(seq $(($2 * 10))); do
    [ "$(traces)" -ge "$1" ] && return 0
    kill -0 "$app" 2>/dev/null || fail "the app died"
    sleep 0.1
  done
  fail "no end of run $1 within $2 s"
}

# 1. Cancel the first run with Esc once progress shows.
sleep 1.5
xdotool key Escape
wait_traces 1 10
grep -a '^ui-trace run=1' "$log" | grep -q 'context canceled' || echo "smoke: note: run 1 ended before Esc arrived" >&2
# 2. Compute again (F5) and let it finish.
xdotool key F5
wait_traces 2 300
xdotool mousemove 1279 799 # no tooltip in the picture
sleep 1.5 # the charts draw off the UI goroutine after the result lands
import -window root "$shot"
colours=$(convert "$shot" -format %k info:)
[ "$colours" -gt 50 ] || fail "the window looks blank ($colours colours in $shot)"
kill -0 "$app" 2>/dev/null || fail "the app died"
# 3. Quit with Ctrl+Q.
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$app" || fail "the app exited with status $?"
app=
if grep -aq 'Error in Fyne call thread' "$log"; then fail "Fyne thread check failed"; fi

line=$(grep -a '^ui-trace run=2' "$log")
echo "smoke: ok: screenshot $shot ($colours colours); $(grep -a '^ui-trace run=1' "$log" | grep -o 'outcome=.*')"
echo "$line"
echo "$line" | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
  END {
    printf "responsiveness while all workers ran: mean %.2f ms (goal <= 1), p99 %.2f ms (goal <= 16), max %.2f ms (goal <= 33), progress %.1f/s (goal >= 5)\n",
      v["heartbeat_mean_ms"], v["heartbeat_p99_ms"], v["heartbeat_max_ms"], v["progress_per_s"]
    if (v["progress_per_s"] < 5) { print "smoke: FAIL: progress updates below 5/s"; exit 1 }
  }'
[ -n "${SMOKE_SHOT:-}" ] && cp "$shot" "$SMOKE_SHOT"
true
