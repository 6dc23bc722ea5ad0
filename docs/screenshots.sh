#!/usr/bin/env bash
# Re-takes the README's screenshots from the real product, not from a test double:
#
#   docs/dashboard.png        the web page in headless Chromium, 1440 px wide (a laptop), the whole page
#   docs/dashboard-phone.png  the page on a phone: 390×844 CSS px at 2× (its first screen)
#   docs/console.png          `./sitewatch console` full screen in a 132×40 tmux pseudo-terminal, colours kept
#                             (tmux capture-pane -e → aha → HTML in a monospace font on a dark background → Chromium)
#
# It runs `./sitewatch demo` on free ports with a fresh data directory, starts the console in tmux at once (so it
# sees the alerts arrive live), waits until the demo site `blog` has gone DOWN and RECOVERED and both stats views
# have been refreshed since (about 4 minutes), takes the pictures and stops everything it started.
#
# Usage: docs/screenshots.sh [OUT_DIR]          (default: docs/ next to this script)
# Needs: Java 17 and Maven (the demo builds the jars on first use), chromium, chromium-driver, tmux, aha, curl,
#        jq, python3, a monospace font (fonts-dejavu-core). On Debian:
#        apt-get install chromium chromium-driver tmux aha jq fonts-dejavu-core
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/docs}" && cd "${1:-$ROOT/docs}" && pwd)"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
for tool in "$CHROMIUM" "$CHROMEDRIVER" tmux aha curl jq python3; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is needed (see the header of $0)" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
log() { echo "screenshots: $*" >&2; }

WORK="$(mktemp -d /tmp/sitewatch-shots.XXXXXX)"
PORT="$(free_port)"; KAFKA="$(free_port)"; CONTROLLER="$(free_port)"; DRIVER_PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
TMUX_SOCKET="sitewatch-shots-$$"
DEMO_PID=""; DRIVER_PID=""

stop() {
  tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCKET"
  [[ -n "$DRIVER_PID" ]] && kill "$DRIVER_PID" 2>/dev/null || true
  if [[ -n "$DEMO_PID" ]] && kill -0 "$DEMO_PID" 2>/dev/null; then
    kill -TERM "$DEMO_PID"                              # the demo stops its broker and services on SIGTERM
    for _ in $(seq 60); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$WORK"
}
trap stop EXIT

# ---- the demo --------------------------------------------------------------------------------------------------
log "starting ./sitewatch demo on $URL (data in $WORK)"
(cd "$ROOT" && exec ./sitewatch demo --port "$PORT" --kafka-port "$KAFKA" --kafka-controller-port "$CONTROLLER" \
  --data-dir "$WORK/data") >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
for _ in $(seq 300); do
  grep -q 'sitewatch is running' "$WORK/demo.log" && break
  kill -0 "$DEMO_PID" 2>/dev/null || { cat "$WORK/demo.log" >&2; exit 1; }
  sleep 1
done
grep -q 'sitewatch is running' "$WORK/demo.log" || { log "the demo did not start in 5 minutes"; exit 1; }
STARTED=$(date -u +%s)

# ---- the console, in a real pseudo-terminal, from the start ----------------------------------------------------
tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s console -x 132 -y 40 \
  "cd '$ROOT' && ./sitewatch console --dashboard '$URL'"
tmux -L "$TMUX_SOCKET" set-option -g status off >/dev/null

# ---- wait for DOWN, RECOVERED, and both views refreshed after it -----------------------------------------------
log "waiting for blog to go DOWN and RECOVER (about 3 minutes)…"
recovered_at=""
while [[ -z "$recovered_at" ]]; do
  (( $(date -u +%s) - STARTED < 420 )) || { log "no RECOVERED alert after 7 minutes"; exit 1; }
  sleep 5
  alerts="$(curl -sf "$URL/api/alerts?limit=100" || echo '[]')"
  if jq -e 'any(.[]; .type == "DOWN") and any(.[]; .type == "RECOVERED")' >/dev/null <<<"$alerts"; then
    recovered_at="$(jq -r '[.[] | select(.type == "RECOVERED")][0].time' <<<"$alerts")"
  fi
done
log "RECOVERED at $recovered_at; waiting until every view has been fetched since"
for _ in $(seq 90); do
  stats="$(curl -sf "$URL/api/stats")"
  jq -e --arg t "$recovered_at" 'all(.views[]; .updatedAt != null and .updatedAt > $t
      and (.report.sites | length) > 0)' >/dev/null <<<"$stats" && break
  sleep 2
done
sleep 3

