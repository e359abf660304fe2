# shellcheck shell=bash
# Shared setup of scripts/run and scripts/test (sourced, not run).
#
#   sf_setup_python     .venv with python3 >= 3.11 and `pip install -e '.[dev]'`; the install is
#                       skipped while pyproject.toml is unchanged (a stamp in .venv holds its hash)
#   sf_setup_database   DATABASE_URL unset: start the embedded PostgreSQL (data in .data/pg) and
#                       point DATABASE_URL at it; then CREATE DATABASE when it is missing.
#   sf_setup_redis N    REDIS_URL unset: start the embedded Redis (Debian's redis-server, data
#                       in .data/redis) and point REDIS_URL at its database N.
#   sf_start_child      start a long-lived process (a server, a worker) in its own process group
#
# Embedded servers and children stop when the calling script exits (also on Ctrl-C).
#
# Everything it prints starts with "==>" so it stands apart from what the tools print.

SF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SF_VENV="$SF_ROOT/.venv"
SF_PYTHON="$SF_VENV/bin/python"
SF_DATA="${DATA_DIR:-$SF_ROOT/.data}"
SF_PGDATA="$SF_DATA/pg"
SF_PG_STARTED=""
SF_REDIS_DATA="$SF_DATA/redis"
SF_REDIS_STARTED=""
SF_CHILDREN=()

sf_say() { printf '==> %s\n' "$*" >&2; }
sf_die() { printf '==> error: %s\n' "$*" >&2; exit 1; }

sf_find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

sf_install_stamp() {
    # What the installed environment depends on: the project's requirements and the interpreter.
    { cat "$SF_ROOT/pyproject.toml"; "$SF_PYTHON" -VV; } | sha256sum | cut -d' ' -f1
}

