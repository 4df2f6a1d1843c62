// Volume records, in-use detection through container records, remove/prune rules,
// references, and the copy-up of image content into a new volume.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/api/volume.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/store.hpp"
#include "engine/meta/database.hpp"
#include "engine/volume/mount_spec.hpp"
#include "engine/volume/store.hpp"

using namespace tug::engine;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

class VolumeStoreTest : public testing::Test {
protected:
    void SetUp() override {
        root_ = fs::path(testing::TempDir()) / ("tug-volume-" + std::to_string(::getpid()) + "-" +
                                                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
        cfg_.data_root = root_.string();
        cfg_.state_dir = (root_ / "state").string();
    }
    void TearDown() override { fs::remove_all(root_); }

    // A container that mounts the volume, as create records it.
    void add_container(const std::string& id, const std::string& volume_name) {
        ContainerRecord rec;
        rec.id = id;
        rec.name = "c" + id;
        rec.mounts = {volume::parse_volume_flag(volume_name + ":/data")};
        container::Store(cfg_).insert(rec);
    }

    std::string error_of(const std::function<void()>& fn) {
        try {
            fn();
        } catch (const tug::Error& e) {
            return e.message();
        }
        return "";
    }

    fs::path root_;
    EngineConfig cfg_;
};

}  // namespace

TEST_F(VolumeStoreTest, CreateInspectIdempotent) {
    EXPECT_EQ(volume_create(cfg_, {"data1", "local", {{"env", "prod"}}, {}}), "data1");
    auto v = volume_inspect(cfg_, "data1");
    EXPECT_EQ(v["Name"], "data1");
    EXPECT_EQ(v["Driver"], "local");
    EXPECT_EQ(v["Scope"], "local");
    EXPECT_EQ(v["Labels"], json({{"env", "prod"}}));
    EXPECT_EQ(v["Options"], json::object());
    EXPECT_EQ(v["Mountpoint"], cfg_.data_root + "/volumes/data1/_data");
    EXPECT_TRUE(fs::is_directory(v["Mountpoint"].get<std::string>()));
    EXPECT_FALSE(v.contains("_tug"));
    EXPECT_EQ(v["CreatedAt"].get<std::string>().size(), 20u);  // 2026-01-02T03:04:05Z
    // Creating again returns the existing volume unchanged.
    EXPECT_EQ(volume_create(cfg_, {"data1", "local", {}, {}}), "data1");
    EXPECT_EQ(volume_inspect(cfg_, "data1")["Labels"], json({{"env", "prod"}}));
    auto anon = volume_create(cfg_, {});
    EXPECT_EQ(anon.size(), 64u);
    EXPECT_EQ(error_of([&] { volume_inspect(cfg_, "nope"); }), "No such volume: nope");
}

TEST_F(VolumeStoreTest, CreateErrors) {
    EXPECT_EQ(error_of([&] { volume_create(cfg_, {"bad/name", "local", {}, {}}); }),
              "create bad/name: \"bad/name\" includes invalid characters for a local volume "
              "name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a "
              "host directory, use absolute path");
    EXPECT_EQ(error_of([&] { volume_create(cfg_, {"v1", "nfsplug", {}, {}}); }),
              "create v1: error looking up volume plugin nfsplug: plugin \"nfsplug\" not found");
    EXPECT_EQ(error_of([&] { volume_create(cfg_, {"v1", "local", {}, {{"foo", "x"}}}); }),
              "create v1: invalid option: \"foo\"");
    EXPECT_EQ(error_of([&] { volume_create(cfg_, {"v1", "local", {}, {{"type", "tmpfs"}}}); }),
              "create v1: missing required option: \"device\"");
    EXPECT_EQ(volume_create(cfg_, {"v1", "local", {}, {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}}}),
              "v1");
    EXPECT_EQ(volume_inspect(cfg_, "v1")["Options"],
              json({{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}}));
}

