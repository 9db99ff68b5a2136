#!/usr/bin/env bash
# HTTP benchmark of `wakala serve` (run by `make bench-http`; see
# docs/performance.md). Starts the release binary on a fresh SQLite store in
# a temp dir (or on --database URL), signs in as the demo staff user and
# drives two endpoints with wrk on 127.0.0.1:
#   GET /healthz               baseline: no database, tiny JSON
#   GET /api/v1/auth/session   authenticated read: session lookup + user read + JSON
# Prints requests/s, average and p99 latency of each, their ratio and the
# machine facts. Fails if the server does not come up, if the authenticated
# endpoint does not answer 200, or if wrk saw non-2xx responses or socket errors.
#
# Usage: bench/http.sh [--database URL] [--duration SECONDS] [--connections N] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

binary=build/release/wakala
database=""
duration=10
connections=64
threads=2
ready_timeout=30

usage() {
  echo "Usage: bench/http.sh [--database URL] [--duration SECONDS] [--connections N] [--threads N]"
  echo "  --database URL      benchmark this store instead of a temp SQLite (it gets the demo data)"
  echo "  --duration SECONDS  length of each wrk run (default 10)"
  echo "  --connections N     open connections (default 64)"
  echo "  --threads N         wrk threads (default 2)"
}

die() {
  echo "bench-http: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --database) [ $# -ge 2 ] || die "--database needs a URL"; database=$2; shift 2 ;;
    --duration) [ $# -ge 2 ] || die "--duration needs a value"; duration=$2; shift 2 ;;
    --connections) [ $# -ge 2 ] || die "--connections needs a value"; connections=$2; shift 2 ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; threads=$2; shift 2 ;;
    --database=*) database=${1#*=}; shift ;;
    --duration=*) duration=${1#*=}; shift ;;
    --connections=*) connections=${1#*=}; shift ;;
    --threads=*) threads=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

for pair in "duration:$duration" "connections:$connections" "threads:$threads"; do
  name=${pair%%:*} value=${pair#*:}
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "--$name must be a positive integer, not '$value'"
done
[ "$connections" -ge "$threads" ] || die "--connections ($connections) must be at least --threads ($threads)"

for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (scripts/install-deps installs it)"
done
[ -x "$binary" ] || die "$binary is missing: run 'make release' (or 'make bench-http', which builds it)"

# ---- the server, always stopped and cleaned up ----

dir=$(mktemp -d /tmp/wakala-bench.XXXXXX)
server_pid=""
wrk_pid=""

cleanup() {
  local status=$?
  if [ -n "$wrk_pid" ]; then
    kill -TERM "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # The server drains on SIGTERM; do not wait for ever if it hangs.
    for _ in $(seq 1 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "bench-http: server $server_pid did not stop within 10 s of SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$dir/server.log" ]; then
    echo "---- server log (last 30 lines) ----" >&2
    tail -n 30 "$dir/server.log" >&2
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$database" ]; then
  database="sqlite:$dir/bench.db"
  store_label="SQLite (fresh temp file, WAL)"
else
  case "$database" in
    sqlite:*) store_label="SQLite ($database)" ;;
    postgresql://* | postgres://*)  # without a password or query string
      store_label="PostgreSQL ($(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#; s#\?.*##' <<<"$database"))" ;;
    *) store_label="$database" ;;
  esac
fi

# seed-demo migrates first and leaves existing demo data untouched.
"$binary" seed-demo --database "$database" >"$dir/seed.log" 2>&1 ||
  { cat "$dir/seed.log" >&2; die "seed-demo failed"; }

"$binary" serve --database "$database" --listen 127.0.0.1:0 --ready-file "$dir/ready" \
  >"$dir/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 $((ready_timeout * 10))); do
  [ -s "$dir/ready" ] && break
  kill -0 "$server_pid" 2>/dev/null || die "the server exited before it was ready"
  sleep 0.1
done
[ -s "$dir/ready" ] || die "the server did not write its ready file within ${ready_timeout} s"
address=$(head -n 1 "$dir/ready")
case "$address" in
  127.0.0.1:[0-9]*) ;;
  *) die "the server is listening on '$address', not on 127.0.0.1: refusing to load it" ;;
esac
base="http://$address"

# ---- sign in, and check both endpoints answer 200 ----

curl_common=(--silent --show-error --max-time 10)
login_status=$(curl "${curl_common[@]}" -o "$dir/login.json" -D "$dir/login.headers" -w '%{http_code}' \
  -H 'Content-Type: application/json' \
  --data '{"email":"staff@demo.wakala.test","password":"demo-staff-2026!"}' \
  "$base/api/v1/auth/login") || die "the login request failed"
[ "$login_status" = 200 ] || die "login answered $login_status: $(cat "$dir/login.json")"
token=$(tr -d '\r' <"$dir/login.headers" |
  sed -n 's/^[Ss][Ee][Tt]-[Cc][Oo][Oo][Kk][Ii][Ee]: *wakala_session=\([^;]*\).*/\1/p' | head -n 1)
[ -n "$token" ] || die "login set no wakala_session cookie (headers: $(tr -d '\r' <"$dir/login.headers" | tr '\n' ' '))"
cookie="Cookie: wakala_session=$token"

health_status=$(curl "${curl_common[@]}" -o "$dir/healthz.json" -w '%{http_code}' "$base/healthz") ||
  die "GET /healthz failed"
[ "$health_status" = 200 ] || die "GET /healthz answered $health_status: $(cat "$dir/healthz.json")"
session_status=$(curl "${curl_common[@]}" -o "$dir/session.json" -w '%{http_code}' -H "$cookie" \
  "$base/api/v1/auth/session") || die "GET /api/v1/auth/session failed"
