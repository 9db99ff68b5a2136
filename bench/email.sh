#!/usr/bin/env bash
# Email delivery benchmark (docs/performance.md): N messages queued in the
# outbox of a fresh SQLite store, delivered by the release `wakala serve` to a
# real SMTP server on loopback (tests/fakes/smtp_server.py, python3-aiosmtpd);
# the in-run baseline is Python's smtplib sending N messages of the same size
# to the same server, one connection each, as Wakala does. Prints messages/s
# of each and their ratio. Fails if not every message arrives once.
#
# Usage: bench/email.sh [--messages N] [--servers K]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
binary=build/release/wakala
messages=1000
servers=1
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    *) echo "Usage: bench/email.sh [--messages N] [--servers K]" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "bench/email.sh: build the release binary first (cmake --build --preset release)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
now_ms() { date +%s%3N; }

/usr/bin/python3 tests/fakes/smtp_server.py --dir "$work/mail" --port-file "$work/port" 2>"$work/smtp.log" &
pids+=($!)
for _ in $(seq 100); do [ -f "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

db="$work/wakala.db"
"$binary" seed-demo --database "sqlite:$db" >/dev/null
body=$(printf 'Hello,\n\n%.0s' $(seq 20); printf 'A line of a notice of about the usual length. %.0s' $(seq 20))
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $messages)
  INSERT INTO outbound_email (id, recipient, subject, body, html_body, template, language, status, created_at, next_attempt_at)
  SELECT printf('mail_bench%06d', i), printf('person%06d@example.test', i), 'Benchmark notice', '$body',
         '<p>$body</p>', 'bench', 'en', 'queued', strftime('%s','now'), 0 FROM n;"

started=$(now_ms)
for k in $(seq "$servers"); do
  WAKALA_DATABASE_URL="sqlite:$db" WAKALA_LISTEN=127.0.0.1:0 WAKALA_ENGINE_SCHEDULER_INTERVAL=0 \
    WAKALA_EMAIL_SMTP_HOST=127.0.0.1 WAKALA_EMAIL_SMTP_PORT="$port" WAKALA_EMAIL_TLS=none \
    WAKALA_EMAIL_POLL_SECONDS=1 WAKALA_SERVER_WEB_ROOT="$work" WAKALA_LOG_LEVEL=warn \
    "$binary" serve >"$work/serve$k.log" 2>&1 &
  pids+=($!)
done
while :; do
  sent=$(sqlite3 "$db" "SELECT count(*) FROM outbound_email WHERE status = 'sent' AND id LIKE 'mail_bench%'")
  [ "$sent" -ge "$messages" ] && break
  if [ $(( $(now_ms) - started )) -gt 600000 ]; then echo "bench/email.sh: only $sent of $messages sent in 10 min" >&2; exit 1; fi
  sleep 0.2
done
wakala_ms=$(( $(now_ms) - started ))
arrived=$(ls "$work/mail" | grep -c '\.eml$')
[ "$arrived" -eq "$messages" ] || { echo "bench/email.sh: $arrived messages arrived for $messages sent" >&2; exit 1; }
rm -f "$work"/mail/*  # the baseline's messages arrive in the same place

baseline_ms=$(/usr/bin/python3 - "$port" "$messages" "$body" <<'PY'
import smtplib, sys, time
from email.message import EmailMessage
port, count, body = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
started = time.monotonic()
for i in range(count):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "partners@localhost", f"person{i:06d}@example.test", "Benchmark notice"
    message.set_content(body)
    message.add_alternative(f"<p>{body}</p>", subtype="html")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(message)
print(int((time.monotonic() - started) * 1000))
PY
)
awk -v n="$messages" -v k="$servers" -v w="$wakala_ms" -v b="$baseline_ms" 'BEGIN {
  printf "email: %d messages, %d server(s)\n", n, k
  printf "  wakala serve: %.2f s, %.0f messages/s (claim, send, record; the first pass starts within 1 s)\n", w / 1000, n * 1000 / w
  printf "  baseline (smtplib, a connection per message): %.2f s, %.0f messages/s\n", b / 1000, n * 1000 / b
  printf "  ratio wakala/baseline (time): %.2f\n", w / b
}'