TEST_F(VolumeStoreTest, ListFilters) {
    volume_create(cfg_, {"alpha", "local", {{"tier", "db"}}, {}});
    volume_create(cfg_, {"beta", "local", {{"tier", "web"}, {"x", ""}}, {}});
    volume_create(cfg_, {"gamma", "local", {}, {}});
    add_container("c1", "gamma");
    auto names = [&](std::vector<std::string> filters) {
        std::vector<std::string> out;
        for (auto& v : volume_list(cfg_, {std::move(filters)})) out.push_back(v.name);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(names({}), V({"alpha", "beta", "gamma"}));
    EXPECT_EQ(names({"dangling=true"}), V({"alpha", "beta"}));
    EXPECT_EQ(names({"dangling=false"}), V({"gamma"}));
    EXPECT_EQ(names({"label=tier"}), V({"alpha", "beta"}));
    EXPECT_EQ(names({"label=tier=web"}), V({"beta"}));
    EXPECT_EQ(names({"label=tier", "label=x"}), V({"beta"}));
    EXPECT_EQ(names({"name=^a"}), V({"alpha"}));
    EXPECT_EQ(names({"name=mm", "name=bet"}), V({"beta", "gamma"}));
    EXPECT_EQ(names({"driver=local"}).size(), 3u);
    EXPECT_EQ(error_of([&] { names({"colour=red"}); }), "invalid filter 'colour'");
    EXPECT_EQ(error_of([&] { names({"dangling=maybe"}); }), "invalid filter 'dangling=maybe'");
    EXPECT_EQ(error_of([&] { names({"dangling"}); }), "bad format of filter (expected name=value)");
}

TEST_F(VolumeStoreTest, InUseVolumeIsNotRemoved) {
    volume_create(cfg_, {"shared1", "local", {}, {}});
    add_container("aaa111", "shared1");
    add_container("bbb222", "shared1");
    EXPECT_EQ(volume::volume_users(cfg_, "shared1"), std::vector<std::string>({"aaa111", "bbb222"}));
    auto r = volume_remove(cfg_, {"shared1", "missing1"}, false);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].error, "remove shared1: volume is in use - [aaa111 bbb222]");
    EXPECT_EQ(r[1].error, "get missing1: no such volume");
    // -f does not override "in use", only "no such volume".
    r = volume_remove(cfg_, {"shared1", "missing1"}, true);
    EXPECT_FALSE(r[0].error.empty());
    EXPECT_EQ(r[1].error, "");
    EXPECT_TRUE(volume::find_volume(cfg_, "shared1").has_value());

    volume_create(cfg_, {"free1", "local", {}, {}});
    const std::string dir = volume::volume_data_dir(cfg_, "free1");
    std::ofstream(dir + "/f") << "x";
    r = volume_remove(cfg_, {"free1"}, false);
    EXPECT_EQ(r[0].error, "");
    EXPECT_FALSE(volume::find_volume(cfg_, "free1").has_value());
    EXPECT_FALSE(fs::exists(volume::volume_root(cfg_, "free1")));
}

TEST_F(VolumeStoreTest, PruneAnonymousByDefault) {
    volume_create(cfg_, {"named1", "local", {{"keep", "no"}}, {}});
    volume::CreateRequest anon_req;
    anon_req.anonymous = true;
    const std::string anon = volume::create_volume(cfg_, anon_req).name;
    anon_req.name = "";
    const std::string used_anon = volume::create_volume(cfg_, anon_req).name;
    add_container("ccc333", used_anon);
    std::ofstream(volume::volume_data_dir(cfg_, anon) + "/blob") << std::string(1500, 'x');

    auto report = volume_prune(cfg_, {});
    EXPECT_EQ(report.deleted, std::vector<std::string>({anon}));
    EXPECT_EQ(report.space_reclaimed, 1500);
    EXPECT_TRUE(volume::find_volume(cfg_, "named1").has_value());
    EXPECT_TRUE(volume::find_volume(cfg_, used_anon).has_value());

    volume_create(cfg_, {"named2", "local", {{"keep", "yes"}}, {}});
    report = volume_prune(cfg_, {true, {"label!=keep=yes"}});
    EXPECT_EQ(report.deleted, std::vector<std::string>({"named1"}));
    report = volume_prune(cfg_, {false, {"all=true", "label=keep"}});
    EXPECT_EQ(report.deleted, std::vector<std::string>({"named2"}));
    EXPECT_EQ(error_of([&] { volume_prune(cfg_, {false, {"dangling=true"}}); }), "invalid filter 'dangling'");
}

