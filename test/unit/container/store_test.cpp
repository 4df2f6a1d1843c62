// The container store over a real metadata database: typed records round trip with the
// columns and tables kept beside them, and a store of the JSON records of before is
// upgraded in place on first use.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/container/store.hpp"
#include "engine/meta/database.hpp"
#include "engine/volume/mount_spec.hpp"
#include "engine/volume/store.hpp"

using namespace tug;
using namespace tug::engine;
namespace fs = std::filesystem;

namespace {

class ContainerStoreTest : public ::testing::Test {
  protected:
    ContainerStoreTest() { config_.data_root = dir_.path(); }
    base::TempDir dir_{fs::temp_directory_path().string()};
    EngineConfig config_;

    ContainerRecord record(const std::string& id, const std::string& name) {
        ContainerRecord r;
        r.id = id;
        r.name = name;
        r.created_ns = 1700000000LL * 1000000000LL;
        r.image_id = "sha256:abc";
        r.path = "sh";
        r.args = {"-c", "true"};
        r.config.env = {"A=1"};
        r.config.labels = {{"k", "v"}};
        r.host.port_bindings = {{"127.0.0.1", 8080, 80, "tcp", 0}};
        r.mounts = {volume::parse_volume_flag("data:/data"),
                    volume::parse_volume_flag("/srv:/srv:ro")};
        r.endpoints.push_back({});
        r.endpoints.back().network = "bridge";
        return r;
    }
};

// The JSON a container record was before typed records, as the release before wrote it.
constexpr const char* kLegacy = R"({
  "Id": "4f3c", "Name": "/old", "Created": "2026-12-01T10:00:00.5Z", "Path": "/say", "Args": ["hi"],
  "Image": "sha256:1d70",
  "State": {"Status": "exited", "Running": false, "Paused": false, "Restarting": false, "OOMKilled": true,
            "Dead": false, "Pid": 0, "ExitCode": 137, "Error": "", "StartedAt": "2026-12-01T10:00:01Z",
            "FinishedAt": "2026-12-01T10:00:02Z",
            "Health": {"Status": "unhealthy", "FailingStreak": 3,
                       "Log": [{"Start": "2026-12-01T10:00:01Z", "End": "2026-12-01T10:00:01.5Z",
                                "ExitCode": 1, "Output": "no"}]}},
  "RestartCount": 2, "LogPath": "/old/root/containers/4f3c/4f3c-json.log",
  "HostConfig": {"Binds": ["vol:/data"], "LogConfig": {"Type": "json-file", "Config": {"max-file": "3"}},
                 "NetworkMode": "net1", "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 5},
                 "AutoRemove": false, "Dns": ["1.1.1.1"], "ExtraHosts": ["h:1.2.3.4"], "ShmSize": 1048576,
                 "PidsLimit": 50, "Memory": 8388608, "Ulimits": [{"Name": "nofile", "Soft": 10, "Hard": 20}]},
  "Config": {"Hostname": "4f3c", "Env": ["X=1"], "Cmd": ["hi"], "Entrypoint": ["/say"], "Image": "legacy:1",
             "Labels": {"role": "old"}, "StopTimeout": 7, "ExposedPorts": {"80/tcp": {}},
             "Healthcheck": {"Test": ["CMD", "/check"], "Interval": 1000000000}},
  "NetworkSettings": {"Ports": {}, "Networks": {"net1": {"Aliases": ["a1"], "IPAMConfig": null, "NetworkID": ""},
                                                "net2": {"Aliases": null, "NetworkID": ""}}},
  "Mounts": [{"Type": "volume", "Name": "vol", "Destination": "/data"}],
  "_tug": {"namespace": "default", "chain_ids": ["sha256:b387"], "rootfs_dir": "", "stop_requested": true,
           "mounts": [{"type": "volume", "source": "vol", "destination": "/data", "mode": "", "origin": 0}],
           "net": {"networks": ["net1", "net2"], "aliases": ["a1"], "ip": "10.9.0.5", "ip6": "", "mac": "",
                   "ports": [{"host_ip": "", "host_port": 0, "host_port_end": 0, "container_port": 80,
                              "protocol": "tcp"}]}}
})";

}  // namespace

