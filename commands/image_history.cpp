// tug history: the layers of an image, newest first, docker's columns.
#include <ctime>

#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/image.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string image;
    bool no_trunc = false, quiet = false, human = true;
    std::string format;
};

// docker shortens CREATED BY to 45 characters, ending in "…".
std::string shorten(const std::string& s, size_t n) {
    size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (chars == n - 1) break;
            ++chars;
        }
    }
    return i >= s.size() ? s : s.substr(0, i) + "…";
}

std::string rfc3339(int64_t t) {
    const time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    ::gmtime_r(&tt, &tm);
    char buf[64];
    ::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("IMAGE", f->image, "Image")->required();
    app.add_flag("--no-trunc", f->no_trunc, "Don't truncate output");
    app.add_flag("-q,--quiet", f->quiet, "Only show image IDs");
    app.add_option("-H,--human", f->human, "Print sizes and dates in human readable format")->default_val(true);
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        const auto entries = engine::image_history(ctx.config, f->image);
        const int64_t now = ::time(nullptr);
        cli::output::Listing l;
        for (const auto& e : entries) {
            const std::string created_by = f->no_trunc ? e.created_by : shorten(e.created_by, 45);
            const std::string id = e.id == "<missing>" || f->no_trunc ? e.id : cli::output::truncate_id(e.id);
            l.rows.push_back({
                {"ID", id},
                {"CreatedSince", f->human && e.created
                                     ? cli::output::human_duration(static_cast<double>(now - e.created)) + " ago"
                                     : rfc3339(e.created)},
                {"CreatedAt", rfc3339(e.created)},
                {"CreatedBy", created_by},
                {"Size", f->human ? cli::output::human_size(e.size) : std::to_string(e.size)},
                {"Comment", e.comment},
            });
        }
        l.default_format = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        l.headers = {{"ID", "IMAGE"}, {"CreatedSince", "CREATED"}, {"CreatedAt", "CREATED AT"},
                     {"CreatedBy", "CREATED BY"}, {"Size", "SIZE"}, {"Comment", "COMMENT"}};
        cli::output::render_listing(ctx.out, l, f->quiet ? "{{.ID}}" : f->format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image history", "history"},
                          .summary = "Show the history of an image",
                          .usage = "[OPTIONS] IMAGE",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
