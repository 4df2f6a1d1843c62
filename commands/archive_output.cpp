// -o file or stdout for commands that produce a tar.
#include "commands/archive_output.hpp"

#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {

void write_archive_output(cli::Context& ctx, const std::string& output,
                          const std::function<void(int fd)>& write) {
    if (output.empty()) {
        if (ctx.stdout_is_tty)
            throw Error(Errc::InvalidArgument,
                        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        ctx.out.flush();
        write(STDOUT_FILENO);
        return;
    }
    base::AtomicFile out(output, 0600);
    write(out.fd());
    out.commit();
}

}  // namespace tug::commands