# ---- Chromium through chromedriver's WebDriver API ---------------------------------------------------------------
"$CHROMEDRIVER" --port="$DRIVER_PORT" >"$WORK/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$DRIVER_PORT/status" >/dev/null && break; sleep 0.2; done
caps="$(jq -n --arg bin "$CHROMIUM" --arg profile "$WORK/chromium" '{capabilities: {alwaysMatch: {
  browserName: "chrome", "goog:chromeOptions": {binary: $bin, args: ["--headless", "--no-sandbox", "--disable-gpu",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  "--hide-scrollbars", "--user-data-dir=" + $profile]}}}}')"
SESSION="$(curl -sf -X POST -H 'Content-Type: application/json' -d "$caps" \
  "http://127.0.0.1:$DRIVER_PORT/session" | jq -r .value.sessionId)"
API="http://127.0.0.1:$DRIVER_PORT/session/$SESSION"
wd() { curl -sf -X POST -H 'Content-Type: application/json' -d "$2" "$API/$1"; }
cdp() { wd goog/cdp/execute "$(jq -n --arg c "$1" --argjson p "$2" '{cmd: $c, params: $p}')"; }
js() { wd execute/sync "$(jq -n --arg s "$1" '{script: $s, args: []}')" | jq -r .value; }
viewport() { cdp Emulation.setDeviceMetricsOverride "{\"width\": $1, \"height\": $2, \"deviceScaleFactor\": $3, \"mobile\": $4}" >/dev/null; }
shot() {  # shot FILE FULL_PAGE
  cdp Page.captureScreenshot "{\"format\": \"png\", \"captureBeyondViewport\": $2}" | jq -r .value.data | base64 -d >"$1"
}
page_ready() {  # both views with rows, the alerts, a chart per site
  for _ in $(seq 60); do
    [[ "$(js "return document.querySelectorAll('#views section').length >= 2
        && [...document.querySelectorAll('#views section')].every(s => s.querySelectorAll('tbody tr').length > 0)
        && document.querySelectorAll('#alert-log li').length >= 2
        && document.querySelectorAll('#charts canvas').length >= document.querySelectorAll('#site-chips li').length")" == true ]] && return 0
    sleep 0.5
  done
  log "the page did not fill in"; return 1
}

log "the page, laptop: 1440 px wide"
viewport 1440 1000 1 false
wd url "{\"url\": \"$URL/\"}" >/dev/null
page_ready
sleep 3                                                           # let the 1 s "updated" ticks and charts settle
shot "$OUT/dashboard.png" true

log "the page, phone: 390×844 at 2×"
viewport 390 844 2 true
wd url "{\"url\": \"$URL/\"}" >/dev/null
page_ready
sleep 2
shot "$OUT/dashboard-phone.png" false

# ---- the console: capture with colours, render it as a terminal would ------------------------------------------
log "the console: 132×40"
tmux -L "$TMUX_SOCKET" capture-pane -t console -e -p >"$WORK/console.ansi"
# aha does not know SGR 2 (faint), which the console uses for secondary text: show it as bright black, as terminals
# do; and aha drops reverse video (the table headers) when default colours follow it, as tmux writes them
sed -e 's/\x1b\[2m/\x1b[90m/g' -e 's/\x1b\[0;2m/\x1b[0;90m/g' \
    -e 's/\x1b\[\([0-9;]*\)7m\x1b\[39m\x1b\[49m/\x1b[\17m/g' "$WORK/console.ansi" \
  | aha --no-header --stylesheet >"$WORK/console.body"
cat >"$WORK/console.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; background: #0d1117; }
  pre { display: inline-block; margin: 0; padding: 14px 18px; color: #d0d7de; background: #0d1117;
        font: 14px/1.3 "DejaVu Sans Mono", "Liberation Mono", monospace; }
  .bold { font-weight: bold; } .red { color: #ff6b6b; } .green { color: #3fb950; } .yellow { color: #d29922; }
  .blue { color: #58a6ff; } .purple { color: #bc8cff; } .cyan { color: #39c5cf; } .white { color: #d0d7de; }
  .dimgray { color: #7d8590; } .inverted { color: #0d1117; } .bg-inverted { background-color: #d0d7de; }
  .underline { text-decoration: underline; }
</style></head><body><pre>
HTML
cat "$WORK/console.body" >>"$WORK/console.html"
echo '</pre></body></html>' >>"$WORK/console.html"
viewport 1200 800 1 false
wd url "{\"url\": \"file://$WORK/console.html\"}" >/dev/null
size="$(js "const r = document.querySelector('pre').getBoundingClientRect(); return Math.ceil(r.width) + ' ' + Math.ceil(r.height)")"
viewport "${size% *}" "${size#* }" 1 false
shot "$OUT/console.png" false

curl -sf -X DELETE "$API" >/dev/null || true
log "done ($(date -u +%Y-%m-%d)): $OUT/dashboard.png, $OUT/dashboard-phone.png, $OUT/console.png"
