// The record codec: round trips of every field kind, old and new readers of each
// other's records, and damaged bytes refused.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/meta/codec.hpp"

using namespace tug::engine::meta;

namespace demo {

enum class Color : uint8_t { Red, Green, Blue };

struct Inner {
    std::string name;
    int64_t size = 0;
};

template <typename V>
void fields(V& v, Inner& i) {
    v(1, i.name);
    v(2, i.size);
}

struct Everything {
    bool flag = false;
    int32_t small = 0;
    int64_t big = 0;
    uint16_t port = 0;
    uint64_t huge = 0;
    double ratio = 0;
    std::string text;
    Color color = Color::Red;
    Inner inner;
    std::vector<std::string> list;
    std::vector<Inner> inners;
    std::map<std::string, std::string> labels;
    std::optional<int> maybe;
    std::optional<std::vector<std::string>> maybe_list;
    std::optional<Inner> maybe_inner;
    std::string defaulted = "json-file";
};

template <typename V>
void fields(V& v, Everything& e) {
    v(1, e.flag);
    v(2, e.small);
    v(3, e.big);
    v(4, e.port);
    v(5, e.huge);
    v(6, e.ratio);
    v(7, e.text);
    v(8, e.color);
    v(9, e.inner);
    v(10, e.list);
    v(11, e.inners);
    v(12, e.labels);
    v(13, e.maybe);
    v(14, e.maybe_list);
    v(15, e.maybe_inner);
    v(16, e.defaulted);
}

// An older release's view of Everything: fewer fields, one of them since retired.
struct Old {
    bool flag = false;
    std::string text;
    std::string retired;
};

template <typename V>
void fields(V& v, Old& o) {
    v(1, o.flag);
    v(7, o.text);
    v(20, o.retired);
}

struct Misordered {
    int a = 0, b = 0;
};

template <typename V>
void fields(V& v, Misordered& m) {
    v(2, m.a);
    v(1, m.b);
}

}  // namespace demo

TEST(Codec, RoundTripsEveryKindOfField) {
    demo::Everything e;
    e.flag = true;
    e.small = -5;
    e.big = -(int64_t{1} << 62);
    e.port = 65535;
    e.huge = ~uint64_t{0};
    e.ratio = 0.25;
    e.text = std::string("a\0b", 3);
    e.color = demo::Color::Blue;
    e.inner = {"x", 42};
    e.list = {"one", "", "three"};
    e.inners = {{"a", 1}, {"b", -2}};
    e.labels = {{"k", "v"}, {"empty", ""}};
    e.maybe = 0;
    e.maybe_list = std::vector<std::string>{};
    e.maybe_inner = demo::Inner{"in", 7};
    e.defaulted = "";
    const std::string bytes = encode_record(e, 3);
    EXPECT_EQ(record_version(bytes), 3);
    const auto d = decode_record<demo::Everything>(bytes);
    EXPECT_EQ(d.flag, true);
    EXPECT_EQ(d.small, -5);
    EXPECT_EQ(d.big, e.big);
    EXPECT_EQ(d.port, 65535);
    EXPECT_EQ(d.huge, e.huge);
    EXPECT_EQ(d.ratio, 0.25);
    EXPECT_EQ(d.text, e.text);
    EXPECT_EQ(d.color, demo::Color::Blue);
    EXPECT_EQ(d.inner.name, "x");
    EXPECT_EQ(d.inner.size, 42);
    EXPECT_EQ(d.list, e.list);
    ASSERT_EQ(d.inners.size(), 2u);
    EXPECT_EQ(d.inners[1].size, -2);
    EXPECT_EQ(d.labels, e.labels);
    EXPECT_EQ(d.maybe, 0) << "a present zero stays present";
    ASSERT_TRUE(d.maybe_list.has_value()) << "a present empty list stays present";
    EXPECT_TRUE(d.maybe_list->empty());
    ASSERT_TRUE(d.maybe_inner.has_value());
    EXPECT_EQ(d.maybe_inner->size, 7);
    EXPECT_EQ(d.defaulted, "") << "an empty string is written, not left to the default";
}

TEST(Codec, AbsentOptionalsStayAbsent) {
    const auto d = decode_record<demo::Everything>(encode_record(demo::Everything{}, 1));
    EXPECT_FALSE(d.maybe.has_value());
    EXPECT_FALSE(d.maybe_list.has_value());
    EXPECT_FALSE(d.maybe_inner.has_value());
    EXPECT_EQ(d.defaulted, "json-file");
}

TEST(Codec, ReadersSkipWhatTheyDoNotKnow) {
    demo::Everything e;
    e.flag = true;
    e.text = "kept";
    e.list = {"a", "b"};
    e.inner = {"x", 1};
    const auto old = decode_record<demo::Old>(encode_record(e, 1));
    EXPECT_TRUE(old.flag);
    EXPECT_EQ(old.text, "kept");
    EXPECT_EQ(old.retired, "");

    demo::Old o;
    o.flag = true;
    o.text = "from before";
    o.retired = "gone";
    const auto now = decode_record<demo::Everything>(encode_record(o, 1));
    EXPECT_TRUE(now.flag);
    EXPECT_EQ(now.text, "from before");
    EXPECT_EQ(now.defaulted, "json-file") << "a field the old writer lacked keeps its default";
}

TEST(Codec, RefusesDamagedBytes) {
    demo::Everything e;
    e.text = "some text long enough";
    e.list = {"a", "b"};
    const std::string bytes = encode_record(e, 1);
    for (size_t cut = 2; cut < bytes.size(); ++cut) {
        try {
            (void)decode_record<demo::Everything>(bytes.substr(0, cut));
        } catch (const tug::Error& err) {
            EXPECT_EQ(err.code(), tug::Errc::Internal);
            EXPECT_NE(err.message().find("damaged"), std::string::npos);
        }
    }
    // A text field read as a number is refused, not misread.
    std::string wrong = bytes;
    const std::string text_key(1, static_cast<char>((7 << 3) | 2));
    const auto at = wrong.find(text_key);
    ASSERT_NE(at, std::string::npos);
    wrong[at] = static_cast<char>(7 << 3);
    EXPECT_THROW((void)decode_record<demo::Everything>(wrong), tug::Error);
}

TEST(Codec, FieldsMustBeListedInRisingOrder) {
    EXPECT_THROW((void)encode_record(demo::Misordered{}, 1), tug::Error);
}
