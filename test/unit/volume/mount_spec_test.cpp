// -v, --mount and --tmpfs parsing with docker's rules and messages, and the OCI mounts
// and record entries they become.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/volume/mount_spec.hpp"

using namespace tug::engine::volume;
using nlohmann::json;

namespace {

std::string error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument) << e.message();
        return e.message();
    }
    return "";
}

std::string v_error(const std::string& raw) { return error_of([&] { parse_volume_flag(raw); }); }
std::string mount_error(const std::string& raw) { return error_of([&] { parse_mount_flag(raw); }); }

}  // namespace

TEST(VolumeFlag, BindNamedAnonymous) {
    auto b = parse_volume_flag("/etc/hosts:/app/hosts");
    EXPECT_EQ(b.type, MountType::Bind);
    EXPECT_EQ(b.source, "/etc/hosts");
    EXPECT_EQ(b.destination, "/app/hosts");
    EXPECT_FALSE(b.read_only);
    EXPECT_EQ(effective_propagation(b), "rprivate");

    auto n = parse_volume_flag("certs:/app/certs/");
    EXPECT_EQ(n.type, MountType::Volume);
    EXPECT_EQ(n.source, "certs");
    EXPECT_EQ(n.destination, "/app/certs");
    EXPECT_FALSE(n.anonymous);
    EXPECT_TRUE(n.copy_data);

    auto a = parse_volume_flag("/data");
    EXPECT_EQ(a.type, MountType::Volume);
    EXPECT_TRUE(a.anonymous);
    EXPECT_EQ(a.source, "");
}

TEST(VolumeFlag, Modes) {
    auto ro = parse_volume_flag("/a/../b:/c:ro,Z,rslave");
    EXPECT_EQ(ro.source, "/b");
    EXPECT_TRUE(ro.read_only);
    EXPECT_EQ(ro.propagation, "rslave");
    EXPECT_EQ(ro.mode, "ro,Z,rslave");
    auto nocopy = parse_volume_flag("vol:/c:nocopy,rw");
    EXPECT_FALSE(nocopy.copy_data);
    EXPECT_FALSE(nocopy.read_only);
    EXPECT_EQ(parse_volume_flag("vol:/c", "local").volume_driver, "local");
}

TEST(VolumeFlag, DockersErrors) {
    EXPECT_EQ(v_error("a:b:c:d"), "invalid volume specification: 'a:b:c:d'");
    EXPECT_EQ(v_error(":/x"), "invalid volume specification: ':/x'");
    EXPECT_EQ(v_error("/x:ro"), "invalid volume specification: '/x:ro'");
    EXPECT_EQ(v_error("/x:/y:rw,ro"), "invalid mode: rw,ro");
    EXPECT_EQ(v_error("/x:/y:bogus"), "invalid mode: bogus");
    EXPECT_EQ(v_error("/x:relative"),
              "invalid volume specification: '/x:relative': invalid mount config for type "
              "\"bind\": invalid mount path: 'relative' mount path must be absolute");
    EXPECT_EQ(v_error("/x:/"),
              "invalid volume specification: '/x:/': invalid mount config for type \"bind\": "
              "invalid specification: destination can't be '/'");
    EXPECT_EQ(v_error("/x:/y:nocopy"),
              "invalid volume specification: '/x:/y:nocopy': invalid mount config for type "
              "\"bind\": field VolumeOptions must not be specified");
    EXPECT_EQ(v_error("vol:/y:shared"),
              "invalid volume specification: 'vol:/y:shared': invalid mount config for type "
              "\"volume\": field BindOptions must not be specified");
    EXPECT_EQ(v_error("/data:ro"), "invalid volume specification: '/data:ro'");
}

TEST(MountFlag, Bind) {
    auto m = parse_mount_flag("type=bind,source=/tmp,target=/mnt/t,readonly,bind-propagation=rshared");
    EXPECT_EQ(m.type, MountType::Bind);
    EXPECT_EQ(m.source, "/tmp");
    EXPECT_EQ(m.destination, "/mnt/t");
    EXPECT_TRUE(m.read_only);
    EXPECT_EQ(m.propagation, "rshared");
    auto alias = parse_mount_flag("type=bind,src=/tmp,dst=/x,ro=false,consistency=cached");
    EXPECT_FALSE(alias.read_only);
    EXPECT_EQ(alias.destination, "/x");
}

