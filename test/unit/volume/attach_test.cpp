// prepare_mounts/release_mounts/rm -v/--volumes-from over a real data root.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/volume/attach.hpp"
#include "engine/volume/store.hpp"

using namespace tug::engine;
using namespace tug::engine::volume;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

class AttachTest : public testing::Test {
protected:
    void SetUp() override {
        root_ = fs::path(testing::TempDir()) / ("tug-attach-" + std::to_string(::getpid()) + "-" +
                                                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "rootfs/app/conf");
        std::ofstream(root_ / "rootfs/app/conf/settings") << "from-image";
        cfg_.data_root = (root_ / "data").string();
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
    EngineConfig cfg_;
};

}  // namespace

TEST_F(AttachTest, PrepareCreatesReferencesAndCopiesUp) {
    const std::string host_dir = (root_ / "host/new/dir").string();
    std::vector<MountSpec> specs = {parse_volume_flag("conf1:/app/conf"), parse_volume_flag("/data"),
                                    parse_volume_flag(host_dir + ":/host:ro"),
                                    parse_tmpfs_flag("/run:size=1m")};
    auto p = prepare_mounts(cfg_, specs, "ctr1", (root_ / "rootfs").string());
    ASSERT_EQ(p.oci_mounts.size(), 4u);
    EXPECT_FALSE(record_mount_point(specs[3], "").has_value());  // --tmpfs is not listed, as docker
    const std::string conf_dir = volume_data_dir(cfg_, "conf1");
    EXPECT_EQ(p.oci_mounts[0]["source"], conf_dir);
    EXPECT_EQ(tug::base::read_file(conf_dir + "/settings"), "from-image");
    // The anonymous volume got a name, the label, and the spec was updated in place.
    EXPECT_EQ(specs[1].source.size(), 64u);
    EXPECT_TRUE(get_volume(cfg_, specs[1].source).anonymous());
    EXPECT_EQ((*record_mount_point(specs[1], volume_data_dir(cfg_, specs[1].source)))["Name"],
              specs[1].source);
    EXPECT_TRUE(fs::is_directory(host_dir));
    EXPECT_EQ(p.oci_mounts[2]["options"], json({"rbind", "ro", "rprivate"}));
    EXPECT_EQ(get_volume(cfg_, "conf1").users, std::vector<std::string>({"ctr1"}));

    // A second container shares the volume; its edits are not overwritten by copy-up.
    std::ofstream(conf_dir + "/settings") << "edited";
    std::vector<MountSpec> again = {parse_volume_flag("conf1:/app/conf")};
    prepare_mounts(cfg_, again, "ctr2", (root_ / "rootfs").string());
    EXPECT_EQ(tug::base::read_file(conf_dir + "/settings"), "edited");
    EXPECT_EQ(get_volume(cfg_, "conf1").users, std::vector<std::string>({"ctr1", "ctr2"}));

    release_mounts(cfg_, specs, "ctr1");
    EXPECT_EQ(get_volume(cfg_, "conf1").users, std::vector<std::string>({"ctr2"}));
    // No container record references them now: rm -v removes only the anonymous one.
    EXPECT_TRUE(remove_anonymous_volumes(cfg_, specs).empty());
    EXPECT_FALSE(find_volume(cfg_, specs[1].source).has_value());
    EXPECT_TRUE(find_volume(cfg_, "conf1").has_value());
}

TEST_F(AttachTest, NocopyAndFailures) {
    std::vector<MountSpec> specs = {parse_volume_flag("conf2:/app/conf:nocopy")};
    prepare_mounts(cfg_, specs, "ctr1", (root_ / "rootfs").string());
    EXPECT_TRUE(fs::is_empty(volume_data_dir(cfg_, "conf2")));

    std::vector<MountSpec> dup = {parse_volume_flag("a1:/x"), parse_volume_flag("a2:/x")};
    EXPECT_THROW(prepare_mounts(cfg_, dup, "ctr1", ""), tug::Error);
    // A failure part-way releases what was taken.
    std::vector<MountSpec> bad = {parse_volume_flag("good1:/x"), parse_volume_flag("b:/y")};
    EXPECT_THROW(prepare_mounts(cfg_, bad, "ctr9", ""), tug::Error);
    EXPECT_EQ(get_volume(cfg_, "good1").users, std::vector<std::string>());
}

TEST_F(AttachTest, VolumesFrom) {
    const std::vector<MountSpec> mounts = {parse_volume_flag("v1:/data"),
                                           parse_volume_flag("/etc:/host-etc:ro"),
                                           parse_tmpfs_flag("/run")};
    auto same = specs_from_container(mounts, "");
    ASSERT_EQ(same.size(), 2u) << "--tmpfs mounts are not the other container's to share";
    EXPECT_EQ(same[0].type, MountType::Volume);
    EXPECT_EQ(same[0].source, "v1");
    EXPECT_EQ(same[0].mode, "z");
    EXPECT_EQ(same[0].volume_driver, "local");
    EXPECT_FALSE(same[0].read_only);
    EXPECT_FALSE(same[0].copy_data);
    EXPECT_TRUE(same[1].read_only);
    EXPECT_EQ(same[1].propagation, "rprivate");
    auto ro = specs_from_container(mounts, "ro");
    EXPECT_TRUE(ro[0].read_only);
    EXPECT_THROW(specs_from_container(mounts, "z"), tug::Error);
}
