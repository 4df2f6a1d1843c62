// tug login: log in to a registry (docker's flags, prompts and messages).
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/registry.hpp"
#include "engine/api/registry.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string server;
    std::string username;
    std::string password;
    bool password_stdin = false;
};

std::string trim_newlines(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

std::string prompt_line(cli::Context& ctx, const std::string& prompt, bool secret) {
    ctx.out << prompt << std::flush;
    termios old{};
    const bool tty = ::isatty(STDIN_FILENO) == 1 && ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (secret && tty) {
        termios noecho = old;
        noecho.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
    }
    std::string line;
    std::getline(std::cin, line);
    if (secret && tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        ctx.out << "\n";
    }
    return trim_newlines(line);
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("SERVER", f->server, "Registry server (default: Docker Hub)");
    app.add_option("-u,--username", f->username, "Username");
    app.add_option("-p,--password", f->password, "Password");
    app.add_flag("--password-stdin", f->password_stdin, "Take the password from stdin");
    return [f](cli::Context& ctx) {
        // docker exits 1 for every login failure, scripts test for it.
        try {
            engine::RegistryLoginOptions opts;
            opts.server = f->server;
            opts.username = f->username;
            opts.password = f->password;
            if (!f->password.empty()) {
                ctx.err
                    << "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";
                if (f->password_stdin) {
                    throw Error(Errc::InvalidArgument,
                                "--password and --password-stdin are mutually exclusive");
                }
            }
            if (f->password_stdin) {
                if (f->username.empty()) {
                    throw Error(Errc::InvalidArgument,
                                "Must provide --username with --password-stdin");
                }
                std::string all((std::istreambuf_iterator<char>(std::cin)),
                                std::istreambuf_iterator<char>());
                opts.password = trim_newlines(all);
            }
            if (opts.username.empty() || opts.password.empty()) {
                if (!ctx.stdin_is_tty) {
                    throw Error(Errc::InvalidArgument,
                                "Cannot perform an interactive login from a non TTY device");
                }
                if (opts.username.empty()) opts.username = prompt_line(ctx, "Username: ", false);
                if (opts.password.empty()) opts.password = prompt_line(ctx, "Password: ", true);
            }
            engine::registry_login(ctx.config, opts);
            ctx.out << "Login Succeeded\n";
            return 0;
        } catch (const Error& e) {
            ctx.err << "tug: " << e.message() << "\n";
            return 1;
        }
    };
}

const cli::Registrar reg{{.paths = {"login"},
                          .summary = "Log in to a registry",
                          .usage = "[OPTIONS] [SERVER]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
