#!/usr/bin/env bash
# tug login / logout against real docker-registry instances: basic auth over TLS (CA from
# certs.d) and over plain HTTP, a registry without auth, wrong passwords and wrong CAs;
# config.json contents, mode and preserved keys.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/registry.sh"
require_tug
require_cmd jq base64

config=$DOCKER_CONFIG/config.json
login_stdin() { printf '%s\n' "$2" | tug login --username "$1" --password-stdin "$3"; }

# --- basic auth over TLS, CA from certs.d ----------------------------------------------
registry_start auth
export TUG_REGISTRY_CONFIG_DIR=$REG_CERTS_D
printf '{"psFormat":"table {{.ID}}","auths":{"other.example.com":{"auth":"YTpi"}}}' >"$config"

expect 1 tug login -u "$REG_USER" -p wrong-password "$REG_HOST"
assert_contains "$ERR" "401 unauthorized"
assert_contains "$ERR" "$REG_HOST"
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"] == null"

expect 0 tug login -u "$REG_USER" -p "$REG_PASS" "$REG_HOST"
assert_eq "Login Succeeded" "$OUT" "login output"
assert_contains "$ERR" "WARNING! Using --password via the CLI is insecure. Use --password-stdin."
assert_eq 600 "$(stat -c %a "$config")" "config.json mode"
want_auth=$(printf '%s:%s' "$REG_USER" "$REG_PASS" | base64 -w0)
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"].auth == \"$want_auth\""
assert_json "$(cat "$config")" '.psFormat == "table {{.ID}}" and .auths["other.example.com"].auth == "YTpi"'

expect_out 0 "Removing login credentials for $REG_HOST" tug logout "$REG_HOST"
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"] == null and .auths[\"other.example.com\"] != null"

# --password-stdin, server given as a URL.
expect 0 login_stdin "$REG_USER" "$REG_PASS" "https://$REG_HOST/"
assert_eq "Login Succeeded" "$OUT" "login --password-stdin output"
assert_not_contains "$ERR" "WARNING"
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"].auth == \"$want_auth\""
expect 1 login_stdin "$REG_USER" "not-it" "$REG_HOST"
assert_contains "$ERR" "unauthorized"

# Flag misuse, as docker words it.
expect 1 tug login --password-stdin "$REG_HOST" </dev/null
assert_contains "$ERR" "Must provide --username with --password-stdin"
expect 1 tug login "$REG_HOST" </dev/null
assert_contains "$ERR" "Cannot perform an interactive login from a non TTY device"

# A CA that did not sign the server's certificate: the login fails on verification.
auth_host=$REG_HOST auth_user=$REG_USER auth_pass=$REG_PASS auth_certs=$REG_CERTS_D
registry_start tls
tls_host=$REG_HOST
mkdir -p "$auth_certs/$tls_host"
cp "$auth_certs/$auth_host/ca.crt" "$auth_certs/$tls_host/ca.crt"
expect 1 tug login -u someone -p something "$tls_host"
assert_match "$ERR" "certificate|SSL"
# With its own CA (and no auth configured) any credentials are accepted, as with docker.
export TUG_REGISTRY_CONFIG_DIR=$REG_CERTS_D
expect 0 tug login -u someone -p something "$tls_host"
assert_eq "Login Succeeded" "$OUT"
expect 0 tug logout "$tls_host"

# --- basic auth over plain HTTP on loopback: HTTPS is tried, then HTTP ------------------
registry_start auth-http
export TUG_REGISTRY_CONFIG_DIR=$E2E_CASE_DIR/no-certs
expect 1 tug login -u "$REG_USER" -p wrong "$REG_HOST"
assert_contains "$ERR" "401 unauthorized"
expect 0 login_stdin "$REG_USER" "$REG_PASS" "$REG_HOST"
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"].auth != null and .auths[\"$auth_host\"].auth == \"$want_auth\""
expect_out 0 "Removing login credentials for $REG_HOST" tug logout "$REG_HOST"
assert_json "$(cat "$config")" ".auths[\"$REG_HOST\"] == null"

# Nothing listening: a clear failure, exit 1.
expect 1 tug login -u a -p b 127.0.0.1:1
assert_contains "$ERR" "127.0.0.1:1"

# Docker Hub's key, without contacting it.
expect_out 0 "Removing login credentials for https://index.docker.io/v1/" tug logout
