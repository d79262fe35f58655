#!/usr/bin/env bash
# Measures the running product on loopback: start-up to ready, /api/ask
# throughput and latency under 32 concurrent clients, and memory (RSS).
# Two runs: with the answer cache (repeated questions, as in real use) and
# without it (every answer searched).
# Usage: scripts/bench-serve.sh [BOT_BINARY] [LOADTEST_BINARY]   (make bench runs it)
set -euo pipefail
bot=${1:-bin/bot}
load=${2:-bin/loadtest}
port=${BENCH_PORT:-18080}
questions=testdata/questions/questions.json

measure() { # label, extra serve flags...
  local label=$1; shift
  local addr=127.0.0.1:$port log
  log=$(mktemp)
  local start ready
  start=$(date +%s%N)
  # One load generator is one client: lift the per-client limit to measure throughput.
  "$bot" serve --addr "$addr" --site "" --watch 0 --client-rate 1e9 --client-burst 1000000000 "$@" 2>"$log" &
  local pid=$!
  for _ in $(seq 1 1000); do
    curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
    sleep 0.002
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "== $label"
  echo "start-up to ready: ${ready} ms"
  "$load" --url "http://$addr" --questions "$questions" -c 32 -n 5000 --duration 20s >/dev/null   # warm up
  "$load" --url "http://$addr" --questions "$questions" -c 32 -n 50000 --duration 30s
  echo "RSS after load: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status), peak $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
  kill -TERM "$pid"
  wait "$pid" && echo "SIGTERM: exit 0"
  rm -f "$log"
  port=$((port + 1))
}

measure "answer cache on (default)"
measure "answer cache off (every question searched)" --answer-cache -1