TEST_F(VolumeStoreTest, AcquireRelease) {
    volume_create(cfg_, {"refs1", "local", {}, {}});
    const std::string path = volume::acquire(cfg_, "refs1", "c1");
    EXPECT_EQ(path, volume::volume_data_dir(cfg_, "refs1"));
    volume::acquire(cfg_, "refs1", "c1");
    volume::acquire(cfg_, "refs1", "c2");
    using V = std::vector<std::string>;
    EXPECT_EQ(volume::get_volume(cfg_, "refs1").users, V({"c1", "c2"}));
    volume::release(cfg_, "refs1", "c1");
    volume::release(cfg_, "refs1", "c1");
    EXPECT_EQ(volume::get_volume(cfg_, "refs1").users, V({"c2"}));
    volume::release(cfg_, "gone", "c1");  // not an error
    EXPECT_THROW(volume::acquire(cfg_, "gone", "c1"), tug::Error);
}

TEST_F(VolumeStoreTest, CopyUpPreservesContent) {
    const fs::path rootfs = root_ / "rootfs";
    fs::create_directories(rootfs / "srv/app/sub");
    std::ofstream(rootfs / "srv/app/file.txt") << "hello";
    std::ofstream(rootfs / "srv/app/sub/deep") << "deep";
    fs::create_symlink("file.txt", rootfs / "srv/app/link");
    fs::create_hard_link(rootfs / "srv/app/file.txt", rootfs / "srv/app/hard");
    ::chmod((rootfs / "srv/app/file.txt").c_str(), 0640);
    ::chmod((rootfs / "srv/app/sub").c_str(), 0750);
    ::chmod((rootfs / "srv/app").c_str(), 0711);
    const bool have_xattr = ::setxattr((rootfs / "srv/app/sub/deep").c_str(), "user.tug", "v", 1, 0) == 0;
    // A symlink in the image pointing outside: resolved inside the rootfs.
    fs::create_symlink("/srv/app", rootfs / "alias");

    const fs::path vol = root_ / "vol";
    fs::create_directories(vol);
    volume::copy_up(rootfs.string(), "/alias", vol.string());
    EXPECT_EQ(tug::base::read_file((vol / "file.txt").string()), "hello");
    EXPECT_EQ(tug::base::read_file((vol / "sub/deep").string()), "deep");
    EXPECT_EQ(fs::read_symlink(vol / "link"), "file.txt");
    struct stat a {}, b {}, d {}, r {};
    ::stat((vol / "file.txt").c_str(), &a);
    ::stat((vol / "hard").c_str(), &b);
    EXPECT_EQ(a.st_ino, b.st_ino);
    EXPECT_EQ(a.st_mode & 07777, 0640u);
    ::stat((vol / "sub").c_str(), &d);
    EXPECT_EQ(d.st_mode & 07777, 0750u);
    ::stat(vol.c_str(), &r);
    EXPECT_EQ(r.st_mode & 07777, 0711u);
    if (have_xattr) {
        char buf[8] = {};
        EXPECT_EQ(::getxattr((vol / "sub/deep").c_str(), "user.tug", buf, sizeof buf), 1);
        EXPECT_EQ(buf[0], 'v');
    }

    // A volume that already has content is left alone; a missing image path is no-op.
    std::ofstream(rootfs / "srv/app/new") << "n";
    volume::copy_up(rootfs.string(), "/srv/app", vol.string());
    EXPECT_FALSE(fs::exists(vol / "new"));
    const fs::path empty = root_ / "empty";
    fs::create_directories(empty);
    volume::copy_up(rootfs.string(), "/no/such/dir", empty.string());
    EXPECT_TRUE(fs::is_empty(empty));
}