TEST(MountFlag, VolumeAndTmpfs) {
    auto v = parse_mount_flag("source=data,target=/d,volume-nocopy,volume-driver=local,"
                              "volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-label=a=b");
    EXPECT_EQ(v.type, MountType::Volume);
    EXPECT_EQ(v.source, "data");
    EXPECT_FALSE(v.copy_data);
    EXPECT_EQ(v.volume_options.at("type"), "tmpfs");
    EXPECT_EQ(v.volume_options.at("device"), "tmpfs");
    EXPECT_EQ(v.volume_labels.at("a"), "b");
    auto anon = parse_mount_flag("type=volume,destination=/d");
    EXPECT_TRUE(anon.anonymous);
    auto t = parse_mount_flag("type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1770");
    EXPECT_EQ(t.tmpfs_size, 64 << 20);
    EXPECT_EQ(t.tmpfs_mode, 01770u);
    EXPECT_EQ(tmpfs_options_string(t), "mode=1770,size=64m");
    auto quoted = parse_mount_flag("type=bind,\"source=/tmp\",target=/q");
    EXPECT_EQ(quoted.source, "/tmp");
}

TEST(MountFlag, DockersErrors) {
    EXPECT_EQ(mount_error("type=bind,source=/nonexistent-tug-x,target=/x"),
              "invalid mount config for type \"bind\": bind source path does not exist: "
              "/nonexistent-tug-x");
    EXPECT_EQ(mount_error("type=bind,source=/tmp"),
              "invalid argument \"type=bind,source=/tmp\" for \"--mount\" flag: target is required");
    EXPECT_EQ(mount_error("type=bind,target=/x,foo"),
              "invalid argument \"type=bind,target=/x,foo\" for \"--mount\" flag: invalid field "
              "'foo' must be a key=value pair");
    EXPECT_EQ(mount_error("type=bind,target=/x,foo=bar"),
              "invalid argument \"type=bind,target=/x,foo=bar\" for \"--mount\" flag: unexpected "
              "key 'foo' in 'foo=bar'");
    EXPECT_EQ(mount_error("type=volume,target=/x,bind-propagation=shared"),
              "invalid argument \"type=volume,target=/x,bind-propagation=shared\" for \"--mount\" "
              "flag: cannot mix 'bind-*' options with mount type 'volume'");
    EXPECT_EQ(mount_error("type=bind,source=/tmp,target=/x,tmpfs-size=1m"),
              "invalid argument \"type=bind,source=/tmp,target=/x,tmpfs-size=1m\" for \"--mount\" "
              "flag: cannot mix 'tmpfs-*' options with mount type 'bind'");
    EXPECT_EQ(mount_error("type=tmpfs,target=/x,tmpfs-size=lots"),
              "invalid argument \"type=tmpfs,target=/x,tmpfs-size=lots\" for \"--mount\" flag: "
              "invalid value for tmpfs-size: lots");
    EXPECT_EQ(mount_error("type=bind,target=/x"),
              "invalid mount config for type \"bind\": field Source must not be empty");
    EXPECT_EQ(mount_error("type=tmpfs,source=x,target=/x"),
              "invalid mount config for type \"tmpfs\": field Source must not be specified");
    EXPECT_EQ(mount_error("type=volume,target=/x,readonly"),
              "invalid mount config for type \"volume\": must not set ReadOnly mode when using "
              "anonymous volumes");
    EXPECT_EQ(mount_error("type=bind,source=/tmp,target=/x,bind-propagation=sideways"),
              "invalid mount config for type \"bind\": invalid propagation mode: sideways");
    EXPECT_EQ(mount_error("type=npipe,target=/x"),
              "invalid mount config for type \"npipe\": mount type unknown");
}

TEST(MountFlag, DaemonRootPropagation) {
    auto m = parse_mount_flag("type=bind,source=/tmp,target=/x");
    EXPECT_TRUE(validate_bind_daemon_root(m, "/tmp/tug-root"));  // contains the data root
    EXPECT_EQ(m.propagation, "rslave");
    auto outside = parse_mount_flag("type=bind,source=/tmp,target=/x");
    EXPECT_FALSE(validate_bind_daemon_root(outside, "/var/lib/tug"));
    auto bad = parse_mount_flag("type=bind,source=/tmp,target=/x,bind-propagation=rprivate");
    EXPECT_EQ(error_of([&] { validate_bind_daemon_root(bad, "/tmp"); }),
              "invalid mount config: must use either propagation mode \"rslave\" or \"rshared\" "
              "when mount source is within the daemon root, daemon root: \"/tmp\", bind mount "
              "source: \"/tmp\", propagation: \"rprivate\"");
}

