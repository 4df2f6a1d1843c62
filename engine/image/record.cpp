// Image records to and from JSON; platform parsing and matching.
#include "engine/image/record.hpp"

#include <ctime>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/arch.hpp"

namespace tug::engine::image {

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

void to_json(nlohmann::json& j, const ImageRecord& r) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : r.layers) {
        nlohmann::json lj = {{"digest", l.digest}, {"mediaType", l.media_type}, {"size", l.size},
                             {"diffID", l.diff_id},  {"chainID", l.chain_id}};
        if (!l.urls.empty()) lj["urls"] = l.urls;
        layers.push_back(std::move(lj));
    }
    nlohmann::json others = nlohmann::json::array();
    for (const auto& p : r.other_platforms) {
        others.push_back({{"digest", p.digest},
                          {"mediaType", p.media_type},
                          {"platform", p.platform},
                          {"config", p.config_digest},
                          {"layers", p.layer_digests}});
    }
    j = {{"id", r.id},
         {"configMediaType", r.config_media_type},
         {"manifestDigest", r.manifest_digest},
         {"manifestMediaType", r.manifest_media_type},
         {"manifestSize", r.manifest_size},
         {"indexDigest", r.index_digest},
         {"indexMediaType", r.index_media_type},
         {"layers", layers},
         {"platform", r.platform},
         {"otherPlatforms", others},
         {"size", r.size},
         {"created", r.created},
         {"createdUnix", r.created_unix},
         {"stored", r.stored}};
}

void from_json(const nlohmann::json& j, ImageRecord& r) {
    r.id = j.value("id", "");
    r.config_media_type = j.value("configMediaType", "");
    r.manifest_digest = j.value("manifestDigest", "");
    r.manifest_media_type = j.value("manifestMediaType", "");
    r.manifest_size = j.value("manifestSize", int64_t{0});
    r.index_digest = j.value("indexDigest", "");
    r.index_media_type = j.value("indexMediaType", "");
    r.layers.clear();
    for (const auto& lj : j.value("layers", nlohmann::json::array())) {
        LayerRecord l;
        l.digest = lj.value("digest", "");
        l.media_type = lj.value("mediaType", "");
        l.size = lj.value("size", int64_t{0});
        l.diff_id = lj.value("diffID", "");
        l.chain_id = lj.value("chainID", "");
        l.urls = lj.value("urls", std::vector<std::string>{});
        r.layers.push_back(std::move(l));
    }
    if (j.contains("platform")) r.platform = j.at("platform").get<content::Platform>();
    r.other_platforms.clear();
    for (const auto& pj : j.value("otherPlatforms", nlohmann::json::array())) {
        PlatformManifest p;
        p.digest = pj.value("digest", "");
        p.media_type = pj.value("mediaType", "");
        if (pj.contains("platform")) p.platform = pj.at("platform").get<content::Platform>();
        p.config_digest = pj.value("config", "");
        p.layer_digests = pj.value("layers", std::vector<std::string>{});
        r.other_platforms.push_back(std::move(p));
    }
    r.size = j.value("size", int64_t{0});
    r.created = j.value("created", "");
    r.created_unix = j.value("createdUnix", int64_t{0});
    r.stored = j.value("stored", int64_t{0});
}

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
