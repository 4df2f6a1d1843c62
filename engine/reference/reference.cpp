// Reference parsing and normalization, following docker's distribution/reference
// grammar and its error wording.
#include "engine/reference/reference.hpp"

#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/reference/grammar.hpp"

namespace tug::engine::reference {
namespace {

constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr std::string_view kOfficialRepoPrefix = "library/";
constexpr size_t kNameTotalLengthMax = 255;

Error invalid(std::string detail = {}) {
    std::string msg = "invalid reference format";
    if (!detail.empty()) msg += ": " + detail;
    return Error(Errc::InvalidArgument, std::move(msg));
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_lower_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// splitDockerDomain: the first component is a domain only if it looks like one
// (contains '.' or ':', is "localhost", or has upper-case letters).
std::pair<std::string, std::string> split_docker_domain(std::string_view name) {
    std::string domain;
    std::string remainder;
    const size_t i = name.find('/');
    const std::string_view first = i == std::string_view::npos ? name : name.substr(0, i);
    if (i == std::string_view::npos || (first.find_first_of(".:") == std::string_view::npos &&
                                        first != "localhost" && to_lower(first) == first)) {
        domain = kDefaultDomain;
        remainder = name;
    } else {
        domain = first;
        remainder = name.substr(i + 1);
    }
    if (domain == kLegacyDefaultDomain) domain = kDefaultDomain;
    if (domain == kDefaultDomain && remainder.find('/') == std::string::npos) {
        remainder = std::string(kOfficialRepoPrefix) + remainder;
    }
    return {domain, remainder};
}

// The length of an algorithm's hex digests; 0 for an algorithm distribution does not know.
size_t digest_hex_size(std::string_view algo) {
    if (algo == "sha256") return 64;
    if (algo == "sha384") return 96;
    if (algo == "sha512") return 128;
    return 0;
}

void validate_digest(const std::string& digest) {
    const size_t colon = digest.find(':');
    const std::string algo = digest.substr(0, colon);
    const std::string hex = digest.substr(colon + 1);
    const size_t want = digest_hex_size(algo);
    if (want == 0) throw Error(Errc::InvalidArgument, "unsupported digest algorithm");
    if (hex.size() != want) throw Error(Errc::InvalidArgument, "invalid checksum digest length");
    if (!is_lower_hex(hex)) throw Error(Errc::InvalidArgument, "invalid checksum digest format");
}

// distribution/reference.Parse on an already domain-split string.
Reference parse_full(const std::string& s) {
    const auto m = match_reference(s);
    if (!m) {
        if (s.empty()) throw invalid("repository name must have at least one component");
        if (match_reference(to_lower(s))) throw invalid("repository name must be lowercase");
        throw invalid();
    }
    const std::string name(m->name);
    if (name.size() > kNameTotalLengthMax) {
        throw invalid("repository name must not be more than 255 characters");
    }
    Reference ref;
    const size_t slash = name.find('/');
    ref.domain = name.substr(0, slash);
    ref.path = name.substr(slash + 1);
    ref.tag = m->tag;
    ref.digest = m->digest;
    if (!ref.digest.empty()) validate_digest(ref.digest);
    return ref;
}

}  // namespace

bool is_hex_id(std::string_view s) {
    return s.size() == 64 && is_lower_hex(s);
}

bool is_valid_digest(std::string_view s) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view algo = s.substr(0, colon);
    const std::string_view hex = s.substr(colon + 1);
    const size_t want = digest_hex_size(algo);
    return want != 0 && hex.size() == want && is_lower_hex(hex);
}

Reference parse_named(std::string_view s) {
    // A bare image id is never a repository name (docker refuses it the same way).
    if (s.size() == 64 && is_hex_id(to_lower(s))) {
        throw Error(Errc::InvalidArgument, "invalid repository name (" + std::string(s) +
                                               "), cannot specify 64-byte hexadecimal strings");
    }
    auto [domain, remainder] = split_docker_domain(s);
    std::string remote_name = remainder;
    if (const size_t sep = remainder.find(':'); sep != std::string::npos) {
        remote_name = remainder.substr(0, sep);
    }
    if (to_lower(remote_name) != remote_name) {
        throw invalid("repository name (" + remote_name + ") must be lowercase");
    }
    return parse_full(domain + "/" + remainder);
}

Reference parse_reference(std::string_view s) {
    Reference ref = parse_named(s);
    if (ref.tag.empty() && ref.digest.empty()) ref.tag = kDefaultTag;
    return ref;
}

std::string Reference::repository() const {
    return domain + "/" + path;
}

std::string Reference::string() const {
    std::string out = repository();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

std::string Reference::familiar_name() const {
    if (domain != kDefaultDomain) return repository();
    if (path.starts_with(kOfficialRepoPrefix) &&
        path.find('/', kOfficialRepoPrefix.size()) == std::string::npos) {
        return path.substr(kOfficialRepoPrefix.size());
    }
    return path;
}

std::string Reference::familiar() const {
    std::string out = familiar_name();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

std::string Reference::registry_host() const {
    return domain == kDefaultDomain ? std::string("registry-1.docker.io") : domain;
}

}  // namespace tug::engine::reference
