// MountSpec survives the trip through the container record.
#include <gtest/gtest.h>

#include "engine/volume/mount_spec_json.hpp"

using namespace tug::engine::volume;

TEST(MountSpecJson, RoundTrip) {
    MountSpec s = parse_mount_flag("type=tmpfs,target=/t,tmpfs-size=2m,tmpfs-mode=1770");
    MountSpec back = mount_spec_from_json(mount_spec_to_json(s));
    EXPECT_EQ(back.type, MountType::Tmpfs);
    EXPECT_EQ(back.destination, "/t");
    EXPECT_EQ(back.tmpfs_size, s.tmpfs_size);
    EXPECT_EQ(back.tmpfs_mode, s.tmpfs_mode);
    EXPECT_EQ(back.origin, MountSpec::Origin::MountFlag);

    s = parse_volume_flag("data:/srv:ro,nocopy");
    back = mount_spec_from_json(mount_spec_to_json(s));
    EXPECT_EQ(back.type, MountType::Volume);
    EXPECT_EQ(back.source, "data");
    EXPECT_TRUE(back.read_only);
    EXPECT_FALSE(back.copy_data);
    EXPECT_EQ(back.mode, s.mode);
}
