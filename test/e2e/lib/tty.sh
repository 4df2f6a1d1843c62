# E2E terminal helpers: run a command on a real pty (tmux) for `-it` tests, type into it, read the screen.
#
#   tty_start <cmd...>        starts the command in a detached tmux session (80x24) with the
#                             case's environment; the `tug` function is not available there,
#                             so write "$TUG_BIN"
#   tty_send <keys...>        tmux send-keys (e.g. tty_send 'echo hi' Enter; tty_send C-d)
#   tty_wait_for <text> [secs]  waits until the screen shows <text> (default 20 s)
#   tty_screen                sets OUT to the screen's text (also logged)
#   tty_wait_exit [secs]      waits until the command exits; sets RC to its exit code
#
# One session at a time per case; TTY_SESSION names it. Requires tmux.

TTY_SESSION=main
_TTY_SOCK=

_tty() { tmux -S "$_TTY_SOCK" "$@"; }

tty_start() {
    require_cmd tmux
    if [ -z "$_TTY_SOCK" ]; then
        # A unix socket path: kept short, next to the state dirs.
        _TTY_SOCK=$E2E_STATE_BASE/tmux-$$.sock
        on_cleanup rm -f "$_TTY_SOCK"
        on_cleanup tmux -S "$_TTY_SOCK" kill-server
    fi
    local rcfile=$E2E_CASE_DIR/tty-$TTY_SESSION.rc script=$E2E_CASE_DIR/tty-$TTY_SESSION.sh
    rm -f "$rcfile"
    {
        echo 'cd "$1" || exit 1; shift'
        echo '"$@"'
        echo "echo \$? >'$rcfile'"
        # Keep the pane so its last screen can still be read.
        echo 'exec sleep 100000'
    } >"$script"
    log "tty_start [$TTY_SESSION]: $(_e2e_quote "$@")"
    _tty -f /dev/null new-session -d -s "$TTY_SESSION" -x 80 -y 24 \
        bash "$script" "$PWD" "$@" || fail "tmux could not start a session"
    _tty set-option -t "$TTY_SESSION" remain-on-exit on >/dev/null 2>&1 || true
}

tty_send() {
    log "tty_send [$TTY_SESSION]: $(_e2e_quote "$@")"
    _tty send-keys -t "$TTY_SESSION" "$@" || fail "tmux send-keys failed"
}

tty_screen() {
    OUT=$(_tty capture-pane -p -t "$TTY_SESSION" 2>/dev/null) || OUT=
    {
        echo "[$(_e2e_ts)] tty screen [$TTY_SESSION]:"
        printf '%s\n' "$OUT" | sed 's/^/  tty| /'
    } >>"$E2E_LOG"
}

tty_wait_for() {
    local text=$1 secs=${2:-20}
    local deadline=$((SECONDS + secs)) screen
    while :; do
        screen=$(_tty capture-pane -p -t "$TTY_SESSION" 2>/dev/null) || screen=
        case "$screen" in *"$text"*) log "tty: saw '$text'"; return 0 ;; esac
        if [ $SECONDS -ge $deadline ]; then
            tty_screen
            fail "timed out after ${secs}s waiting for '$text' on the terminal; screen: $OUT"
        fi
        sleep 0.1
    done
}

tty_wait_exit() {
    local secs=${1:-30}
    local rcfile=$E2E_CASE_DIR/tty-$TTY_SESSION.rc deadline=$((SECONDS + secs))
    while [ ! -s "$rcfile" ]; do
        if [ $SECONDS -ge $deadline ]; then
            tty_screen
            fail "timed out after ${secs}s waiting for the terminal's command to exit; screen: $OUT"
        fi
        sleep 0.1
    done
    RC=$(<"$rcfile")
    log "tty: command exited $RC"
}
