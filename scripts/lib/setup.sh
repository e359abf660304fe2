# shellcheck shell=bash
# Shared setup of scripts/run and scripts/test (sourced, not run).
#
#   sf_setup_python     .venv with python3 >= 3.11 and `pip install -e '.[dev]'`; the install is
#                       skipped while pyproject.toml is unchanged (a stamp in .venv holds its hash)
#   sf_setup_database   DATABASE_URL unset: start the embedded PostgreSQL (data in .data/pg) and
#                       point DATABASE_URL at it; then CREATE DATABASE when it is missing.
#                       The server stops when the calling script exits (also on Ctrl-C).
#
# Everything it prints starts with "==>" so it stands apart from what the tools print.

SF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SF_VENV="$SF_ROOT/.venv"
SF_PYTHON="$SF_VENV/bin/python"
SF_DATA="${DATA_DIR:-$SF_ROOT/.data}"
SF_PGDATA="$SF_DATA/pg"
SF_PG_STARTED=""

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
            sf_die "the embedded PostgreSQL did not start (log: $SF_PGDATA/log)"
        }
        export DATABASE_URL
        sf_say "DATABASE_URL=$DATABASE_URL"
    fi
    sf_pg ensure-database "$DATABASE_URL" >/dev/null ||
        sf_die "cannot reach the database of DATABASE_URL"
}

# Run on every exit of the sourcing script, normal or not; Ctrl-C and TERM become exits.
sf_on_exit() {
    local status=$?
    if [ -n "${SF_CHILD_PID:-}" ]; then
        kill -TERM -- "-$SF_CHILD_PID" 2>/dev/null || true
        wait "$SF_CHILD_PID" 2>/dev/null || true
        SF_CHILD_PID=""
    fi
    sf_stop_database
    exit "$status"
}
trap sf_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a long-lived command (a server) in its own process group and wait for it. A signal to
# the script then ends the whole group (Django's autoreloader has a child of its own).
sf_run_child() {
    set -m
    "$@" &
    SF_CHILD_PID=$!
    set +m
    local status=0
    wait "$SF_CHILD_PID" || status=$?
    SF_CHILD_PID=""
    return "$status"
}

# Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright.
sf_ensure_chromium() {
    [ -x /usr/bin/chromium ] && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            sf_say "warning: /usr/bin/chromium is missing and this is not root; browser tests will fail"
            return 0
        }
        sudo="sudo -n"
    fi
    sf_say "installing Debian's chromium (apt-get install -y chromium)"
    local log="$SF_DATA/apt-chromium.log"
    mkdir -p "$SF_DATA"
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >"$log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >>"$log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >>"$log" 2>&1 ||
            sf_say "warning: could not install chromium (see $log); browser tests will fail"
    fi
    return 0
}
