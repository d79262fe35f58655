#!/usr/bin/env bash
# Measures the running product on loopback: start-up to ready, /api/ask
# throughput and latency under 32 concurrent clients, and memory (RSS).
# Usage: scripts/bench-serve.sh [BOT_BINARY]   (make bench runs it)
set -euo pipefail
bot=${1:-bin/bot}
addr=127.0.0.1:${BENCH_PORT:-18080}
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

start=$(date +%s%N)
"$bot" serve --addr "$addr" --site "" --watch 0 2>"$log" &
pid=$!
for _ in $(seq 1 500); do
  if curl -fsS "http://$addr/readyz" >/dev/null 2>&1; then break; fi
  sleep 0.005
done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
echo "start-up to ready: ${ready} ms"

"$bot" load --url "http://$addr" -c 32 -n 10000 --duration 20s >/dev/null   # warm up
"$bot" load --url "http://$addr" -c 32 -n 50000 --duration 30s
echo "RSS after load: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status), peak $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
kill -TERM "$pid"
wait "$pid"
echo "clean shutdown: exit $?"
