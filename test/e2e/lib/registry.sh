# E2E registry: a real docker-registry on 127.0.0.1 with a random port, plain, TLS or TLS + basic auth.
#
#   registry_start <http|tls|auth|auth-http>
#       starts one instance (a case may start several; the REG_* variables describe the
#       latest) and registers its cleanup. Exports:
#         REG_HOST     127.0.0.1:<port>
#         REG_URL      http(s)://127.0.0.1:<port>
#         REG_MODE     the mode
#         REG_USER REG_PASS   tuguser and a random password (auth modes; empty otherwise)
#         REG_CA       the CA certificate that signed the server's (tls/auth; empty otherwise)
#         REG_CERTS_D  a certs.d dir in containerd's layout: $REG_CERTS_D/$REG_HOST/ca.crt,
#                      usable as tug's registry config dir and as skopeo's --cert-dir
#                      ($REG_CERTS_D/$REG_HOST)
#         REG_DIR      the instance's dir (config.yml, storage/, registry.log)
#   registry_push_fixture <oci-dir> <repo:tag>   skopeo copy into the latest registry
#   registry_skopeo_args [src|dest]              TLS/credential flags for skopeo against it
#   registry_curl <path> [curl args...]          curl $REG_URL<path> with its CA and credentials,
#                                                sets REG_STATUS and REG_BODY
#
# auth-http (basic auth without TLS) is for tests of insecure registries that still log in.

registry_start() {
    local mode=${1:?registry_start: mode http|tls|auth|auth-http}
    case $mode in http | tls | auth | auth-http) ;; *) fail "registry_start: unknown mode '$mode'" ;; esac
    require_cmd docker-registry curl
    local n=0
    while [ -e "$E2E_CASE_DIR/registry-$n" ]; do n=$((n + 1)); done
    local dir=$E2E_CASE_DIR/registry-$n
    mkdir -p "$dir/storage" "$dir/certs.d"

    local scheme=http tls_yaml='' auth_yaml=''
    REG_USER='' REG_PASS='' REG_CA=''
    if [ "$mode" = tls ] || [ "$mode" = auth ]; then
        require_cmd openssl
        scheme=https
        _registry_make_certs "$dir"
        REG_CA=$dir/ca.crt
        tls_yaml="  tls:
    certificate: $dir/server.crt
    key: $dir/server.key"
    fi
    if [ "$mode" = auth ] || [ "$mode" = auth-http ]; then
        require_cmd htpasswd
        REG_USER=tuguser
        REG_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
        htpasswd -Bbn "$REG_USER" "$REG_PASS" >"$dir/htpasswd" 2>>"$E2E_LOG"
        auth_yaml="auth:
  htpasswd:
    realm: tug-e2e
    path: $dir/htpasswd"
    fi

    local attempt port pid code
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$(_registry_free_port)
        cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: tug-e2e-$port
  headers:
    X-Content-Type-Options: [nosniff]
$tls_yaml
$auth_yaml
EOF
        # The registry reads REGISTRY_* variables as config overrides; the containers tools'
        # REGISTRY_AUTH_FILE (set by the harness) would be taken as auth.file.
        env -u REGISTRY_AUTH_FILE docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
        pid=$!
        E2E_BG_PIDS+=("$pid")
        local deadline=$((SECONDS + 20))
        code=000
        while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 ${REG_CA:+--cacert "$REG_CA"} \
                "$scheme://127.0.0.1:$port/v2/" 2>/dev/null) || code=000
            case $code in 200 | 401) break ;; esac
            sleep 0.1
        done
        case $code in 200 | 401) break ;; esac
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        if grep -q 'address already in use' "$dir/registry.log"; then
            log "registry: port $port taken, retrying"
            continue
        fi
        log "registry: failed to start (/v2/ answered $code); its log:"
        cat "$dir/registry.log" >>"$E2E_LOG"
        fail "docker-registry ($mode) did not start: $(tail -n 5 "$dir/registry.log")"
    done
    case $code in 200 | 401) ;; *) fail "docker-registry: no free port after $attempt attempts" ;; esac

    REG_HOST=127.0.0.1:$port
    REG_URL=$scheme://$REG_HOST
    REG_MODE=$mode
    REG_DIR=$dir
    REG_PID=$pid
    REG_CERTS_D=$dir/certs.d
    mkdir -p "$REG_CERTS_D/$REG_HOST"
    [ -n "$REG_CA" ] && cp "$REG_CA" "$REG_CERTS_D/$REG_HOST/ca.crt"
    export REG_HOST REG_URL REG_MODE REG_USER REG_PASS REG_CA REG_CERTS_D REG_DIR
    on_cleanup _registry_stop "$pid" "$dir"
    log "registry: $mode on $REG_URL (pid $pid, dir $dir)"
}

_registry_stop() {
    local pid=$1 dir=$2
    kill "$pid" 2>/dev/null || true
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    # Keep the registry's log with the case log when the case fails (its dir stays).
    rm -rf "$dir/storage"
}

# Kept for cases written against the first version.
_registry_free_port() { free_port; }

_registry_make_certs() {
    local d=$1
    {
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout "$d/ca.key" -out "$d/ca.crt" -days 3650 -subj "/CN=tug-e2e test CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=127.0.0.1" &&
            printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" \
                "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
                "extendedKeyUsage=serverAuth" >"$d/server.ext" &&
            openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
                -CAcreateserial -out "$d/server.crt" -days 3650 -extfile "$d/server.ext"
    } >>"$E2E_LOG" 2>&1 || fail "registry: could not make TLS certificates (see log)"
}

# registry_skopeo_args [src|dest]: prints skopeo flags (one per line) for the latest registry.
registry_skopeo_args() {
    local side=${1:-dest}
    case $REG_MODE in
    http | auth-http) echo "--$side-tls-verify=false" ;;
    *) echo "--$side-cert-dir=$REG_CERTS_D/$REG_HOST" ;;
    esac
    if [ -n "$REG_USER" ]; then echo "--$side-creds=$REG_USER:$REG_PASS"; fi
}

# registry_push_fixture <oci-dir> <repo:tag>
registry_push_fixture() {
    local src=${1:?oci dir} ref=${2:?repo:tag}
    require_cmd skopeo
    local args
    mapfile -t args < <(registry_skopeo_args dest)
    expect 0 skopeo --insecure-policy copy --retry-times 2 "${args[@]}" "oci:$src" "docker://$REG_HOST/$ref"
}

# registry_curl <path> [curl args...]: sets REG_STATUS (HTTP code, 000 if no answer) and
# REG_BODY. Call it directly, not in $(...), or the variables are lost.
registry_curl() {
    local path=$1
    shift
    local body=$E2E_CASE_DIR/tmp/registry-curl.body
    REG_STATUS=$(curl -s -o "$body" -w '%{http_code}' --max-time 30 ${REG_CA:+--cacert "$REG_CA"} \
        ${REG_USER:+-u "$REG_USER:$REG_PASS"} "$@" "$REG_URL$path") || REG_STATUS=000
    REG_BODY=$(cat "$body" 2>/dev/null || true)
    rm -f "$body"
    log "registry_curl $path -> $REG_STATUS"
}
