// The image record's own helpers; platform parsing and matching.
#include "engine/image/record.hpp"

#include <ctime>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/arch.hpp"

namespace tug::engine {

int64_t ImageRecord::created_unix() const { return image::parse_rfc3339(created); }

std::vector<std::string> ImageRecord::chain_ids() const {
    std::vector<std::string> out;
    for (const auto& l : layers) out.push_back(l.chain_id);
    return out;
}

std::vector<std::string> ImageRecord::blobs() const {
    std::set<std::string> s;
    auto add = [&](const std::string& d) {
        if (!d.empty()) s.insert(d);
    };
    add(id);
    add(manifest_digest);
    add(index_digest);
    for (const auto& l : layers) add(l.digest);
    for (const auto& p : other_platforms) {
        add(p.digest);
        add(p.config_digest);
        for (const auto& l : p.layer_digests) add(l);
    }
    return {s.begin(), s.end()};
}

}  // namespace tug::engine

namespace tug::engine::image {

content::Platform parse_platform(const std::string& s) {
    content::Platform p;
    std::vector<std::string> parts;
    size_t pos = 0;
    while (true) {
        size_t e = s.find('/', pos);
        parts.push_back(s.substr(pos, e == std::string::npos ? std::string::npos : e - pos));
        if (e == std::string::npos) break;
        pos = e + 1;
    }
    for (auto& part : parts)
        for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool bad = parts.empty() || parts.size() > 3 ||
                     std::any_of(parts.begin(), parts.end(), [](const std::string& x) { return x.empty(); });
    if (bad) throw Error(Errc::InvalidArgument, "invalid platform \"" + s + "\": expected os/arch[/variant]");
    if (parts.size() == 1) {
        // docker accepts a bare architecture or a bare os.
        if (parts[0] == "linux" || parts[0] == "windows" || parts[0] == "darwin") {
            p.os = parts[0];
            p.architecture = host_platform().architecture;
        } else {
            p.os = "linux";
            p.architecture = parts[0];
        }
    } else {
        p.os = parts[0];
        p.architecture = parts[1];
        if (parts.size() == 3) p.variant = parts[2];
    }
    if (p.architecture == "x86_64" || p.architecture == "x86-64") p.architecture = "amd64";
    if (p.architecture == "aarch64") {
        p.architecture = "arm64";
    }
    return p;
}

std::string format_platform(const content::Platform& p) {
    std::string s = p.os + "/" + p.architecture;
    if (!p.variant.empty()) s += "/" + p.variant;
    return s;
}

content::Platform host_platform() {
    content::Platform p;
    p.os = "linux";
    p.architecture = base::go_arch();
    if (p.architecture == "arm64") p.variant = "v8";
    return p;
}

namespace {
std::string normal_variant(const content::Platform& p) {
    if (!p.variant.empty()) return p.variant;
    if (p.architecture == "arm64") return "v8";
    if (p.architecture == "arm") return "v7";
    return "";
}
}  // namespace

bool platform_matches(const content::Platform& want, const content::Platform& have) {
    if (want.os != have.os || want.architecture != have.architecture) return false;
    if (want.variant.empty()) return true;
    return normal_variant(want) == normal_variant(have);
}

int64_t parse_rfc3339(const std::string& s) {
    struct tm tm {};
    const char* rest = ::strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest) return 0;
    int64_t t = ::timegm(&tm);
    if (*rest == '.') {
        ++rest;
        while (*rest >= '0' && *rest <= '9') ++rest;
    }
    if (*rest == '+' || *rest == '-') {
        int hh = 0, mm = 0;
        if (std::sscanf(rest + 1, "%d:%d", &hh, &mm) == 2) {
            const int64_t off = hh * 3600 + mm * 60;
            t += *rest == '+' ? -off : off;
        }
    }
    return t;
}

}  // namespace tug::engine::image
