// render_listing / render_inspect / render_template and the tabwriter: docker's table
// layout, json forms and template errors, against exact expected output.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/output/format.hpp"
#include "cli/output/tabwriter.hpp"
#include "engine/base/error.hpp"

namespace {

using nlohmann::json;
using namespace tug::cli::output;

Listing ps_listing() {
    Listing l;
    l.default_format =
        "table "
        "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    l.headers = {{"ID", "CONTAINER ID"}, {"RunningFor", "CREATED"}};
    l.rows.push_back({{"ID", "4a5c8b3e2f1d"},
                      {"Image", "nginx:1.25"},
                      {"Command", "\"/docker-entrypoint.\xe2\x80\xa6\""},
                      {"RunningFor", "2 minutes ago"},
                      {"Status", "Up 2 minutes"},
                      {"Ports", "0.0.0.0:8080->80/tcp"},
                      {"Names", "web"},
                      {"Labels", "a=1,b=2"},
                      {"CreatedAt", "2024-05-01 10:00:00 +0000 UTC"}});
    l.rows.push_back({{"ID", "9f8e7d6c5b4a"},
                      {"Image", "registry:2"},
                      {"Command", "\"/entrypoint.sh /etc\xe2\x80\xa6\""},
                      {"RunningFor", "3 hours ago"},
                      {"Status", "Exited (0) 3 hours ago"},
                      {"Ports", ""},
                      {"Names", "registry-http"},
                      {"Labels", ""},
                      {"CreatedAt", "2024-05-01 07:00:00 +0000 UTC"}});
    return l;
}

std::string listing(const Listing& l, const std::string& format) {
    std::ostringstream out;
    render_listing(out, l, format);
    return out.str();
}

std::string listing_error(const Listing& l, const std::string& format) {
    try {
        listing(l, format);
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        return e.message();
    }
    return "";
}

const char* const kPsTable =
    "CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS                   "
    "PORTS                  NAMES\n"
    "4a5c8b3e2f1d   nginx:1.25   \"/docker-entrypoint.\xe2\x80\xa6\"   2 minutes ago   Up 2 "
    "minutes             0.0.0.0:8080->80/tcp   web\n"
    "9f8e7d6c5b4a   registry:2   \"/entrypoint.sh /etc\xe2\x80\xa6\"   3 hours ago     Exited (0) "
    "3 hours ago                          registry-http\n";

TEST(Listing, DefaultTableIsAlignedLikeDocker) {
    EXPECT_EQ(listing(ps_listing(), ""), kPsTable);
    EXPECT_EQ(listing(ps_listing(), "table"), kPsTable);
}

TEST(Listing, CustomTableWithHeadersFromFieldNames) {
    EXPECT_EQ(listing(ps_listing(), "table {{.ID}}\t{{.Labels}}"),
              "CONTAINER ID   LABELS\n"
              "4a5c8b3e2f1d   a=1,b=2\n"
              "9f8e7d6c5b4a   \n");
    EXPECT_EQ(listing(ps_listing(), "table {{.Names}}\t{{.CreatedAt}}\t{{.Status}}"),
              "NAMES           CREATED AT                      STATUS\n"
              "web             2024-05-01 10:00:00 +0000 UTC   Up 2 minutes\n"
              "registry-http   2024-05-01 07:00:00 +0000 UTC   Exited (0) 3 hours ago\n");
}

TEST(Listing, DockerImagesTableFromTheFormattingDocs) {
    // docker image list --format "table {{.ID}}\t{{.Repository}}\t{{.Tag}}\t{{.Size}}"
    Listing l;
    l.default_format = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    l.headers = {{"ID", "IMAGE ID"}, {"CreatedSince", "CREATED"}};
    l.rows.push_back(
        {{"Repository", "nginx"}, {"Tag", "1.25"}, {"ID", "605c77e624dd"}, {"Size", "141MB"}});
    l.rows.push_back({{"Repository", "localhost:5000/installer"},
                      {"Tag", "1.0"},
                      {"ID", "0b1e4c7d9a2f"},
                      {"Size", "4.26MB"}});
    l.rows.push_back(
        {{"Repository", "<none>"}, {"Tag", "<none>"}, {"ID", "77af4d6b9913"}, {"Size", "1.09GB"}});
    EXPECT_EQ(listing(l, "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.Size}}"),
              "REPOSITORY                 TAG       IMAGE ID       SIZE\n"
              "nginx                      1.25      605c77e624dd   141MB\n"
              "localhost:5000/installer   1.0       0b1e4c7d9a2f   4.26MB\n"
              "<none>                     <none>    77af4d6b9913   1.09GB\n");
    EXPECT_EQ(listing(l, "{{.Repository}}:{{.Tag}}"),
              "nginx:1.25\nlocalhost:5000/installer:1.0\n<none>:<none>\n");
    // docker ps --format '{{join .Names " or "}}' with a list-valued field
    Listing names;
    names.rows.push_back({{"Names", {"web", "frontend"}}});
    EXPECT_EQ(listing(names, R"({{join .Names " or "}})"), "web or frontend\n");
}

TEST(Listing, LiteralBackslashTIsATab) {
    // what a shell passes for --format "table {{.ID}}\t{{.Names}}"
    EXPECT_EQ(listing(ps_listing(), "table {{.ID}}\\t{{.Names}}"),
              "CONTAINER ID   NAMES\n"
              "4a5c8b3e2f1d   web\n"
              "9f8e7d6c5b4a   registry-http\n");
}

TEST(Listing, HeaderFunctionsLeaveColumnNamesAlone) {
    EXPECT_EQ(
        listing(ps_listing(), "table {{upper .Names}}\t{{truncate .ID 4}}\t{{pad .Image 1 1}}"),
        "NAMES           CONTAINER ID    IMAGE \n"
        "WEB             4a5c            nginx:1.25 \n"
        "REGISTRY-HTTP   9f8e            registry:2 \n");
}

TEST(Listing, TableWithoutRowsPrintsTheHeader) {
    Listing l = ps_listing();
    l.rows.clear();
    EXPECT_EQ(listing(l, "table {{.ID}}\t{{.Names}}"), "CONTAINER ID   NAMES\n");
    EXPECT_EQ(listing(l, "{{.ID}}"), "");
    EXPECT_EQ(listing(l, "table {{.Size}}\t{{.LocalVolumes}}\t{{.IPAddress}}"),
              "SIZE      LOCAL VOLUMES   IP ADDRESS\n");
}

TEST(Listing, PlainTemplateAndJsonForms) {
    EXPECT_EQ(listing(ps_listing(), "{{.ID}}: {{.Names}}"),
              "4a5c8b3e2f1d: web\n9f8e7d6c5b4a: registry-http\n");
    Listing l;
    l.rows.push_back({{"ID", "abc"}, {"Size", 12}, {"Tags", {"a", "b"}}});
    l.rows.push_back({{"ID", "d<e>"}, {"Size", 1.5}, {"Tags", json::array()}});
    EXPECT_EQ(listing(l, "json"),
              "{\"ID\":\"abc\",\"Size\":12,\"Tags\":[\"a\",\"b\"]}\n"
              "{\"ID\":\"d<e>\",\"Size\":1.5,\"Tags\":[]}\n");
    EXPECT_EQ(listing(l, "{{json .}}"), listing(l, "json"));
}

TEST(Listing, TemplateErrors) {
    EXPECT_EQ(listing_error(ps_listing(), "{{.ID"),
              "template parsing error: template: :1: unclosed action");
    EXPECT_EQ(listing_error(ps_listing(), "table {{nosuch .ID}}"),
              "template parsing error: template: :1: function \"nosuch\" not defined");
    EXPECT_EQ(listing_error(ps_listing(), "{{.ID.X}}"),
              "template: :1:2: executing \"\" at <.ID.X>: can't evaluate field X in type string");
}

TEST(Inspect, DefaultIsDockersIndentedArray) {
    std::ostringstream out;
    render_inspect(out, {}, "");
    EXPECT_EQ(out.str(), "[]\n");

    json obj = {{"Id", "abc"},
                {"Args", json::array()},
                {"Labels", json::object()},
                {"State", {{"Running", true}, {"Pid", 42}}},
                {"Env", {"A=1", "B=<2>"}}};
    const char* expected =
        "[\n"
        "    {\n"
        "        \"Args\": [],\n"
        "        \"Env\": [\n"
        "            \"A=1\",\n"
        "            \"B=<2>\"\n"
        "        ],\n"
        "        \"Id\": \"abc\",\n"
        "        \"Labels\": {},\n"
        "        \"State\": {\n"
        "            \"Pid\": 42,\n"
        "            \"Running\": true\n"
        "        }\n"
        "    }\n"
        "]\n";
    std::ostringstream a, b;
    render_inspect(a, {obj}, "");
    EXPECT_EQ(a.str(), expected);
    render_inspect(b, {obj}, "json");
    EXPECT_EQ(b.str(), expected);
}

TEST(Inspect, TemplatePerObject) {
    std::vector<json> objs = {{{"Name", "/a"}, {"State", {{"Running", true}}}},
                              {{"Name", "/b"}, {"State", {{"Running", false}}}}};
    std::ostringstream out;
    render_inspect(out, objs, "{{.Name}} {{.State.Running}}");
    EXPECT_EQ(out.str(), "/a true\n/b false\n");
}

TEST(Inspect, FailedObjectsAreReportedAfterTheOthersPrint) {
    std::vector<json> objs = {{{"Name", "/a"}, {"State", {{"Running", true}}}},
                              {{"Name", "/b"}, {"State", nullptr}}};
    std::ostringstream out;
    try {
        render_inspect(out, objs, "{{.State.Running}}");
        FAIL() << "no error";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(),
                  "template parsing error: template: :1:2: executing \"\" at <.State.Running>: "
                  "nil pointer evaluating interface {}.Running");
    }
    EXPECT_EQ(out.str(), "true\n");
}

