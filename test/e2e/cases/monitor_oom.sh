# A container killed by the kernel's OOM killer for going past its --memory shows
# State.OOMKilled true (found through the container's memory cgroup), one that is not
# shows false.
source "$TUG_E2E_LIB/harness.sh"
source "$TUG_E2E_LIB/fixtures.sh"
require_root
require_tug
require_cmd runc
fixture_load busybox

# busybox tail keeps a line without a newline in memory: 64 MiB of zeros is one line.
hog=$(uniq_name hog)
expect nonzero tug run --name "$hog" --net=none --memory 16m busybox sh -c 'head -c 67108864 /dev/zero | tail'
on_cleanup tug rm -f "$hog"
expect_out 0 "true" tug inspect -f '{{.State.OOMKilled}}' "$hog"

calm=$(uniq_name calm)
expect 0 tug run --name "$calm" --net=none --memory 16m busybox sh -c 'head -c 1048576 /dev/zero | tail'
on_cleanup tug rm -f "$calm"
expect_out 0 "false" tug inspect -f '{{.State.OOMKilled}}' "$calm"
