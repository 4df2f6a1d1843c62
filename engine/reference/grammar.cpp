// match_reference: one function per production of distribution/reference's grammar.
#include "engine/reference/grammar.hpp"

#include <vector>

namespace tug::engine::reference {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_word(char c) { return is_alnum(c) || c == '_'; }

// [a-z0-9]+ ((. | _ | __ | -+) [a-z0-9]+)*
bool path_component(std::string_view s) {
    size_t i = 0;
    for (;;) {
        const size_t run = i;
        while (i < s.size() && is_lower_alnum(s[i])) ++i;
        if (i == run) return false;
        if (i == s.size()) return true;
        const size_t sep = i;
        if (s[i] == '-') {
            while (i < s.size() && s[i] == '-') ++i;
        } else if (s[i] == '.') {
            ++i;
        } else if (s[i] == '_') {
            ++i;
            if (i < s.size() && s[i] == '_') ++i;
        }
        if (i == sep) return false;
    }
}

// [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool domain_component(std::string_view s) {
    if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
    for (char c : s)
        if (!is_alnum(c) && c != '-') return false;
    return true;
}

// (domain-name | "[" [a-fA-F0-9:]+ "]") [":" [0-9]+]
bool domain(std::string_view s) {
    std::string_view host = s;
    if (!s.empty() && s.front() == '[') {
        const size_t close = s.find(']');
        if (close == std::string_view::npos || close < 2) return false;
        for (char c : s.substr(1, close - 1))
            if (!is_hex(c) && c != ':') return false;
        host = {};
        s.remove_prefix(close + 1);
    } else {
        const size_t colon = s.find(':');
        host = s.substr(0, colon);
        s = colon == std::string_view::npos ? std::string_view() : s.substr(colon);
        for (size_t start = 0;;) {
            const size_t dot = host.find('.', start);
            if (!domain_component(host.substr(start, dot - start))) return false;
            if (dot == std::string_view::npos) break;
            start = dot + 1;
        }
    }
    if (s.empty()) return true;
    if (s.front() != ':' || s.size() < 2) return false;
    for (char c : s.substr(1))
        if (!is_digit(c)) return false;
    return true;
}

// [domain "/"] path-component ("/" path-component)*
bool name(std::string_view s) {
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        const size_t slash = s.find('/', start);
        parts.push_back(s.substr(start, slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    for (size_t i = 1; i < parts.size(); ++i)
        if (!path_component(parts[i])) return false;
    // The first part is a path component, or a domain when more parts follow.
    return path_component(parts[0]) || (parts.size() > 1 && domain(parts[0]));
}

bool tag(std::string_view s) {
    if (s.empty() || s.size() > 128 || !is_word(s.front())) return false;
    for (char c : s)
        if (!is_word(c) && c != '.' && c != '-') return false;
    return true;
}

// [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}
bool digest(std::string_view s) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view algorithm = s.substr(0, colon);
    const std::string_view hex = s.substr(colon + 1);
    bool component_start = true;
    for (char c : algorithm) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (component_start) {
            if (!letter) return false;
            component_start = false;
        } else if (c == '-' || c == '_' || c == '+' || c == '.') {
            component_start = true;
        } else if (!letter && !is_digit(c)) {
            return false;
        }
    }
    if (component_start || hex.size() < 32) return false;
    for (char c : hex)
        if (!is_hex(c)) return false;
    return true;
}

}  // namespace

std::optional<ReferenceParts> match_reference(std::string_view s) {
    ReferenceParts parts;
    // Neither a name nor a tag holds '@'; a digest's own ':' follows it.
    if (const size_t at = s.find('@'); at != std::string_view::npos) {
        parts.digest = s.substr(at + 1);
        if (!digest(parts.digest)) return std::nullopt;
        s = s.substr(0, at);
    }
    // A ':' after the last '/' starts the tag; one before it is a domain's port.
    const size_t colon = s.rfind(':');
    const size_t slash = s.rfind('/');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        parts.tag = s.substr(colon + 1);
        if (!tag(parts.tag)) return std::nullopt;
        s = s.substr(0, colon);
    }
    if (!name(s)) return std::nullopt;
    parts.name = s;
    return parts;
}

}  // namespace tug::engine::reference
