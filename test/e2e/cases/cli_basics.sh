#!/usr/bin/env bash
# The command framework as a user meets it: help, version, info, --format, tug.toml
# errors, configuration precedence, usage errors and their exit codes.
source "$TUG_E2E_LIB/harness.sh"
require_tug

# --help lists the command groups in docker's sections.
expect 0 tug --help
assert_contains "$OUT" "Usage:  tug [OPTIONS] COMMAND"
assert_contains "$OUT" "Management Commands:"
for group in container image network system volume; do
    assert_match "$OUT" $'\n  '"$group"' +[A-Z]' "tug --help lists $group"
done
assert_contains "$OUT" "Global Options:"
assert_contains "$OUT" "--data-root"
assert_not_contains "$OUT" "__man" "hidden commands stay hidden"

# A bare group prints its own help.
expect 0 tug system
assert_contains "$OUT" "Usage:  tug system COMMAND"
assert_contains "$OUT" "info"

expect 0 tug version
assert_match "$OUT" "Version: +[0-9]+\.[0-9]+\.[0-9]+"
expect 0 tug version --format '{{.Client.Version}}'
assert_match "$OUT" '^[0-9]+\.[0-9]+\.[0-9]+$'

# info reports where state lives and what it runs with; {{json .}} is valid JSON.
expect 0 tug info
assert_contains "$OUT" "Tug Root Dir: $TUG_DATA_ROOT"
assert_contains "$OUT" "State Dir: $TUG_STATE_DIR"
expect 0 tug info --format '{{json .}}'
assert_json "$OUT" ".DockerRootDir == \"$TUG_DATA_ROOT\" and .StateDir == \"$TUG_STATE_DIR\" and .Namespace == \"default\""
assert_json "$OUT" '.Images == 0 and .Containers == 0 and (.CgroupVersion | test("^[12]$"))'
assert_json "$OUT" '.DefaultRuntime == "runc" and (.CNI.PluginDirs | index("/usr/lib/cni") != null)'
expect 0 tug info --format json
assert_json "$OUT" '.Driver == "overlayfs" or .Driver == "native"'
expect_out 0 "$TUG_DATA_ROOT" tug info --format '{{.DockerRootDir}}'

# Precedence: flag > environment > tug.toml > default.
cfg=$E2E_CASE_DIR/precedence.toml
printf 'namespace = "from-file"\nruntime = "runc"\n' >"$cfg"
expect_out 0 "from-file" tug --config "$cfg" info --format '{{.Namespace}}'
expect_out 0 "from-env" env TUG_NAMESPACE=from-env "$TUG_BIN" --config "$cfg" info --format '{{.Namespace}}'
expect_out 0 "from-flag" env TUG_NAMESPACE=from-env "$TUG_BIN" --config "$cfg" -n from-flag info --format '{{.Namespace}}'
expect_out 0 "default" tug info --format '{{.Namespace}}'

# A bad tug.toml: one line naming the file and line, exit 125.
bad=$E2E_CASE_DIR/bad.toml
printf 'data_root = "/x"\n\nstorage = "overlay"\n' >"$bad"
expect 125 tug --config "$bad" info
assert_eq "tug: $bad:3: unknown key \"storage\"" "$ERR" "error for an unknown key"
printf 'debug = "yes"\n' >"$bad"
expect 125 tug --config "$bad" version
assert_eq "tug: $bad:1: debug must be a boolean" "$ERR" "error for a mistyped value"
printf 'data_root = \n' >"$bad"
expect 125 tug --config "$bad" info
assert_match "$ERR" "^tug: $bad:1: " "error for a syntax error"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "syntax error lines"
expect 125 tug --config "$E2E_CASE_DIR/missing.toml" info
assert_contains "$ERR" "missing.toml"

# Usage errors, docker's wording and exit codes: a bad flag 125; a wrong argument count,
# an unknown command 1; a --format that does not parse 64 in info/version/inspect.
expect 125 tug info --bogus
assert_contains "$ERR" "unknown flag: --bogus"
assert_contains "$ERR" "See 'tug info --help'."
expect 1 tug frobnicate
assert_contains "$ERR" "'frobnicate' is not a tug command."
expect 1 tug inspect
assert_eq "\"tug inspect\" requires at least 1 argument.
See 'tug inspect --help'.

Usage:  tug inspect [OPTIONS] NAME|ID [NAME|ID...]

Return low-level information on Docker objects" "$ERR" "inspect without arguments"
expect 1 tug container rename onlyone
assert_contains "$ERR" '"tug container rename" requires exactly 2 arguments.'
expect 1 tug info extra
assert_contains "$ERR" '"tug info" accepts no arguments.'
expect 125 tug inspect --bogus
assert_contains "$ERR" "unknown flag: --bogus"
expect 64 tug info --format '{{.Nope'
assert_match "$ERR" '^tug: template' "template errors are reported, not crashes"
expect 1 tug ps --format '{{.Nope'

# The generated completion and man page are what is checked in.
src=$(cd "$TUG_E2E_LIB/../../.." && pwd)
expect 0 tug completion bash
[ "$OUT" = "$(<"$src/completions/tug.bash")" ] ||
    fail "completions/tug.bash is stale: regenerate with 'tug completion bash > completions/tug.bash'"
expect 0 bash -n "$src/completions/tug.bash"
expect 0 tug __man
[ "$OUT" = "$(<"$src/man/tug.1")" ] || fail "man/tug.1 is stale: regenerate with 'tug __man > man/tug.1'"
