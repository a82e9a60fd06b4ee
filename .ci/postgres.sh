# Sourced by .ci/run (POSIX sh, set -eu): installs Debian's PostgreSQL, starts
# a throwaway cluster listening on 127.0.0.1 only (trust auth, data in a temp
# dir, fsync off), and exports ANNALS_PG_URI for the store tests.  Also usable
# by hand:  . .ci/postgres.sh   (then: "$ANNALS_PG_STOP" to stop it).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
annals_pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
annals_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/annals-pg.XXXXXX")
annals_pg_port=${ANNALS_PG_PORT:-54329}
# a port nobody listens on (an earlier run may have left a server behind)
while (exec 3<>/dev/tcp/127.0.0.1/$annals_pg_port) 2>/dev/null; do
    annals_pg_port=$((annals_pg_port + 1))
done
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: use the postgres account.
    chown postgres "$annals_pg_dir"
    annals_pg_as="runuser -u postgres --"
else
    annals_pg_as=""
fi
$annals_pg_as "$annals_pg_bin/initdb" -D "$annals_pg_dir/data" -U annals --auth=trust \
    -E UTF8 --no-locale >"$annals_pg_dir/initdb.log" 2>&1 ||
    { cat "$annals_pg_dir/initdb.log" >&2; false; }
$annals_pg_as "$annals_pg_bin/pg_ctl" -D "$annals_pg_dir/data" -l "$annals_pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $annals_pg_port -k $annals_pg_dir -c fsync=off" start \
    >/dev/null || { cat "$annals_pg_dir/server.log" >&2; false; }
ANNALS_PG_URI="postgresql://annals@127.0.0.1:$annals_pg_port/postgres"
ANNALS_PG_STOP="$annals_pg_dir/stop.sh"
printf '#!/bin/sh\n%s "%s/pg_ctl" -D "%s/data" -m fast stop\n' "$annals_pg_as" "$annals_pg_bin" \
    "$annals_pg_dir" >"$ANNALS_PG_STOP"
chmod +x "$ANNALS_PG_STOP"
export ANNALS_PG_URI ANNALS_PG_STOP
echo "ANNALS_PG_URI=$ANNALS_PG_URI"
