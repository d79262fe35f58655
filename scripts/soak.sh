#!/usr/bin/env bash
# Runs attacks on a local `bot serve`, bounded in count and time, and prints
# a table: attack, result, server RSS (peak), p99 where it applies.
# Usage: scripts/soak.sh [BOT_BINARY] [LOADTEST_BINARY]   (make soak runs it)
set -euo pipefail
bot=${1:-bin/bot}
load=${2:-bin/loadtest}
port=${SOAK_PORT:-18190}
addr=127.0.0.1:$port
log=$(mktemp)
DISCORD_PUBLIC_KEY=$("$load" --discord-key) \
  "$bot" serve --addr "$addr" --site "" --watch 0 --trusted-proxies 127.0.0.1 --max-conns 1024 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 500); do curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
rss() { awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$pid/status; }
printf '| attack | result | peak RSS |\n| --- | --- | --- |\n'

# 1. 300 clients, each from its own address, asking the costliest question,
#    while an ordinary user and Discord ask ordinary ones.
flood=$("$load" --url "http://$addr" --flood 300 --discord --duration 15s)
printf '| 300 clients asking the costliest question for 15 s | %s | %s |\n' "$flood" "$(rss)"

# 2. Idle keep-alive connections: far more than the cap.
idle=$(python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1]); socks = []
for _ in range(3000):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2); socks.append(s)
    except OSError:
        break
time.sleep(1)
alive = 0
for s in socks:
    s.setblocking(False)
    try:
        alive += 0 if s.recv(1) == b"" else 1
    except BlockingIOError:
        alive += 1
    except OSError:
        pass
print(f"{len(socks)} opened, {alive} held open")
for s in socks: s.close()
PY
)
printf '| 3,000 idle connections | %s (cap 1024) | %s |\n' "$idle" "$(rss)"

# 3. A request with a query-syntax and control-character question.
code=$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/api/ask?q=%00title:x*%20AND%20(%22")
printf '| query syntax and control characters | HTTP %s | %s |\n' "$code" "$(rss)"

# 4. SIGTERM while a client is still uploading a body.
python3 - "$port" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nq=")
time.sleep(15)
PY
slow=$!
sleep 0.5
kill -TERM "$pid"
if wait "$pid"; then rc=0; else rc=$?; fi
kill "$slow" 2>/dev/null || true
printf '| SIGTERM during a slow upload | exit %s |  |\n' "$rc"
