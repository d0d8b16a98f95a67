#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and trying server mode on one machine.
#
#   scripts/pg_cluster.sh start DIR PORT [postgres -c options...]   prints the server's URL
#   scripts/pg_cluster.sh stop DIR
#   scripts/pg_cluster.sh restart DIR                               (fast shutdown, then start)
#
# The cluster listens on 127.0.0.1 only, trusts local connections (it is a test cluster: never
# point it at a network) and keeps everything in DIR. initdb and pg_ctl refuse to run as root,
# so as root they run as the `postgres` user (Debian's `postgresql` package creates it).
set -euo pipefail

bindir="$(pg_config --bindir 2>/dev/null || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 3
fi

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

command="${1:?start|stop|restart}"
dir="${2:?cluster directory}"
case "$command" in
  start)
    port="${3:?port}"
    shift 3
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    fi
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 $*"
    echo "$options" >"$dir/options"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$(cat "$dir/options")" -m fast -w -t 60 restart >/dev/null
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR | restart DIR" >&2
    exit 2
    ;;
esac