TEST(RenderTemplate, OneObject) {
    json info = {{"ServerVersion", "0.1.0"}, {"Driver", "overlayfs"}, {"Containers", 3}};
    EXPECT_EQ(render_template("{{.ServerVersion}} {{.Containers}}", info), "0.1.0 3");
    EXPECT_EQ(render_template("{{json .}}", info),
              R"({"Containers":3,"Driver":"overlayfs","ServerVersion":"0.1.0"})");
    EXPECT_EQ(render_template("json", info),
              R"({"Containers":3,"Driver":"overlayfs","ServerVersion":"0.1.0"})");
    try {
        render_template("{{.X", info);
        FAIL() << "no error";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "template parsing error: template: :1: unclosed action");
    }
}

TEST(Tabwriter, GoColumnBlocks) {
    // min width 10, padding 3, the last cell unpadded
    EXPECT_EQ(tabwrite("a\tb\n"), "a         b\n");
    EXPECT_EQ(tabwrite("averyveryverylongcell\tb\n"), "averyveryverylongcell   b\n");
    // a line without tabs ends the block: columns below are sized on their own
    EXPECT_EQ(tabwrite("aaaaaaaaaaaaaaaa\tx\nplain line\nb\ty\n"),
              "aaaaaaaaaaaaaaaa   x\nplain line\nb         y\n");
    // a shorter line ends the block of the deeper column only
    EXPECT_EQ(tabwrite("a\tbbbbbbbbbbbbbb\tc\nd\te\nf\tg\th\n"),
              "a         bbbbbbbbbbbbbb   c\n"
              "d         e\n"
              "f         g         h\n");
    // an empty trailing cell pads the one before it; no trailing newline is kept as is
    EXPECT_EQ(tabwrite("a\t"), "a         ");
    EXPECT_EQ(tabwrite("\xc3\xa9t\xc3\xa9\tx"), "\xc3\xa9t\xc3\xa9       x");
    EXPECT_EQ(tabwrite(""), "");
    // thousands of columns must not exhaust the stack
    std::string wide(200000, '\t');
    EXPECT_EQ(tabwrite(wide).size(), 200000u * 10u);
}

}  // namespace

namespace {

// listing_fields applies render_listing's rules: no format or "table" is the default
// table, "json" is every field, "table TEMPLATE" reads the template's fields.
TEST(ListingFields, FollowRenderListingFormats) {
    const std::string def = ps_listing().default_format;
    const std::set<std::string> table{"ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names"};
    EXPECT_EQ(listing_fields(def, ""), table);
    EXPECT_EQ(listing_fields(def, "table"), table);
    EXPECT_EQ(listing_fields(def, "json"), std::nullopt);
    EXPECT_EQ(listing_fields(def, "table {{.ID}}\\t{{.Mounts}}"), (std::set<std::string>{"ID", "Mounts"}));
    EXPECT_EQ(listing_fields(def, "{{.Names}}"), std::set<std::string>{"Names"});
}

}  // namespace
