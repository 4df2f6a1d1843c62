// The hand-written reference matcher against the std::regex of distribution/reference's
// grammar it replaced: documented cases, then many generated strings built from the
// characters and pieces the grammar cares about, which both must judge alike.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>

#include "engine/reference/grammar.hpp"

using tug::engine::reference::match_reference;

namespace {

const std::regex& oracle() {
    static const std::regex re = [] {
        const std::string alnum = "[a-z0-9]+";
        const std::string separator = "(?:[._]|__|[-]+)";
        const std::string path_component = alnum + "(?:" + separator + alnum + ")*";
        const std::string domain_component = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        const std::string domain_name = domain_component + "(?:\\." + domain_component + ")*";
        const std::string host = "(?:" + domain_name + "|\\[(?:[a-fA-F0-9:]+)\\])";
        const std::string name = "(?:" + host + "(?::[0-9]+)?/)?" + path_component + "(?:/" + path_component + ")*";
        const std::string tag = "[\\w][\\w.-]{0,127}";
        const std::string digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
        return std::regex("^(" + name + ")(?::(" + tag + "))?(?:@(" + digest + "))?$");
    }();
    return re;
}

// Whether s matched; asserts that both matchers agree on it.
bool expect_same(const std::string& s) {
    std::smatch m;
    const bool want = std::regex_match(s, m, oracle());
    const auto got = match_reference(s);
    EXPECT_EQ(got.has_value(), want) << '"' << s << '"';
    if (!want || !got) return false;
    EXPECT_EQ(got->name, m[1].str()) << s;
    EXPECT_EQ(got->tag, m[2].str()) << s;
    EXPECT_EQ(got->digest, m[3].str()) << s;
    return true;
}

const std::string kHex = "e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b";

TEST(ReferenceGrammar, DocumentedCases) {
    for (const std::string& s : std::vector<std::string>
         {"busybox", "docker.io/library/busybox:latest", "localhost:5000/a/b:v1.2-rc_3",
          "127.0.0.1:5000/lib/app@sha256:" + kHex, "[::1]:5000/app:tag", "[fe80::1]/app",
          "Registry.Example.com/a__b/c--d/e.f:TAG", "a___b", "a_.b", "a-", "-a", "A/b", "a/B",
          "a:", ":tag", "a@sha256:abc", "a@sha256:" + kHex + "@x", "host:port/a", "my-host-/a",
          "a.b.c:1/d", "a..b/c", "[]/a", "[zz]/a", "a:" + std::string(128, 't'),
          "a:" + std::string(129, 't'), "a:-x", "a:_x", "a/b:c/d", "", "/", "a//b",
          "x+y:" + kHex, "a@x+y.z_w-v:" + kHex, "a@1x:" + kHex}) {
        expect_same(s);
    }
}

TEST(ReferenceGrammar, AgreesWithTheRegexOnGeneratedStrings) {
    const std::vector<std::string> pieces = {"a", "b", "z9", "0", "A", "Q", ".", "_", "__", "-", "--",
                                             "/", ":", "@", "[", "]", "::1", "5000", "localhost",
                                             "sha256", "+", kHex.substr(0, 32), kHex, "x-", "é"};
    std::mt19937 rng(20261204);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        const int n = 1 + static_cast<int>(rng() % 9);
        for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
        valid += expect_same(s) ? 1 : 0;
        if (::testing::Test::HasFailure()) return;
    }
    // Enough of them are references for the comparison to mean something both ways.
    EXPECT_GT(valid, 1000);
    EXPECT_LT(valid, 19000);
}

}  // namespace
