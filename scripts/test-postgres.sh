# Sourced by scripts/test: a private PostgreSQL 15 cluster in a temp dir, on
# a free loopback port, stopped (and deleted) when the tests end.
# Exports WAKALA_TEST_POSTGRES_URL for the storage and API tests.

PG_BIN=/usr/lib/postgresql/15/bin

as_postgres() {
  # PostgreSQL refuses to run as root; CI and `make test` run as root.
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_test_postgres() {
  PG_DIR=$(mktemp -d /tmp/wakala-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U wakala --auth=trust --no-sync -E UTF8 >"$PG_DIR/initdb.log"
  local port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 20000))
    # fsync off: this cluster is thrown away after the run, durability is not under test here.
    if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $port -h 127.0.0.1 -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null; then
      export WAKALA_TEST_POSTGRES_URL="postgresql://wakala@127.0.0.1:$port/postgres"
      echo "test PostgreSQL 15 on 127.0.0.1:$port ($PG_DIR)"
      return 0
    fi
    echo "port $port did not work (attempt $attempt); trying another" >&2
  done
  cat "$PG_DIR/server.log" >&2
  return 1
}

stop_test_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