[ "$session_status" = 200 ] ||
  die "GET /api/v1/auth/session answered $session_status, not 200: $(cat "$dir/session.json")"
grep -q '"staff@demo.wakala.test"' "$dir/session.json" ||
  die "GET /api/v1/auth/session did not return the staff user: $(cat "$dir/session.json")"

# ---- load ----

# Converts a wrk duration ("812.00us", "1.53ms", "2.01s", "1.00m") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

# run NAME PATH [HEADER]: one wrk run; sets <NAME>_rps, <NAME>_avg, <NAME>_p99 (ms).
healthz_rps="" healthz_avg="" healthz_p99="" session_rps="" session_avg="" session_p99=""
run() {
  local name=$1 path=$2 output="$dir/wrk-$1.txt"
  local args=(-t"$threads" -c"$connections" -d"${duration}s" --latency --timeout 10s)
  [ $# -ge 3 ] && args+=(-H "$3")
  local shown=""  # the header, without the token
  [ $# -ge 3 ] && shown=" -H \"${3%%=*}=<token>\""
  echo "== wrk ${args[*]:0:6}$shown $base$path"
  # In the background, so that a signal to this script is handled at once.
  wrk "${args[@]}" "$base$path" >"$output" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || { cat "$output" >&2; die "wrk failed on $path"; }
  wrk_pid=""
  sed 's/^/   /' "$output"
  echo
  if grep -q 'Non-2xx or 3xx responses' "$output"; then
    die "wrk saw non-2xx responses on $path: $(grep 'Non-2xx or 3xx responses' "$output" | tr -s ' ')"
  fi
  if grep -q 'Socket errors' "$output"; then
    die "wrk saw socket errors on $path: $(grep 'Socket errors' "$output" | tr -s ' ')"
  fi
  local rps avg p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$output")
  avg=$(awk '$1 == "Latency" { print $2; exit }' "$output")
  p99=$(awk '$1 == "99%" { print $2; exit }' "$output")
  if [ -z "$rps" ] || [ -z "$avg" ] || [ -z "$p99" ]; then
    die "could not read wrk's output for $path"
  fi
  printf -v "${name}_rps" '%s' "$rps"
  printf -v "${name}_avg" '%s' "$(to_ms "$avg")"
  printf -v "${name}_p99" '%s' "$(to_ms "$p99")"
}

# The git commit, read from .git without running git.
git_commit() {
  local gitdir="$root/.git" head ref
  if [ -f "$gitdir" ]; then
    gitdir=$(sed -n 's/^gitdir: //p' "$gitdir")
    case "$gitdir" in /*) ;; *) gitdir="$root/$gitdir" ;; esac
  fi
  [ -f "$gitdir/HEAD" ] || { echo "unknown"; return; }
  head=$(cat "$gitdir/HEAD")
  case "$head" in
    "ref: "*)
      ref=${head#ref: }
      local common="$gitdir"
      [ -f "$gitdir/commondir" ] && common="$gitdir/$(cat "$gitdir/commondir")"
      if [ -f "$gitdir/$ref" ]; then cut -c1-12 "$gitdir/$ref"
      elif [ -f "$common/$ref" ]; then cut -c1-12 "$common/$ref"
      elif [ -f "$common/packed-refs" ] && grep -q " $ref\$" "$common/packed-refs"; then
        grep " $ref\$" "$common/packed-refs" | cut -c1-12
      else echo "unknown (${ref#refs/heads/} has no commit yet)"; fi ;;
    *) echo "${head:0:12}" ;;
  esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run healthz /healthz
run session /api/v1/auth/session "$cookie"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio=$(awk -v a="$session_rps" -v b="$healthz_rps" 'BEGIN { printf "%.2f", a / b }')

# Anything the server logged at warning or error level during the runs.
log_problems=$(grep -Eci '\[(warning|error|critical)\]' "$dir/server.log" || true)

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
wakala_env=$(env | grep -E '^WAKALA_' | sed 's/=.*//' | tr '\n' ' ' || true)

echo "== results"
printf '%-28s %14s %12s %12s\n' "endpoint" "requests/s" "avg (ms)" "p99 (ms)"
printf '%-28s %14s %12s %12s\n' "GET /healthz" "$healthz_rps" "$healthz_avg" "$healthz_p99"
printf '%-28s %14s %12s %12s\n' "GET /api/v1/auth/session" "$session_rps" "$session_avg" "$session_p99"
printf '%-28s %14s\n' "ratio session/healthz" "$ratio"
echo
echo "== setup"
echo "store:        $store_label"
echo "load:         wrk -t$threads -c$connections -d${duration}s per endpoint, on $address"
echo "machine:      $(nproc) CPUs, ${cpu:-unknown CPU}, Linux $(uname -r)"
echo "load average: $load_before before, $load_after after (1/5/15 min)"
echo "commit:       $(git_commit) (HEAD; the binary was built $(date -u -r "$binary" '+%Y-%m-%d %H:%M UTC'))"
if [ -n "$(find src CMakeLists.txt -newer "$binary" -print -quit 2>/dev/null)" ]; then
  echo "WARNING:      $binary is older than some sources: the figures are for an earlier build"
fi
echo "wrk:          $(wrk --version 2>&1 | head -n 1 | awk '{ print $2 }' || true)"
echo "WAKALA_* env: ${wakala_env:-none}"
echo "server log:   $log_problems warning/error line(s)"
if [ "$log_problems" -gt 0 ]; then
  grep -Ei '\[(warning|error|critical)\]' "$dir/server.log" | head -n 20 | sed 's/^/  /'
fi
