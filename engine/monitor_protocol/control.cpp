// Encoding, parsing and the client side of the monitor's control requests.
#include "engine/monitor_protocol/control.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "engine/base/strings.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/base/unix_socket.hpp"

namespace tug::engine::monitor_protocol {

namespace {

constexpr std::string_view kMagic = "tug-monitor/";

struct VerbShape {
    std::string_view verb;
    size_t args;
};
constexpr VerbShape kVerbs[] = {{"stop", 2}, {"kill", 1}, {"resize", 2}, {"detach", 0}};

}  // namespace

std::string control_socket_path(const std::string& state_dir) { return state_dir + "/control.sock"; }

std::string encode_request(const ControlRequest& req) {
    std::string line = std::string(kMagic) + std::to_string(kControlVersion) + " " + req.verb;
    for (const auto& a : req.args) line += " " + a;
    return line + "\n";
}

ControlRequest parse_request(std::string_view line) {
    if (line.ends_with('\n')) line.remove_suffix(1);
    auto words = base::split_nonempty(line, ' ');
    if (words.empty() || !words[0].starts_with(kMagic))
        throw Error(Errc::InvalidArgument, "control: not a tug-monitor request");
    const std::string version = words[0].substr(kMagic.size());
    if (version != std::to_string(kControlVersion))
        throw Error(Errc::NotImplemented, "control: unsupported version " + version);
    if (words.size() < 2) throw Error(Errc::InvalidArgument, "control: no verb");
    ControlRequest req{words[1], {words.begin() + 2, words.end()}};
    for (const auto& v : kVerbs) {
        if (v.verb != req.verb) continue;
        if (req.args.size() != v.args)
            throw Error(Errc::InvalidArgument, "control: " + req.verb + " takes " +
                                                   std::to_string(v.args) + " arguments");
        return req;
    }
    throw Error(Errc::NotImplemented, "control: unknown verb " + req.verb);
}

std::string encode_reply(const std::optional<Error>& error) {
    if (!error) return "ok\n";
    std::string text = error->message();
    for (char& c : text)
        if (c == '\n') c = ' ';
    return "error " + std::to_string(static_cast<int>(error->code())) + " " + text + "\n";
}

void check_reply(std::string_view line) {
    if (line.ends_with('\n')) line.remove_suffix(1);
    if (line == "ok") return;
    if (line.starts_with("error ")) {
        line.remove_prefix(6);
        const auto sp = line.find(' ');
        const std::string code = std::string(line.substr(0, sp));
        const std::string text = sp == std::string_view::npos ? "" : std::string(line.substr(sp + 1));
        if (!code.empty() && code.find_first_not_of("0123456789") == std::string::npos &&
            std::atoi(code.c_str()) <= static_cast<int>(Errc::CommandNotFound))
            throw Error(static_cast<Errc>(std::atoi(code.c_str())), text);
    }
    throw Error(Errc::Internal, "control: garbled reply from the monitor: " + std::string(line));
}

void send_control(const std::string& path, const ControlRequest& req) {
    base::UniqueFd sock;
    try {
        sock = base::connect_unix(path);
    } catch (const Error& e) {
        throw Error(Errc::Unavailable, "control: no monitor at " + path + ": " + e.message());
    }
    // A monitor that was already tearing down when we connected never reads the
    // request: its exit resets the connection. The container is down then, which is what
    // every request but a resize wants, and a resize has nothing left to do.
    const auto gone = [](int err) { return err == EPIPE || err == ECONNRESET; };
    const std::string line = encode_request(req);
    for (size_t off = 0; off < line.size();) {
        const ssize_t n = ::send(sock.get(), line.data() + off, line.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && gone(errno)) return;
        if (n < 0) throw sys_error("control: send request");
        off += static_cast<size_t>(n);
    }
    std::string reply;
    char buf[512];
    while (reply.find('\n') == std::string::npos && reply.size() < kMaxControlLine) {
        const ssize_t n = ::read(sock.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && gone(errno)) return;
        if (n < 0) throw sys_error("control: read reply");
        // A monitor that exits while it handles the request (a stop it finished) is done.
        if (n == 0) return;
        reply.append(buf, static_cast<size_t>(n));
    }
    check_reply(reply);
}

}  // namespace tug::engine::monitor_protocol
