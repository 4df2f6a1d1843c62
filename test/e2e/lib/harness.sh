# E2E harness sourced by every case: isolated tug, logged commands with expected exit codes, skip/strict, cleanup.
#
# A case is `bash test/e2e/cases/<name>.sh`, run by ctest with TUG_BIN, TUG_E2E_LIB and
# TUG_E2E_WORK set. It starts with
#     source "$TUG_E2E_LIB/harness.sh"
# and then uses `tug`, `expect`, the assertions and `on_cleanup`. See test/e2e/README.md.
# Cases run in parallel with each other, so everything they create is named with
# `uniq_name` and lives under the case's own data root and state dir.

# set -e makes a stray failing command fail the case (with the line, from the ERR trap)
# instead of letting the case go on and pass by accident.
set -Eeuo pipefail
shopt -s inherit_errexit lastpipe 2>/dev/null || true

if [ -n "${E2E_HARNESS_LOADED:-}" ] && [ "${E2E_MAIN_PID:-}" = "$$" ]; then
    return 0
fi
E2E_HARNESS_LOADED=1

: "${TUG_E2E_LIB:=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
: "${TUG_E2E_WORK:=/tmp/tug-e2e-work}"
: "${TUG_E2E_STRICT:=0}"
: "${TUG_E2E_CMD_TIMEOUT:=300}"
: "${TUG_BIN:=}"
export TUG_E2E_LIB TUG_E2E_WORK TUG_E2E_STRICT TUG_E2E_CMD_TIMEOUT TUG_BIN

E2E_CASE=${E2E_CASE:-$(basename "${0%.sh}")}
E2E_MAIN_PID=$$
mkdir -p "$TUG_E2E_WORK/logs"
E2E_CASE_DIR=$TUG_E2E_WORK/$E2E_CASE-$$
rm -rf "$E2E_CASE_DIR"
mkdir -p "$E2E_CASE_DIR"/{root,tmp,cmd}
# The state dir holds unix sockets (attach, CRI) whose paths are limited to 108 bytes,
# so it lives under a short base rather than deep in the build tree.
E2E_STATE_BASE=${TUG_E2E_STATE_BASE:-/run/tug-e2e}
if ! mkdir -p "$E2E_STATE_BASE" 2>/dev/null || [ ! -w "$E2E_STATE_BASE" ]; then
    E2E_STATE_BASE=$E2E_CASE_DIR
fi
E2E_STATE_DIR=$(mktemp -d "$E2E_STATE_BASE/s$$.XXXX")
ln -sfn "$E2E_STATE_DIR" "$E2E_CASE_DIR/state"
E2E_LOG=$TUG_E2E_WORK/logs/$E2E_CASE-$$.log
: >"$E2E_LOG"
ln -sfn "$E2E_CASE-$$.log" "$TUG_E2E_WORK/logs/$E2E_CASE.log"
E2E_FAILED_MARK=$E2E_CASE_DIR/failed
E2E_SKIP_REASON=
E2E_CLEANUPS=()
E2E_BG_PIDS=()
E2E_NAME_SEQ=$E2E_CASE_DIR/name-seq
E2E_RUN_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
E2E_CMD_SEQ=0
TMPDIR=$E2E_CASE_DIR/tmp
export TMPDIR

# The isolated tug: its own data root, state dir and an empty config, so neither the
# host's /var/lib/tug nor /etc/tug/tug.toml leak into a case.
TUG_DATA_ROOT=$E2E_CASE_DIR/root
TUG_STATE_DIR=$E2E_STATE_DIR
TUG_CONFIG=$E2E_CASE_DIR/tug.toml
: >"$TUG_CONFIG"
export TUG_DATA_ROOT TUG_STATE_DIR TUG_CONFIG
# Any other TUG_* setting of the caller (namespace, registry config dir, ...) would change
# what a case tests.
for _v in $(compgen -e TUG_); do
    case $_v in TUG_BIN | TUG_E2E_* | TUG_DEBUG | TUG_DATA_ROOT | TUG_STATE_DIR | TUG_CONFIG) ;; *) unset "$_v" ;; esac
