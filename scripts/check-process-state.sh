#!/usr/bin/env bash
# The engine (engine/, cni/) never reads the state of the process it runs in: its
# environment, working directory, terminal or umask. Under `tug serve-cri` that process is
# the server, not the caller; the CLI reads what is needed and passes values (the Options
# structs, EngineConfig). This lists every call under engine/ and cni/ that would read it
# and fails when one is not on the allow-list below. Run by ctest (label unit).
#   usage: scripts/check-process-state.sh [SOURCE_DIR]
set -euo pipefail
if [ $# -gt 0 ]; then root=$1; else root=$(dirname "$0")/..; fi
cd "$root"

# Calls that read the process's state, directly or underneath: the environment (getenv,
# environ; posix_spawnp/execvp/execlp search our PATH; temp_directory_path reads TMPDIR),
# the working directory (getcwd, current_path, filesystem::absolute), the terminal
# (isatty, ttyname, ctermid) and the umask.
calls='getenv|secure_getenv|getcwd|get_current_dir_name|umask|isatty|ttyname|ttyname_r|ctermid|posix_spawnp|execvp|execvpe|execlp|temp_directory_path|current_path|absolute'
pattern="(\\b(${calls})[[:space:]]*\\(|\\benviron\\b)"

# file:why. Keep it short; each entry says why the engine must read that state there.
allow=(
)

status=0
while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    code=${rest#*:}
    # Comments may name these calls; only code counts.
    code=${code%%//*}
    grep -qE "$pattern" <<<"$code" || continue
    allowed=0
    for a in "${allow[@]}"; do [ "${a%%:*}" = "$file" ] && allowed=1; done
    if [ "$allowed" = 0 ]; then
        echo "reads the process's state: $hit" >&2
        status=1
    fi
done < <(grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' --include='*.c' "$pattern" engine cni || true)

if [ "$status" = 0 ]; then
    echo "engine/ and cni/ read no process state"
else
    echo "pass the value in from cli/ (Options, EngineConfig) instead; see scripts/check-process-state.sh" >&2
fi
exit "$status"
