// The monitor's control requests and replies: versioned, checked, errors carried whole.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/monitor_protocol/attach_frames.hpp"
#include "engine/monitor_protocol/control.hpp"

namespace tug::engine::monitor_protocol {
namespace {

TEST(ControlTest, RequestsRoundTrip) {
    const std::string line = encode_request({"stop", {"SIGTERM", "10"}});
    EXPECT_EQ(line, "tug-monitor/1 stop SIGTERM 10\n");
    const auto req = parse_request(line);
    EXPECT_EQ(req.verb, "stop");
    EXPECT_EQ(req.args, (std::vector<std::string>{"SIGTERM", "10"}));
    EXPECT_EQ(parse_request("tug-monitor/1 detach").verb, "detach");
}

Errc code_of(std::string_view line) {
    try {
        parse_request(line);
    } catch (const Error& e) {
        return e.code();
    }
    return Errc::Internal;
}

TEST(ControlTest, RejectsOtherVersionsVerbsAndShapes) {
    EXPECT_EQ(code_of("tug-monitor/2 stop TERM 10\n"), Errc::NotImplemented);
    EXPECT_EQ(code_of("tug-monitor/1 pause\n"), Errc::NotImplemented);
    EXPECT_EQ(code_of("tug-monitor/1 kill\n"), Errc::InvalidArgument);
    EXPECT_EQ(code_of("tug-monitor/1 resize 24\n"), Errc::InvalidArgument);
    EXPECT_EQ(code_of("GET / HTTP/1.1\n"), Errc::InvalidArgument);
    EXPECT_EQ(code_of(""), Errc::InvalidArgument);
}

TEST(ControlTest, RepliesCarryTheError) {
    EXPECT_EQ(encode_reply(std::nullopt), "ok\n");
    EXPECT_NO_THROW(check_reply("ok\n"));
    const std::string reply = encode_reply(Error(Errc::FailedPrecondition, "container x is\nnot running"));
    EXPECT_EQ(reply.find('\n'), reply.size() - 1);
    try {
        check_reply(reply);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::FailedPrecondition);
        EXPECT_EQ(e.message(), "container x is not running");
    }
    try {
        check_reply(encode_reply(Error(Errc::NotFound, "gone")));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::NotFound);
    }
    EXPECT_THROW(check_reply("what\n"), Error);
}

TEST(ControlTest, NoMonitorIsUnavailable) {
    try {
        send_control("/nonexistent/tug-control.sock", {"detach", {}});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::Unavailable);
    }
}

TEST(AttachFramesTest, FramesRoundTripInPieces) {
    const std::string bytes = encode_frame(Frame::Stdout, "hello") + encode_frame(Frame::Detached, "");
    FrameReader r;
    r.feed(bytes.data(), 3);
    EXPECT_FALSE(r.next());
    r.feed(bytes.data() + 3, bytes.size() - 3);
    auto a = r.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(a->first, Frame::Stdout);
    EXPECT_EQ(a->second, "hello");
    auto b = r.next();
    ASSERT_TRUE(b);
    EXPECT_EQ(b->first, Frame::Detached);
    EXPECT_FALSE(r.next());
}

}  // namespace
}  // namespace tug::engine::monitor_protocol