done
unset _v DOCKER_CONFIG
# Registry logins made by a case (tug, skopeo, podman) must not touch the host's
# ~/.docker/config.json or /run/containers/0/auth.json, nor another case's.
export HOME=$E2E_CASE_DIR/home
export DOCKER_CONFIG=$HOME/.docker
export REGISTRY_AUTH_FILE=$E2E_CASE_DIR/containers-auth.json
mkdir -p "$DOCKER_CONFIG"

# Output: OUT/ERR/RC of the last expect'ed command.
OUT='' ERR='' RC=0

# No fork: logging happens on every command and assertion.
_e2e_ts() {
    local t=$EPOCHREALTIME
    TZ=UTC printf '%(%H:%M:%S)T.%.3s' "${t%.*}" "${t#*.}"
}

log() {
    local t=$EPOCHREALTIME
    TZ=UTC printf '[%(%H:%M:%S)T.%.3s] %s\n' "${t%.*}" "${t#*.}" "$*" >>"$E2E_LOG"
}

# Prints a line both to the case log and to stderr.
note() {
    log "$*"
    printf '%s: %s\n' "$E2E_CASE" "$*" >&2
}

_e2e_quote() {
    local out='' a q
    for a in "$@"; do
        printf -v q '%q' "$a"
        out+=" $q"
    done
    printf '%s' "${out# }"
}

# tug [args...]: the built binary with this case's environment, bounded in time so a hang
# fails the case instead of the whole CI run (timeout exits 124).
tug() {
    if [ -z "$TUG_BIN" ] || [ ! -x "$TUG_BIN" ]; then
        echo "harness: TUG_BIN '$TUG_BIN' is not an executable" >&2
        return 127
    fi
    timeout -k 10 "$TUG_E2E_CMD_TIMEOUT" "$TUG_BIN" "$@"
}