sf_setup_python() {
    if [ ! -x "$SF_PYTHON" ] || ! "$SF_PYTHON" -c '' 2>/dev/null; then
        local python
        python="$(sf_find_python)" || sf_die "Python >= 3.11 is needed (python3 is $(python3 -V 2>&1))"
        sf_say "creating .venv with $("$python" -V)"
        rm -rf "$SF_VENV"
        "$python" -m venv "$SF_VENV"
    fi
    local stamp_file="$SF_VENV/.storefleet-install" stamp
    stamp="$(sf_install_stamp)"
    if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
        sf_say "installing the project into .venv (pip install -e '.[dev]')"
        # (grep drops the warnings about this machine's pip config naming absent local indexes)
        if ! "$SF_PYTHON" -m pip install --disable-pip-version-check -q -e "${SF_ROOT}[dev]" 2>&1 |
            { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2; then
            sf_die "pip install failed"
        fi
        printf '%s\n' "$stamp" >"$stamp_file"
    fi
}

sf_pg() { "$SF_PYTHON" -W ignore "$SF_ROOT/scripts/lib/embedded_pg.py" "$@"; }

sf_stop_database() {
    if [ -n "$SF_PG_STARTED" ]; then
        SF_PG_STARTED=""
SF_REDIS_DATA="$SF_DATA/redis"
SF_REDIS_STARTED=""
SF_CHILDREN=()
        local result
        result="$(sf_pg stop "$SF_PGDATA" --owner $$)" ||
            result="failed to stop (see $SF_PGDATA/log)"
        sf_say "embedded PostgreSQL: $result"
    fi
}

sf_setup_database() {
    local name="${1:-storefleet}"
    if [ -z "${DATABASE_URL:-}" ]; then
        mkdir -p "$SF_DATA"
        sf_say "DATABASE_URL is unset: starting the embedded PostgreSQL in ${SF_PGDATA#"$SF_ROOT"/}"
        SF_PG_STARTED=1
        DATABASE_URL="$(sf_pg start "$SF_PGDATA" \
            --owner $$ --database "$name")" || {
            SF_PG_STARTED=""
SF_REDIS_DATA="$SF_DATA/redis"
SF_REDIS_STARTED=""
SF_CHILDREN=()
            sf_die "the embedded PostgreSQL did not start (log: $SF_PGDATA/log)"
        }
        export DATABASE_URL
        sf_say "DATABASE_URL=$DATABASE_URL"
    fi
    sf_pg ensure-database "$DATABASE_URL" >/dev/null ||
        sf_die "cannot reach the database of DATABASE_URL"
}

sf_redis() { "$SF_PYTHON" -W ignore "$SF_ROOT/scripts/lib/embedded_redis.py" "$@"; }

sf_stop_redis() {
    if [ -n "$SF_REDIS_STARTED" ]; then
        SF_REDIS_STARTED=""
        local result
        result="$(sf_redis stop "$SF_REDIS_DATA" --owner $$)" ||
            result="failed to stop (see $SF_REDIS_DATA/log)"
        sf_say "embedded Redis: $result"
    fi
}

sf_setup_redis() {
    local db="${1:-0}"
    if [ -z "${REDIS_URL:-}" ]; then
        sf_ensure_apt_package redis-server /usr/bin/redis-server
        sf_say "REDIS_URL is unset: starting the embedded Redis in ${SF_REDIS_DATA#"$SF_ROOT"/}"
        SF_REDIS_STARTED=1
        REDIS_URL="$(sf_redis start "$SF_REDIS_DATA" --owner $$ --db "$db")" || {
            SF_REDIS_STARTED=""
            sf_die "the embedded Redis did not start (log: $SF_REDIS_DATA/log)"
        }
        export REDIS_URL
        sf_say "REDIS_URL=$REDIS_URL"
    fi
}

# Run on every exit of the sourcing script, normal or not; Ctrl-C and TERM become exits.
sf_on_exit() {
    local status=$? pid
    for pid in "${SF_CHILDREN[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${SF_CHILDREN[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    SF_CHILDREN=()
    sf_stop_redis
    sf_stop_database
    exit "$status"
}
trap sf_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start a long-lived command (a server, a worker) in its own process group, in the background.
# On exit the script ends each whole group (Django's autoreloader has a child of its own).
sf_start_child() {
    set -m
    "$@" &
    SF_CHILDREN+=("$!")
    set +m
}

# Run a long-lived command in its own process group and wait for it (a signal to the script
# ends the whole group).
sf_run_child() {
    sf_start_child "$@"
    local status=0
    wait "${SF_CHILDREN[-1]}" || status=$?
    return "$status"
}

# Wait until one child ends (a crash, or Ctrl-C ending the script); return its status.
sf_wait_children() {
    local status=0
    wait -n "${SF_CHILDREN[@]}" || status=$?
    return "$status"
}

sf_free_port() {
    "$SF_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Wait until `url` answers 200 (up to 120 s); fail when a child of this script ended meanwhile.
sf_wait_http() {
    local url="$1" what="$2" pid
    local deadline=$((SECONDS + 120))
    until "$SF_PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "$url" 2>/dev/null; do
        for pid in "${SF_CHILDREN[@]}"; do
            kill -0 "$pid" 2>/dev/null || sf_die "$what did not start (a process ended early)"
        done
        [ "$SECONDS" -lt "$deadline" ] || sf_die "$what did not answer at $url"
        sleep 0.2
    done
}

# Install a Debian package when `path` is missing (as root, or with passwordless sudo).
sf_ensure_apt_package() {
    local package="$1" path="$2"
    [ -x "$path" ] && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || sf_die "$path is missing: install Debian's $package"
        sudo="sudo -n"
    fi
    sf_say "installing Debian's $package (apt-get install -y $package)"
    local log="$SF_DATA/apt-$package.log"
    mkdir -p "$SF_DATA"
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$package" >"$log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >>"$log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$package" >>"$log" 2>&1 ||
            sf_die "could not install $package (see $log)"
    fi
    [ -x "$path" ] || sf_die "$package is installed but $path is missing (see $log)"
}

# Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright.
sf_ensure_chromium() { sf_ensure_apt_package chromium /usr/bin/chromium; }

# The transaction-pooling tests (tests/fleet) start Debian's PgBouncer in front of PostgreSQL.
sf_ensure_pgbouncer() { sf_ensure_apt_package pgbouncer /usr/sbin/pgbouncer; }
