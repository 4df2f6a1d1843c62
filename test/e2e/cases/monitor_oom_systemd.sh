# Under the systemd cgroup manager (runc --systemd-cgroup: a scope under system.slice), a
# container killed for going past its --memory shows State.OOMKilled true too.
# tug-e2e: pending systemd running as init, which runc's systemd cgroup driver needs and the CI machines lack; the path is unit-tested (test/unit/cgroup)
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
[ -d /run/systemd/system ] || skip "the systemd cgroup manager needs systemd running as init"
fixture_load busybox
export TUG_CGROUP_MANAGER=systemd

hog=$(uniq_name hog)
expect nonzero tug run --name "$hog" --net=none --memory 16m busybox sh -c 'head -c 67108864 /dev/zero | tail'
on_cleanup tug rm -f "$hog"
expect_out 0 "true" tug inspect -f '{{.State.OOMKilled}}' "$hog"