fail() {
    local msg="$*"
    : >"$E2E_FAILED_MARK" 2>/dev/null || true
    printf '[%s] FAIL: %s\n' "$(_e2e_ts)" "$msg" >>"$E2E_LOG"
    printf 'FAIL %s: %s\n' "$E2E_CASE" "$msg" >&2
    if [ -n "${BASH_SOURCE[1]:-}" ]; then
        local i
        for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
            case "${BASH_SOURCE[$i]}" in */e2e/lib/*) continue ;; esac
            printf '  at %s:%s\n' "${BASH_SOURCE[$i]}" "${BASH_LINENO[$((i - 1))]}" >&2
            break
        done
    fi
    exit 1
}

skip() {
    E2E_SKIP_REASON="${*:-no reason given}"
    log "SKIP: $E2E_SKIP_REASON"
    exit 77
}

require_root() { [ "$(id -u)" = 0 ] || skip "needs root"; }

require_cmd() {
    local p
    for p in "$@"; do command -v "$p" >/dev/null 2>&1 || skip "needs '$p' on PATH"; done
}

require_tug() {
    [ -n "$TUG_BIN" ] && [ -x "$TUG_BIN" ] || skip "TUG_BIN '$TUG_BIN' is not built"
}

# free_port: a TCP port nothing on this host listens on now (a race stays possible: retry
# on "address in use").
free_port() {
    local p used
    used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
    while :; do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        grep -qx "$p" <<<"$used" || break
    done
    echo "$p"
}

# uniq_name <prefix>: a lower-case name unique to this case and run, valid as a
# container, network, volume name and image repository. Works inside $(...).
uniq_name() {
    local prefix=${1:-t} n=0
    [ -f "$E2E_NAME_SEQ" ] && n=$(<"$E2E_NAME_SEQ")
    n=$((n + 1))
    echo "$n" >"$E2E_NAME_SEQ"
    printf '%s-%s%s\n' "$prefix" "$E2E_RUN_ID" "$n" | tr 'A-Z' 'a-z'
}

# on_cleanup <cmd...>: run at exit, last registered first; failures are logged only.
on_cleanup() {
    [ "$BASHPID" = "$E2E_MAIN_PID" ] || fail "on_cleanup called from a subshell: it would be lost"
    E2E_CLEANUPS+=("$(_e2e_quote "$@")")
}

# bg <cmd...>: start a command in the background (output to the case log); its pid is in
# $BG_PID and it is killed at exit.
bg() {
    log "bg: $(_e2e_quote "$@")"
    "$@" >>"$E2E_LOG" 2>&1 </dev/null &
    BG_PID=$!
    E2E_BG_PIDS+=("$BG_PID")
}

_e2e_run() {
    E2E_CMD_SEQ=$((E2E_CMD_SEQ + 1))
    local base=$E2E_CASE_DIR/cmd/$E2E_CMD_SEQ
    E2E_LAST_CMD_LOG=$base.log
    local line
    line=$(_e2e_quote "$@")
    RC=0
    # Functions (tug, a case's helpers) run as they are; programs get the time bound.
    if [ "$(type -t "$1" 2>/dev/null)" = file ]; then
        timeout -k 10 "$TUG_E2E_CMD_TIMEOUT" "$@" >"$base.out" 2>"$base.err" || RC=$?
    else
        "$@" >"$base.out" 2>"$base.err" || RC=$?
    fi
    OUT=$(<"$base.out")
    ERR=$(<"$base.err")
    {
        printf '[%s] $ %s\n' "$(_e2e_ts)" "$line"
        [ -s "$base.out" ] && sed 's/^/  stdout| /' "$base.out"
        [ -s "$base.err" ] && sed 's/^/  stderr| /' "$base.err"
        printf '  exit %s\n' "$RC"
    } >"$E2E_LAST_CMD_LOG"
    cat "$E2E_LAST_CMD_LOG" >>"$E2E_LOG"
}

_e2e_show_last() {
    {
        echo "---- command log ----"
        head -c 20000 "$E2E_LAST_CMD_LOG"
        echo "---------------------"
    } >&2
}

# run <cmd...>: run and log, any exit code accepted (in $RC).
run() { _e2e_run "$@"; }

# expect <code> <cmd...>: run, log, and fail the case unless it exits with <code>.
# <code> may be `nonzero` for any failure. Sets OUT, ERR, RC.
expect() {
    local want=$1
    shift
    [ $# -gt 0 ] || fail "expect: no command"
    _e2e_run "$@"
    local ok=0
    if [ "$want" = nonzero ]; then
        [ "$RC" != 0 ] && ok=1
    elif [ "$RC" = "$want" ]; then
        ok=1
    fi
    if [ $ok = 0 ]; then
        _e2e_show_last
        fail "expected exit $want, got $RC: $(_e2e_quote "$@")"
    fi
}

# expect_out <code> <expected-stdout> <cmd...>: also compares stdout exactly (no trailing newline).
expect_out() {
    local want=$1 want_out=$2
    shift 2
    expect "$want" "$@"
    if [ "$OUT" != "$want_out" ]; then
        _e2e_show_last
        fail "stdout of $(_e2e_quote "$@"): expected '$want_out', got '$OUT'"
    fi
}

assert_eq() {
    local want=$1 got=$2 what=${3:-value}
    [ "$want" = "$got" ] || fail "$what: expected '$want', got '$got'"
    log "ok: $what = '$got'"
}

assert_ne() {
    local a=$1 b=$2 what=${3:-value}
    [ "$a" != "$b" ] || fail "$what: expected something other than '$a'"
}

assert_contains() {
    local hay=$1 needle=$2 what=${3:-output}
    case "$hay" in
    *"$needle"*) log "ok: $what contains '$needle'" ;;
    *) fail "$what does not contain '$needle'; it is: $(printf '%s' "$hay" | head -c 4000)" ;;
    esac
}

assert_not_contains() {
    local hay=$1 needle=$2 what=${3:-output}
    case "$hay" in
    *"$needle"*) fail "$what contains '$needle' but must not; it is: $(printf '%s' "$hay" | head -c 4000)" ;;
    *) log "ok: $what does not contain '$needle'" ;;
    esac
}

# assert_match <string> <ERE>
assert_match() {
    local s=$1 re=$2 what=${3:-output}
    [[ $s =~ $re ]] || fail "$what does not match /$re/; it is: $(printf '%s' "$s" | head -c 4000)"
    log "ok: $what matches /$re/"
}

# assert_json <string> [jq-filter]: valid JSON; with a filter, the filter must yield true.
assert_json() {
    local s=$1 filter=${2:-}
    printf '%s' "$s" | jq -e . >/dev/null 2>&1 ||
        fail "not valid JSON: $(printf '%s' "$s" | head -c 4000)"
    if [ -n "$filter" ]; then
        local r
        r=$(printf '%s' "$s" | jq -c "$filter" 2>&1) || fail "jq '$filter' failed: $r"
        [ "$r" = true ] || fail "JSON check '$filter' gave $r on: $(printf '%s' "$s" | head -c 4000)"
        log "ok: json $filter"
    fi
}

# wait_for <seconds> <cmd...>: poll (every 0.2 s) until the command succeeds.
wait_for() {
    local secs=$1
    shift
    local deadline=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || fail "timed out after ${secs}s waiting for: $(_e2e_quote "$@")"
        sleep 0.2
    done
}

_e2e_unmount_under() {
    local dir=$1 t
    [ -d "$dir" ] || return 0
    dir=$(readlink -f "$dir")
    # Deepest first; lazy, because a leaked process may still hold one open.
    findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d "/") == 1 || $0 == d' | sort -r |
        while read -r t; do
            t=$(printf '%b' "$t")
            umount -l "$t" >>"$E2E_LOG" 2>&1 || log "cleanup: umount $t failed"
        done
}

# Containers the case left behind: runc state files (state.json) under the case's state
# dir, or under runc's default root when they name the case's dirs. Killing them keeps a
# failed case from leaking processes into the next one.
_e2e_reap_runc() {
    local state=$1 root=$2 f cdir
    command -v runc >/dev/null 2>&1 || return 0
    for f in $(find "$state" -maxdepth 6 -name state.json 2>/dev/null) \
        $(grep -lsF -e "$root" -e "$state" /run/runc/*/state.json); do
        grep -qs '"init_process_pid"' "$f" || continue
        cdir=$(dirname "$f")
        log "cleanup: runc --root $(dirname "$cdir") delete --force $(basename "$cdir")"
        timeout 20 runc --root "$(dirname "$cdir")" delete --force "$(basename "$cdir")" >>"$E2E_LOG" 2>&1 || true
    done
}

