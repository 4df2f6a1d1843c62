// docker cp's path rules, top's ps parsing and ps's port filter values.
#include <gtest/gtest.h>

#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"
#include "engine/archive/copy_paths.hpp"
#include "engine/container/list_filters.hpp"

using namespace tug::engine::container;
using namespace tug::engine::archive;

TEST(CpPaths, Split) {
    EXPECT_EQ(split_dir_entry("/a/b").dir, "/a");
    EXPECT_EQ(split_dir_entry("/a/b/").entry, "b");
    EXPECT_EQ(split_dir_entry("/a/b/.").dir, "/a/b");
    EXPECT_EQ(split_dir_entry("/a/b/.").entry, ".");
    EXPECT_EQ(split_dir_entry("file").dir, ".");
    EXPECT_EQ(split_dir_entry("/").entry, "/");
    EXPECT_TRUE(asserts_directory("x/"));
    EXPECT_TRUE(asserts_directory("x/."));
    EXPECT_FALSE(asserts_directory("x"));
}

TEST(CpPaths, ContainerPathsAreAbsoluteAndKeepTheirTail) {
    EXPECT_EQ(container_abs_path("etc/passwd"), "/etc/passwd");
    EXPECT_EQ(container_abs_path("/etc/"), "/etc/");
    EXPECT_EQ(container_abs_path("/etc/."), "/etc/.");
    EXPECT_EQ(container_abs_path("../../etc"), "/etc");  // ".." stops at the root
    EXPECT_EQ(container_abs_path("/"), "/");
}

TEST(CpPaths, DockerCopyRules) {
    // Into an existing directory: kept as it is ("." copies the contents).
    auto t = plan_copy(true, "etc", "/out", true, true);
    EXPECT_EQ(t.dir, "/out");
    EXPECT_EQ(t.name, "etc");
    t = plan_copy(true, ".", "/out", true, true);
    EXPECT_EQ(t.name, ".");
    // A directory to a new path: created with the new name.
    t = plan_copy(true, "etc", "/tmp/new", false, false);
    EXPECT_EQ(t.dir, "/tmp");
    EXPECT_EQ(t.name, "new");
    // A file onto a file or a new path: renamed.
    t = plan_copy(false, "passwd", "/tmp/p", true, false);
    EXPECT_EQ(t.dir, "/tmp");
    EXPECT_EQ(t.name, "p");
    // Errors in docker's words.
    try {
        plan_copy(true, "etc", "/tmp/file", true, false);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "cannot copy directory");
    }
    try {
        plan_copy(false, "passwd", "/tmp/missing/", false, false);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "no such directory");
    }
}

TEST(Top, DockerPsParsing) {
    const std::string ps =
        "UID          PID    PPID  C STIME TTY          TIME CMD\n"
        "root           1       0  0 10:00 ?        00:00:01 /sbin/init splash\n"
        "root         573     564  0 16:06 ?        00:00:00 sleep 1000\n"
        "-              -       -  0 16:06 -        00:00:00 -\n"
        "root         600       1  0 16:06 ?        00:00:00 other\n"
        "-              -       -  0 16:06 -        00:00:00 -\n";
    auto r = tug::engine::filter_ps_output(ps, {573, 574});
    ASSERT_EQ(r.titles.size(), 8u);
    ASSERT_EQ(r.processes.size(), 2u);  // the process and its thread line, not 600's
    EXPECT_EQ(r.processes[0][1], "573");
    EXPECT_EQ(r.processes[0][7], "sleep 1000");  // the last column keeps its spaces
    EXPECT_EQ(r.processes[1][1], "-");
    EXPECT_THROW(tug::engine::filter_ps_output("USER COMMAND\nroot x\n", {1}), tug::Error);
}

TEST(PsFilters, PortValues) {
    EXPECT_EQ(filter_ports("80"), std::vector<std::string>{"80/tcp"});
    EXPECT_EQ(filter_ports("53/udp"), std::vector<std::string>{"53/udp"});
    EXPECT_EQ(filter_ports("8000-8002"), (std::vector<std::string>{"8000/tcp", "8001/tcp", "8002/tcp"}));
    EXPECT_THROW(filter_ports("abc"), tug::Error);
    EXPECT_THROW(filter_ports("90-80"), tug::Error);
    EXPECT_THROW(filter_ports("80/xyz"), tug::Error);
}

TEST(PsFilters, Attachments) {
    tug::engine::ContainerRecord rec;
    rec.host.network_mode = "backend";
    rec.host.port_bindings = {{"", 0, 80, "tcp", 0}};
    rec.config.exposed_ports = {"80/tcp", "90/udp"};
    rec.endpoints.push_back({});
    rec.endpoints.back().network = "backend";
    rec.endpoints.back().network_id = "844ae2c27e55";
    tug::engine::MountSpec data, srv;
    data.source = "data";
    data.destination = "/data";
    srv.type = tug::engine::MountType::Bind;
    srv.source = "/srv";
    srv.destination = "/srv";
    rec.mounts = {data, srv};
    EXPECT_TRUE(*match_attachment_filter(rec, "network", "backend"));
    EXPECT_TRUE(*match_attachment_filter(rec, "network", "844ae2"));
    EXPECT_FALSE(*match_attachment_filter(rec, "network", "bridge"));
    EXPECT_TRUE(*match_attachment_filter(rec, "volume", "data"));
    EXPECT_TRUE(*match_attachment_filter(rec, "volume", "/data"));
    EXPECT_TRUE(*match_attachment_filter(rec, "volume", "/srv"));
    EXPECT_FALSE(*match_attachment_filter(rec, "volume", "other"));
    EXPECT_TRUE(*match_attachment_filter(rec, "publish", "80"));
    EXPECT_FALSE(*match_attachment_filter(rec, "publish", "90/udp"));
    EXPECT_TRUE(*match_attachment_filter(rec, "expose", "85-95/udp"));
    EXPECT_FALSE(match_attachment_filter(rec, "colour", "red").has_value());
}
