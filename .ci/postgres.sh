# Sourced by .ci/run: starts a throwaway PostgreSQL cluster on loopback for the tests,
# exports BEFRIEND_TEST_PG_URL, and stops and removes the cluster when the shell exits.
# Installs Debian's `postgresql` package first when the server isn't there (needs root).

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(pg_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
    if [ "$(id -u)" != "0" ]; then
        echo ".ci/run: PostgreSQL isn't installed and this isn't root; install the" \
             "'postgresql' package, or set BEFRIEND_TEST_PG_URL to a server." >&2
        exit 1
    fi
    echo ".ci/run: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    BINDIR="$(pg_bindir)"
fi

PG_DATA="$(mktemp -d /tmp/befriend-ci-pg.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "$(id -u)" = "0" ]; then
    chown postgres: "$PG_DATA"
    as_pg() { runuser -u postgres -- "$@"; }
    PG_USER=postgres
else
    as_pg() { "$@"; }
    PG_USER="$(id -un)"
fi

stop_postgres() {
    as_pg "$BINDIR/pg_ctl" -D "$PG_DATA/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
}
trap stop_postgres EXIT

as_pg "$BINDIR/initdb" -D "$PG_DATA/data" -U "$PG_USER" -A trust -E UTF8 --no-sync >/dev/null
as_pg "$BINDIR/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off" start >/dev/null
as_pg "$BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" befriend_test
export BEFRIEND_TEST_PG_URL="postgresql+psycopg://$PG_USER@127.0.0.1:$PG_PORT/befriend_test"
echo ".ci/run: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