# Monitors (tug re-executed, setsid) carry this case's TUG_STATE_DIR in their environment.
_e2e_kill_strays() {
    local state=$1 f p
    for f in $(grep -lzxF "TUG_STATE_DIR=$state" /proc/[0-9]*/environ 2>/dev/null); do
        p=${f#/proc/}
        p=${p%/environ}
        # This shell; the grep that listed it has exited by now.
        [ "$p" = "$$" ] && continue
        log "cleanup: killing stray pid $p ($(tr "\\0" " " 2>/dev/null <"/proc/$p/cmdline" | head -c 200))"
        kill -KILL "$p" 2>/dev/null || true
    done
}

_e2e_exit() {
    local rc=$?
    set +eE
    trap - ERR
    [ "$BASHPID" = "$E2E_MAIN_PID" ] || return "$rc"
    if [ -n "$E2E_SKIP_REASON" ]; then
        rc=77
    elif [ "$rc" = 77 ]; then
        # Only skip() may report a skip to ctest.
        log "exit code 77 not from skip(): treated as failure"
        rc=1
    fi
    [ -e "$E2E_FAILED_MARK" ] && [ "$rc" = 0 ] && rc=1

    local i
    for ((i = ${#E2E_CLEANUPS[@]} - 1; i >= 0; i--)); do
        log "cleanup: ${E2E_CLEANUPS[$i]}"
        (eval "${E2E_CLEANUPS[$i]}") >>"$E2E_LOG" 2>&1 || log "cleanup failed (exit $?): ${E2E_CLEANUPS[$i]}"
    done
    # Everything in this data root belongs to the case: remove what is left the normal way
    # first so networks and mounts are torn down by tug itself.
    if [ -n "$TUG_BIN" ] && [ -x "$TUG_BIN" ] && [ -e "$TUG_DATA_ROOT/meta.db" ]; then
        local ids
        ids=$(timeout 30 "$TUG_BIN" ps -aq 2>/dev/null) || ids=
        if [ -n "$ids" ]; then
            log "cleanup: tug rm -f $(echo $ids)"
            timeout 60 "$TUG_BIN" rm -f $ids >>"$E2E_LOG" 2>&1 || log "cleanup: tug rm -f failed"
        fi
        # User networks hold kernel state (bridges, iptables rules) outside the data root.
        timeout 60 "$TUG_BIN" network prune -f >>"$E2E_LOG" 2>&1 || log "cleanup: tug network prune failed"
    fi
    local pids=("${E2E_BG_PIDS[@]}")
    pids+=($(jobs -p 2>/dev/null))
    if [ ${#pids[@]} -gt 0 ]; then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        for i in 1 2 3 4 5 6 7 8 9 10; do
            local alive=0 p
            for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
            [ $alive = 0 ] && break
            sleep 0.2
        done
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait 2>/dev/null || true
    fi
    _e2e_reap_runc "$E2E_STATE_DIR" "$TUG_DATA_ROOT"
    _e2e_kill_strays "$E2E_STATE_DIR"
    _e2e_unmount_under "$TUG_DATA_ROOT"
    _e2e_unmount_under "$E2E_STATE_DIR"
    rm -rf --one-file-system "$TUG_DATA_ROOT" "$E2E_STATE_DIR" "$TMPDIR" 2>>"$E2E_LOG" ||
        log "cleanup: could not remove all of the case's dirs"
    rm -f "$E2E_STATE_DIR.case"

    case $rc in
    0)
        log "PASS"
        rm -rf --one-file-system "$E2E_CASE_DIR" 2>/dev/null || true
        echo "PASS $E2E_CASE"
        ;;
    77)
        if [ "$TUG_E2E_STRICT" = 1 ]; then
            log "FAIL: skipped in strict mode: $E2E_SKIP_REASON"
            echo "FAIL $E2E_CASE: skipped in strict mode (TUG_E2E_STRICT=1): $E2E_SKIP_REASON" >&2
            rc=1
        else
            echo "SKIP $E2E_CASE: $E2E_SKIP_REASON"
        fi
        ;;
    *)
        log "FAIL (exit $rc)"
        {
            echo "==== last lines of $E2E_LOG ===="
            tail -n 80 "$E2E_LOG"
            echo "==== FAIL $E2E_CASE (exit $rc); full log: $E2E_LOG ===="
        } >&2
        ;;
    esac
    exit "$rc"
}

_e2e_err() {
    local rc=$? line=${BASH_LINENO[0]} src=${BASH_SOURCE[1]:-?}
    [ "$BASHPID" = "$E2E_MAIN_PID" ] || return 0
    log "unexpected failure (exit $rc) at $src:$line: $BASH_COMMAND"
    printf '%s: unexpected failure (exit %s) at %s:%s: %s\n' "$E2E_CASE" "$rc" "$src" "$line" "$BASH_COMMAND" >&2
}

# A case killed outright (ctest's timeout) runs no EXIT trap: the next case to start
# cleans up after it, from the record (<state dir>.case, holding the data root) that every
# case leaves next to its state dir while it runs.
_e2e_sweep_stale() {
    local rec claimed pid sd root
    for rec in "$E2E_STATE_BASE"/s*.case; do
        [ -f "$rec" ] || continue
        sd=${rec%.case}
        pid=${sd##*/s}
        pid=${pid%%.*}
        kill -0 "$pid" 2>/dev/null && continue
        claimed=$rec.sweep-$$
        mv "$rec" "$claimed" 2>/dev/null || continue
        root=$(<"$claimed")
        case $root in */root) ;; *) root='' ;; esac
        log "sweep: case pid $pid died without cleaning up: $sd $root"
        _e2e_reap_runc "$sd" "$root"
        _e2e_kill_strays "$sd"
        _e2e_unmount_under "$root"
        _e2e_unmount_under "$sd"
        rm -rf --one-file-system "$sd" "$root" 2>>"$E2E_LOG" || true
        rm -f "$claimed"
    done
}

trap _e2e_exit EXIT
trap _e2e_err ERR
trap 'exit 130' INT
trap 'exit 143' TERM

log "case $E2E_CASE pid $$ strict=$TUG_E2E_STRICT"
_e2e_sweep_stale
printf '%s\n' "$TUG_DATA_ROOT" >"$E2E_STATE_DIR.case"
log "TUG_BIN=$TUG_BIN TUG_DATA_ROOT=$TUG_DATA_ROOT TUG_STATE_DIR=$TUG_STATE_DIR"
