// AppArmor detection and the docker-default profile text.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/security/apparmor.hpp"

using namespace tug::engine::security;

namespace {
const std::vector<std::string> kSearch = tug::base::ChildEnv().search_path;
}  // namespace

TEST(AppArmor, DisabledWhenTheModuleSaysSo) {
    const std::string param = testing::TempDir() + "/tug-apparmor-enabled";
    {
        std::ofstream out(param);
        out << "N\n";
    }
    EXPECT_FALSE(apparmor_enabled(kSearch, param));
    EXPECT_FALSE(apparmor_enabled(kSearch, testing::TempDir() + "/does-not-exist"));
}

TEST(AppArmor, EnabledNeedsTheParserToo) {
    const std::string param = testing::TempDir() + "/tug-apparmor-enabled-y";
    {
        std::ofstream out(param);
        out << "Y\n";
    }
    // With "Y" the answer depends only on apparmor_parser being installed.
    const bool parser = apparmor_parser_version({}) > 0 ||
                        std::ifstream("/sbin/apparmor_parser").good() ||
                        std::ifstream("/usr/sbin/apparmor_parser").good();
    EXPECT_EQ(apparmor_enabled(kSearch, param), parser);
}

TEST(AppArmor, ProfileText) {
    auto text = apparmor_profile_text("docker-default", 300008, "unconfined");
    EXPECT_NE(text.find("profile docker-default flags=(attach_disconnected,mediate_deleted) {"),
              std::string::npos);
    for (const char* rule : {"  network,\n", "  capability,\n", "  file,\n", "  umount,\n",
                             "  deny mount,\n", "  deny @{PROC}/sysrq-trigger rwklx,\n",
                             "  deny /sys/firmware/** rwklx,\n",
                             "  deny /sys/kernel/security/** rwklx,\n",
                             "  signal (send,receive) peer=docker-default,\n",
                             "  ptrace (trace,read,tracedby,readby) peer=docker-default,\n"})
        EXPECT_NE(text.find(rule), std::string::npos) << rule;
    EXPECT_EQ(text.back(), '\n');
    auto old = apparmor_profile_text("docker-default", 208000);
    EXPECT_EQ(old.find("signal"), std::string::npos);
    EXPECT_EQ(old.find("ptrace"), std::string::npos);
}

TEST(AppArmor, NoProfileWhenDisabledOnThisHost) {
    if (apparmor_enabled(kSearch)) GTEST_SKIP() << "AppArmor is enabled on this host";
    EXPECT_EQ(apparmor_profile_for_container("", false, {}), "");
    EXPECT_EQ(apparmor_profile_for_container("", true, {}), "");
}