TEST(TmpfsFlag, ParseAndOci) {
    auto t = parse_tmpfs_flag("/run:rw,size=65536k,exec");
    EXPECT_EQ(t.type, MountType::Tmpfs);
    EXPECT_EQ(t.destination, "/run");
    auto oci = oci_mount(t, "");
    EXPECT_EQ(oci["type"], "tmpfs");
    EXPECT_EQ(oci["source"], "tmpfs");
    EXPECT_EQ(oci["options"], json({"nosuid", "nodev", "rprivate", "rw", "size=65536k", "exec"}));
    auto plain = oci_mount(parse_tmpfs_flag("/tmp"), "");
    EXPECT_EQ(plain["options"], json({"noexec", "nosuid", "nodev", "rprivate"}));
    EXPECT_EQ(error_of([] { parse_tmpfs_flag("relative"); }),
              "invalid mount path: 'relative' mount path must be absolute");
    EXPECT_EQ(error_of([] { parse_tmpfs_flag("/"); }), "invalid specification: destination can't be '/'");
    EXPECT_EQ(error_of([] { parse_tmpfs_flag("/x:bogus"); }), "Invalid tmpfs option [\"bogus\"]");
    EXPECT_FALSE(record_mount_point(parse_tmpfs_flag("/tmp"), "").has_value());
}

TEST(MergeTmpfs, LaterWins) {
    EXPECT_EQ(merge_tmpfs_options({"noexec", "ro", "size=1m", "defaults", "rw", "size=2m", "rshared"}),
              std::vector<std::string>({"noexec", "rw", "size=2m", "rshared"}));
}

TEST(OciMount, BindAndVolume) {
    auto b = oci_mount(parse_volume_flag("/var/lib/app:/var/lib/app:ro"), "");
    EXPECT_EQ(b, json({{"destination", "/var/lib/app"}, {"type", "bind"}, {"source", "/var/lib/app"},
                       {"options", {"rbind", "ro", "rprivate"}}}));
    auto v = oci_mount(parse_volume_flag("certs:/app/certs"), "/var/lib/tug/volumes/certs/_data");
    EXPECT_EQ(v["source"], "/var/lib/tug/volumes/certs/_data");
    EXPECT_EQ(v["options"], json({"rbind"}));
    auto nr = oci_mount(parse_mount_flag("type=bind,src=/tmp,dst=/x,bind-nonrecursive"), "");
    EXPECT_EQ(nr["options"], json({"bind", "rprivate"}));
    auto tm = oci_mount(parse_mount_flag("type=tmpfs,dst=/t,tmpfs-size=1g,ro"), "");
    EXPECT_EQ(tm["options"], json({"noexec", "nosuid", "nodev", "rprivate", "ro", "size=1g"}));
}

TEST(RecordMountPoint, DockersInspectShape) {
    auto v = record_mount_point(parse_volume_flag("certs:/app/certs"), "/d/volumes/certs/_data");
    EXPECT_EQ(*v, json({{"Type", "volume"}, {"Name", "certs"}, {"Source", "/d/volumes/certs/_data"},
                        {"Destination", "/app/certs"}, {"Driver", "local"}, {"Mode", "z"},
                        {"RW", true}, {"Propagation", ""}}));
    auto b = record_mount_point(parse_volume_flag("/etc/hosts:/app/hosts:ro"), "");
    EXPECT_EQ(*b, json({{"Type", "bind"}, {"Source", "/etc/hosts"}, {"Destination", "/app/hosts"},
                        {"Mode", "ro"}, {"RW", false}, {"Propagation", "rprivate"}}));
}

TEST(MountSpecs, Helpers) {
    EXPECT_NO_THROW(validate_volume_name("my-vol_1.x"));
    EXPECT_EQ(error_of([] { validate_volume_name("a"); }).rfind("\"a\" includes invalid characters", 0), 0u);
    EXPECT_THROW(validate_volume_name("-x"), tug::Error);
    EXPECT_THROW(validate_volume_name("a/b"), tug::Error);
    std::vector<MountSpec> dup = {parse_volume_flag("a1:/x"), parse_volume_flag("/tmp:/x/")};
    EXPECT_EQ(error_of([&] { check_duplicate_destinations(dup); }), "Duplicate mount point: /x");
    EXPECT_EQ(rootfs_propagation({parse_volume_flag("/a:/b:rslave")}), "rslave");
    EXPECT_EQ(rootfs_propagation({parse_volume_flag("/a:/b:rslave"), parse_volume_flag("/c:/d:shared")}),
              "shared");
    EXPECT_EQ(rootfs_propagation({parse_volume_flag("/a:/b")}), "");
}
