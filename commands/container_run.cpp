// tug run: create and start a container; in the foreground, relay its streams and exit
// with its status (docker run).
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>

#include "cli/registry.hpp"
#include "commands/container_create_flags.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

struct Flags {
    CreateFlags create;
    bool detach = false;
    bool sig_proxy = true;
};

std::atomic<int> g_signal{0};
std::atomic<bool> g_winch{false};

void on_signal(int sig) {
    if (sig == SIGWINCH)
        g_winch = true;
    else
        g_signal = sig;
}

void install(int sig) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: poll() in attach wakes up at once
    ::sigaction(sig, &sa, nullptr);
}

// Raw mode for `-it` on a terminal, restored on scope exit.
class RawTerminal {
public:
    RawTerminal() {
        if (::tcgetattr(0, &saved_) != 0) return;
        termios raw = saved_;
        ::cfmakeraw(&raw);
        active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
    }
    ~RawTerminal() {
        if (active_) ::tcsetattr(0, TCSANOW, &saved_);
    }

private:
    termios saved_{};
    bool active_ = false;
};

void write_fd(int fd, std::string_view data) {
    try {
        base::write_all(fd, data.data(), data.size());
    } catch (...) {
        // A closed stdout (`tug run ... | head`) must not stop the container's relay.
    }
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    add_create_flags(app, f->create);
    app.add_flag("-d,--detach", f->detach, "Run container in background and print container ID");
    app.add_option("--sig-proxy", f->sig_proxy, "Proxy received signals to the process");
    return [f, &app](cli::Context& ctx) {
        auto opts = to_create_options(f->create, app.remaining(), "tug run");
        auto created = engine::container_create(ctx.config, opts);
        for (const auto& w : created.warnings) ctx.err << "WARNING: " << w << "\n";
        if (f->detach) {
            engine::container_start(ctx.config, {.container = created.id});
            ctx.out << created.id << "\n";
            return 0;
        }
        ctx.out.flush();
        engine::container_start(ctx.config, {.container = created.id, .wait_for_attach = true});

        engine::ContainerAttachOptions ao;
        ao.container = created.id;
        ao.stdin = opts.interactive;
        ao.tty = opts.tty;
        std::optional<RawTerminal> raw;
        if (opts.tty && ctx.stdin_is_tty) {
            raw.emplace();
            install(SIGWINCH);
            ao.resize_pending = [] { return g_winch.exchange(false); };
            ao.window_size = []() -> std::pair<int, int> {
                winsize ws{};
                ::ioctl(0, TIOCGWINSZ, &ws);
                return {ws.ws_row, ws.ws_col};
            };
        }
        if (f->sig_proxy && !opts.tty) {
            for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) install(s);
            ao.pending_signal = [] { return g_signal.exchange(0); };
        }
        engine::AttachSink sink{[](std::string_view d) { write_fd(1, d); },
                                [](std::string_view d) { write_fd(2, d); }};
        auto report = engine::container_attach(ctx.config, ao, sink);
        return report.exited ? report.exit_code : 125;
    };
}

const cli::Registrar reg{{.paths = {"container run", "run"},
                          .summary = "Create and run a new container from an image",
                          .usage = "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
