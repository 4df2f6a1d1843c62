// tug images / image ls: docker's REPOSITORY TAG IMAGE ID CREATED SIZE listing.
#include <ctime>
#include <set>

#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/image.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    std::string reference;
    bool all = false, quiet = false, digests = false, no_trunc = false;
    std::vector<std::string> filters;
    std::string format;
};

// "host:5000/a/b:tag" -> {"host:5000/a/b", "tag"}; same for "@digest".
std::pair<std::string, std::string> split_ref(const std::string& r, char sep) {
    const auto slash = r.rfind('/');
    const auto pos = r.rfind(sep);
    if (pos == std::string::npos || (slash != std::string::npos && pos < slash)) return {r, ""};
    return {r.substr(0, pos), r.substr(pos + 1)};
}

std::string created_at(int64_t t) {
    const time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    ::gmtime_r(&tt, &tm);
    char buf[64];
    ::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
    return buf;
}

json row(const engine::ImageSummary& s, const std::string& repo, const std::string& tag, const std::string& digest,
         bool no_trunc, int64_t now) {
    return {{"Repository", repo},
            {"Tag", tag},
            {"Digest", digest},
            {"ID", no_trunc ? s.id : cli::output::truncate_id(s.id)},
            {"CreatedSince", cli::output::human_duration(static_cast<double>(now - s.created)) + " ago"},
            {"CreatedAt", created_at(s.created)},
            {"Size", cli::output::human_size(s.size)},
            {"VirtualSize", cli::output::human_size(s.size)},
            {"SharedSize", "N/A"},
            {"UniqueSize", "N/A"},
            {"Containers", s.containers ? std::to_string(s.containers) : "N/A"}};
}

std::vector<json> rows_of(const engine::ImageSummary& s, bool no_trunc, int64_t now) {
    std::vector<json> out;
    auto digest_for = [&](const std::string& repo) -> std::string {
        for (const auto& d : s.repo_digests) {
            auto [r, dg] = split_ref(d, '@');
            if (r == repo) return dg;
        }
        return "<none>";
    };
    for (const auto& t : s.repo_tags) {
        auto [repo, tag] = split_ref(t, ':');
        out.push_back(row(s, repo, tag, digest_for(repo), no_trunc, now));
    }
    if (out.empty()) {
        std::set<std::string> repos;
        for (const auto& d : s.repo_digests) {
            auto [repo, dg] = split_ref(d, '@');
            if (repos.insert(repo).second) out.push_back(row(s, repo, "<none>", dg, no_trunc, now));
        }
    }
    if (out.empty()) out.push_back(row(s, "<none>", "<none>", "<none>", no_trunc, now));
    return out;
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("REPOSITORY[:TAG]", f->reference, "Show images of this repository");
    app.add_flag("-a,--all", f->all, "Show all images (default hides intermediate images)");
    app.add_flag("-q,--quiet", f->quiet, "Only show image IDs");
    app.add_flag("--digests", f->digests, "Show digests");
    app.add_flag("--no-trunc", f->no_trunc, "Don't truncate output");
    app.add_option("-f,--filter", f->filters, "Filter output based on conditions provided")->allow_extra_args(false);
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        engine::ImageListOptions o;
        o.all = f->all;
        o.filters = f->filters;
        if (!f->reference.empty()) o.filters.push_back("reference=" + f->reference);
        const auto images = engine::image_list(ctx.config, o);
        const int64_t now = ::time(nullptr);
        cli::output::Listing l;
        for (const auto& s : images)
            for (auto& r : rows_of(s, f->no_trunc, now)) l.rows.push_back(std::move(r));
        l.default_format = f->digests ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                                      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
        l.headers = {{"Repository", "REPOSITORY"}, {"Tag", "TAG"},         {"Digest", "DIGEST"},
                     {"ID", "IMAGE ID"},           {"CreatedSince", "CREATED"}, {"CreatedAt", "CREATED AT"},
                     {"Size", "SIZE"},             {"Containers", "CONTAINERS"}};
        std::string format = f->format;
        if (f->quiet) {
            // -q: one id per image, in listing order.
            std::set<std::string> seen;
            std::vector<json> ids;
            for (const auto& r : l.rows)
                if (seen.insert(r["ID"].get<std::string>()).second) ids.push_back(r);
            l.rows = std::move(ids);
            format = "{{.ID}}";
        }
        cli::output::render_listing(ctx.out, l, format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image ls", "image list", "images"},
                          .summary = "List images",
                          .usage = "[OPTIONS] [REPOSITORY[:TAG]]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