TEST_F(ContainerStoreTest, RecordsRoundTripWithTheirColumns) {
    container::Store store(config_);
    store.insert(record("aaa", "one"));
    ContainerRecord got = store.get("aaa");
    EXPECT_EQ(got.name, "one");
    EXPECT_EQ(got.args, (std::vector<std::string>{"-c", "true"}));
    EXPECT_EQ(got.config.labels.at("k"), "v");
    ASSERT_EQ(got.host.port_bindings.size(), 1u);
    EXPECT_EQ(got.host.port_bindings[0].host_port, 8080);
    ASSERT_EQ(got.mounts.size(), 2u);
    EXPECT_EQ(got.mounts[1].source, "/srv");
    EXPECT_TRUE(got.mounts[1].read_only);
    EXPECT_EQ(volume::volume_users(config_, "data"), std::vector<std::string>{"aaa"});

    store.update("aaa", [](ContainerRecord& r) {
        r.state.status = ContainerStatus::Running;
        r.state.pid = 42;
    });
    auto db = meta::Database::open(config_.database_path());
    auto st = db->prepare("SELECT status FROM containers WHERE id = 'aaa'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "running") << "the status column follows the record";

    store.update_health("aaa", [](ContainerRecord& r, std::vector<HealthResult>& log) {
        r.state.health = HealthState{"healthy", 0};
        log.push_back({1, 2, 0, "ok"});
    });
    ASSERT_EQ(store.health_log("aaa").size(), 1u);
    EXPECT_EQ(store.health_log("aaa")[0].output, "ok");
    EXPECT_EQ(store.get("aaa").state.health->status, "healthy");

    store.insert(record("bbb", "two"));
    try {
        store.rename("bbb", "one");
        FAIL() << "a taken name";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::Conflict);
    }
    store.rename("bbb", "three");
    EXPECT_EQ(store.resolve("three"), "bbb");
    EXPECT_EQ(store.get("bbb").name, "three");

    EXPECT_TRUE(store.remove("aaa"));
    EXPECT_FALSE(store.remove("aaa"));
    EXPECT_EQ(volume::volume_users(config_, "data"), std::vector<std::string>{"bbb"});
}

TEST_F(ContainerStoreTest, RecordsOfTheReleaseBeforeAreUpgradedInPlace) {
    {
        // A database at the schema that release left: JSON in data, the record format 0.
        auto db = meta::Database::open(config_.database_path());
        db->write([&] {
            db->prepare(
                  "INSERT INTO containers (namespace, id, name, image_id, data, created, status) "
                  "VALUES ('default', '4f3c', 'old', 'sha256:1d70', ?, 0, 'exited')")
                .bind(1, kLegacy)
                .run();
            db->set_record_format("container", 0);
        });
    }
    container::Store store(config_);
    const ContainerRecord r = store.get("4f3c");
    EXPECT_EQ(r.name, "old");
    EXPECT_EQ(r.created_ns, 1796119200500000000LL);  // 2026-12-01T10:00:00.5Z
    EXPECT_EQ(r.path, "/say");
    EXPECT_EQ(r.rootfs.chain_ids, std::vector<std::string>{"sha256:b387"});
    EXPECT_EQ(r.state.status, ContainerStatus::Exited);
    EXPECT_TRUE(r.state.oom_killed);
    EXPECT_EQ(r.state.exit_code, 137);
    EXPECT_EQ(r.state.restart_count, 2);
    EXPECT_TRUE(r.state.stop_requested);
    ASSERT_TRUE(r.state.health.has_value());
    EXPECT_EQ(r.state.health->failing_streak, 3);
    EXPECT_EQ(r.config.entrypoint, std::vector<std::string>{"/say"});
    EXPECT_EQ(r.config.stop_timeout, 7);
    ASSERT_TRUE(r.config.healthcheck.has_value());
    EXPECT_EQ(r.config.healthcheck->interval_ns, 1000000000);
    EXPECT_EQ(r.config.exposed_ports, std::vector<std::string>{"80/tcp"});
    EXPECT_EQ(r.host.restart_policy.name, "on-failure");
    EXPECT_EQ(r.host.restart_policy.max_retries, 5);
    EXPECT_EQ(r.host.log_options.at("max-file"), "3");
    EXPECT_EQ(r.host.resources.pids_limit, 50);
    EXPECT_EQ(r.host.resources.memory, 8388608);
    ASSERT_EQ(r.host.ulimits.size(), 1u);
    EXPECT_EQ(r.host.ulimits[0].hard, 20);
    ASSERT_EQ(r.host.port_bindings.size(), 1u);
    EXPECT_EQ(r.host.port_bindings[0].container_port, 80);
    ASSERT_EQ(r.mounts.size(), 1u);
    EXPECT_EQ(r.mounts[0].source, "vol");
    ASSERT_EQ(r.endpoints.size(), 2u);
    EXPECT_EQ(r.endpoints[0].network, "net1");
    EXPECT_EQ(r.endpoints[0].aliases, std::vector<std::string>{"a1"});
    EXPECT_EQ(r.endpoints[0].ipv4_request, "10.9.0.5");
    EXPECT_EQ(r.endpoints[1].network, "net2");
    const auto log = store.health_log("4f3c");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].output, "no");

    auto db = meta::Database::open(config_.database_path());
    EXPECT_EQ(db->record_format("container"), 1);
    auto st = db->prepare("SELECT substr(data, 1, 1) = '{' FROM containers");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 0) << "the record was rewritten in the typed format";
}

TEST_F(ContainerStoreTest, ADamagedLegacyRecordIsNamedAndLeftAlone) {
    {
        auto db = meta::Database::open(config_.database_path());
        db->write([&] {
            db->exec(
                "INSERT INTO containers (namespace, id, name, data, created) VALUES ('default', "
                "'bad', 'b', '{x', 0)");
            db->set_record_format("container", 0);
        });
    }
    try {
        container::Store store(config_);
        FAIL() << "a damaged record must not pass";
    } catch (const Error& e) {
        EXPECT_NE(e.message().find("upgrade container bad"), std::string::npos) << e.message();
    }
    auto db = meta::Database::open(config_.database_path());
    EXPECT_EQ(db->record_format("container"), 0) << "nothing half-done: the upgrade rolled back";
}
