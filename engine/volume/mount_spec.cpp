// Parsing and validation of -v, --mount and --tmpfs (moby's linux parser and docker
// CLI's MountOpt), with docker's messages.
#include "engine/volume/mount_spec.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/paths.hpp"
#include "engine/base/strings.hpp"

namespace tug::engine::volume {

namespace {

using base::clean_path;
using base::split;
using base::split_n;

const std::set<std::string> kPropagations = {"private", "rprivate", "shared",
                                             "rshared", "slave",    "rslave"};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// moby's ValidMountMode: at most one option of each kind, nothing unknown.
bool valid_mount_mode(const std::string& mode) {
    if (mode.empty()) return true;
    int rw = 0, label = 0, prop = 0, copy = 0, consistency = 0;
    for (const auto& o : split(mode, ',')) {
        if (o == "rw" || o == "ro") ++rw;
        else if (o == "z" || o == "Z") ++label;
        else if (kPropagations.count(o)) ++prop;
        else if (o == "nocopy") ++copy;
        else if (o == "consistent" || o == "cached" || o == "delegated") ++consistency;
        else return false;
    }
    return rw <= 1 && label <= 1 && prop <= 1 && copy <= 1 && consistency <= 1;
}

Error invalid_spec(const std::string& raw) {
    return Error(Errc::InvalidArgument, "invalid volume specification: '" + raw + "'");
}

Error mount_config_error(MountType t, const std::string& reason) {
    return Error(Errc::InvalidArgument, std::string("invalid mount config for type \"") +
                                            mount_type_name(t) + "\": " + reason);
}

void validate_destination(const std::string& dst, const std::function<Error(std::string)>& wrap) {
    if (clean_path(dst) == "/") throw wrap("invalid specification: destination can't be '/'");
    if (dst.empty() || dst[0] != '/')
        throw wrap("invalid mount path: '" + dst + "' mount path must be absolute");
}

// What the daemon checks of a mount request (moby validateMountConfigImpl). The
// "has_*_options" flags say which option groups the request carried.
struct OptionGroups {
    bool bind = false, volume = false, tmpfs = false;
};

void validate_mount(const MountSpec& m, const OptionGroups& g, bool bind_source_must_exist) {
    auto err = [&](const std::string& reason) { return mount_config_error(m.type, reason); };
    if (m.destination.empty()) throw err("field Target must not be empty");
    validate_destination(m.destination, err);
    switch (m.type) {
        case MountType::Bind: {
            if (m.source.empty()) throw err("field Source must not be empty");
            if (!m.propagation.empty() && !kPropagations.count(m.propagation))
                throw err("invalid propagation mode: " + m.propagation);
            if (g.volume) throw err("field VolumeOptions must not be specified");
            if (g.tmpfs) throw err("field TmpfsOptions must not be specified");
            if (m.source[0] != '/')
                throw err("invalid mount path: '" + m.source + "' mount path must be absolute");
            if (bind_source_must_exist) {
                struct stat st {};
                if (::lstat(m.source.c_str(), &st) != 0) {
                    if (errno == ENOENT) throw err("bind source path does not exist: " + m.source);
                    throw err(sys_error("stat " + m.source).message());
                }
            }
            break;
        }
        case MountType::Volume:
            if (g.bind) throw err("field BindOptions must not be specified");
            if (g.tmpfs) throw err("field TmpfsOptions must not be specified");
            if (m.source.empty() && m.read_only)
                throw err("must not set ReadOnly mode when using anonymous volumes");
            break;
        case MountType::Tmpfs:
            if (g.bind) throw err("field BindOptions must not be specified");
            if (g.volume) throw err("field VolumeOptions must not be specified");
            if (!m.source.empty()) throw err("field Source must not be specified");
            break;
    }
}

// The daemon's parseMountSpec after validation: cleaned paths, defaults.
void finish(MountSpec& m) {
    m.destination = clean_path(m.destination);
    if (m.type == MountType::Bind) m.source = clean_path(m.source);
    if (m.type == MountType::Volume) m.anonymous = m.source.empty();
}

// strconv.ParseBool.
std::optional<bool> parse_bool(const std::string& v) {
    if (v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True") return true;
    if (v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "false" || v == "False") return false;
    return std::nullopt;
}

// go-units RAMInBytes: "64m", "1g", "1.5GiB", "100" (binary multiples).
std::optional<int64_t> ram_in_bytes(const std::string& s) {
    static const std::regex re(R"(^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$)");
    std::smatch m;
    if (!std::regex_match(s, m, re)) return std::nullopt;
    double size = std::stod(m[1].str());
    if (m[3].matched) {
        const std::string units = "kmgtp";
        size *= std::pow(1024.0, static_cast<double>(units.find(std::tolower(m[3].str()[0])) + 1));
    }
    return static_cast<int64_t>(size);
}

// encoding/csv for one record: commas separate, double quotes group.
std::vector<std::string> csv_fields(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') cur += '"', ++i;
            else if (c == '"') quoted = false;
            else cur += c;
        } else if (c == '"' && cur.empty()) {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (quoted) throw Error(Errc::InvalidArgument, "parse error on line 1, column " +
                                                       std::to_string(s.size() + 1) +
                                                       ": extraneous or missing \" in quoted-field");
    out.push_back(cur);
    return out;
}

// docker's CLI makes "." and "./x" host paths absolute before sending them.
std::string absolute_if_dot(const std::string& p, const std::string& working_dir) {
    if (!working_dir.empty() && (p == "." || p.rfind("./", 0) == 0))
        return clean_path(working_dir + "/" + p);
    return p;
}

}  // namespace

const char* mount_type_name(MountType t) {
    switch (t) {
        case MountType::Bind: return "bind";
        case MountType::Volume: return "volume";
        case MountType::Tmpfs: return "tmpfs";
    }
    return "";
}

MountSpec parse_volume_flag(const std::string& input, const std::string& volume_driver,
                            const std::string& working_dir) {
    std::string raw = input;
    if (auto colon = raw.find(':'); colon != std::string::npos)
        raw = absolute_if_dot(raw.substr(0, colon), working_dir) + raw.substr(colon);
    auto arr = split_n(raw, ':', 4);
    if (arr[0].empty()) throw invalid_spec(input);

    MountSpec m;
    m.origin = MountSpec::Origin::VolumeFlag;
    std::string mode;
    switch (arr.size()) {
        case 1: m.destination = arr[0]; break;
        case 2:
            if (valid_mount_mode(arr[1])) throw invalid_spec(input);
            m.source = arr[0];
            m.destination = arr[1];
            break;
        case 3:
            m.source = arr[0];
            m.destination = arr[1];
            mode = arr[2];
            break;
        default: throw invalid_spec(input);
    }
    if (!valid_mount_mode(mode)) throw Error(Errc::InvalidArgument, "invalid mode: " + mode);
    m.type = !m.source.empty() && m.source[0] == '/' ? MountType::Bind : MountType::Volume;
    m.mode = mode;
    OptionGroups groups;
    for (const auto& o : split(mode, ',')) {
        if (o == "ro") m.read_only = true;
        if (o == "nocopy") {
            m.copy_data = false;
            groups.volume = true;
        }
        if (kPropagations.count(o)) {
            m.propagation = o;
            groups.bind = true;
        }
    }
    if (!volume_driver.empty() && m.type == MountType::Volume) {
        m.volume_driver = volume_driver;
        groups.volume = true;
    }
    try {
        validate_mount(m, groups, false);
    } catch (Error& e) {
        throw Error(Errc::InvalidArgument, invalid_spec(input).message() + ": " + e.message());
    }
    finish(m);
    if (m.type != MountType::Volume) m.copy_data = true;
    return m;
}

MountSpec parse_mount_flag(const std::string& value, const std::string& working_dir) {
    auto flag_error = [&](const std::string& reason) {
        return Error(Errc::InvalidArgument,
                     "invalid argument \"" + value + "\" for \"--mount\" flag: " + reason);
    };
    std::vector<std::string> fields;
    try {
        fields = csv_fields(value);
    } catch (const Error& e) {
        throw flag_error(e.message());
    }
    MountSpec m;
    m.origin = MountSpec::Origin::MountFlag;
    std::string type = "volume";
    OptionGroups groups;
    for (const auto& field : fields) {
        const auto eq = field.find('=');
        const std::string key = lower(field.substr(0, eq));
        if (eq == std::string::npos) {
            if (key == "readonly" || key == "ro") m.read_only = true;
            else if (key == "volume-nocopy") m.copy_data = false, groups.volume = true;
            else if (key == "bind-nonrecursive") m.bind_nonrecursive = true, groups.bind = true;
            else throw flag_error("invalid field '" + field + "' must be a key=value pair");
            continue;
        }
        const std::string val = field.substr(eq + 1);
        auto bool_value = [&](const std::string& what) {
            auto b = parse_bool(val);
            if (!b) throw flag_error("invalid value for " + what + ": " + val);
            return *b;
        };
        auto set_map = [](std::map<std::string, std::string>& target, const std::string& kv) {
            auto e = kv.find('=');
            std::string k = kv.substr(0, e);
            if (!k.empty()) target[k] = e == std::string::npos ? "" : kv.substr(e + 1);
        };
        if (key == "type") type = lower(val);
        else if (key == "source" || key == "src")
            m.source = absolute_if_dot(val, working_dir);
        else if (key == "target" || key == "dst" || key == "destination") m.destination = val;
        else if (key == "readonly" || key == "ro") m.read_only = bool_value(key);
        else if (key == "consistency") continue;  // a Docker Desktop hint; no effect on Linux
        else if (key == "bind-propagation") m.propagation = lower(val), groups.bind = true;
        else if (key == "bind-nonrecursive") m.bind_nonrecursive = bool_value(key), groups.bind = true;
        else if (key == "volume-driver") m.volume_driver = val, groups.volume = true;
        else if (key == "volume-opt") set_map(m.volume_options, val), groups.volume = true;
        else if (key == "volume-label") set_map(m.volume_labels, val), groups.volume = true;
        else if (key == "volume-nocopy") m.copy_data = !bool_value("volume-nocopy"), groups.volume = true;
        else if (key == "tmpfs-size") {
            auto size = ram_in_bytes(val);
            if (!size) throw flag_error("invalid value for " + key + ": " + val);
            m.tmpfs_size = *size;
            groups.tmpfs = true;
        } else if (key == "tmpfs-mode") {
            char* end = nullptr;
            errno = 0;
            unsigned long mode = std::strtoul(val.c_str(), &end, 8);
            if (val.empty() || *end || errno || mode > 0xffffffffUL)
                throw flag_error("invalid value for " + key + ": " + val);
            m.tmpfs_mode = static_cast<uint32_t>(mode);
            groups.tmpfs = true;
        } else {
            throw flag_error("unexpected key '" + key + "' in '" + field + "'");
        }
    }
    if (type.empty()) throw flag_error("type is required");
    if (m.destination.empty()) throw flag_error("target is required");
    if (type == "bind") m.type = MountType::Bind;
    else if (type == "volume") m.type = MountType::Volume;
    else if (type == "tmpfs") m.type = MountType::Tmpfs;
    if (groups.volume && type != "volume")
        throw flag_error("cannot mix 'volume-*' options with mount type '" + type + "'");
    if (groups.bind && type != "bind")
        throw flag_error("cannot mix 'bind-*' options with mount type '" + type + "'");
    if (groups.tmpfs && type != "tmpfs")
        throw flag_error("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
    if (type != "bind" && type != "volume" && type != "tmpfs")
        throw Error(Errc::InvalidArgument,
                    "invalid mount config for type \"" + type + "\": mount type unknown");
    validate_mount(m, groups, true);
    finish(m);
    return m;
}

MountSpec parse_tmpfs_flag(const std::string& value) {
    auto arr = split_n(value, ':', 2);
    MountSpec m;
    m.origin = MountSpec::Origin::TmpfsFlag;
    m.type = MountType::Tmpfs;
    m.destination = arr[0];
    if (arr.size() > 1) m.tmpfs_data = arr[1];
    validate_destination(m.destination, [](std::string r) { return Error(Errc::InvalidArgument, r); });
    m.destination = clean_path(m.destination);
    // Validate the options now rather than at start.
    merge_tmpfs_options(split(m.tmpfs_data.empty() ? "defaults" : m.tmpfs_data, ','));
    return m;
}

MountSpec image_volume(const std::string& destination) {
    MountSpec m;
    m.origin = MountSpec::Origin::ImageVolume;
    m.type = MountType::Volume;
    m.destination = clean_path(destination);
    m.anonymous = true;
    return m;
}

bool validate_bind_daemon_root(MountSpec& spec, const std::string& data_root) {
    if (spec.type != MountType::Bind || spec.origin != MountSpec::Origin::MountFlag) return false;
    const std::string& src = spec.source;
    if (src.rfind(data_root, 0) != 0 && data_root.rfind(src, 0) != 0) return false;
    if (spec.propagation == "rslave" || spec.propagation == "rshared") return false;
    if (spec.propagation.empty()) {
        spec.propagation = "rslave";
        return true;
    }
    throw Error(Errc::InvalidArgument,
                "invalid mount config: must use either propagation mode \"rslave\" or \"rshared\" "
                "when mount source is within the daemon root, daemon root: \"" + data_root +
                    "\", bind mount source: \"" + src + "\", propagation: \"" + spec.propagation + "\"");
}

void check_duplicate_destinations(const std::vector<MountSpec>& specs) {
    std::set<std::string> seen;
    for (const auto& s : specs)
        if (!seen.insert(s.destination).second)
            throw Error(Errc::InvalidArgument, "Duplicate mount point: " + s.destination);
}

std::string tmpfs_options_string(const MountSpec& spec) {
    std::vector<std::string> opts;
    if (spec.read_only) opts.emplace_back("ro");
    if (spec.tmpfs_mode != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "mode=%o", spec.tmpfs_mode);
        opts.emplace_back(buf);
    }
    if (spec.tmpfs_size != 0) {
        int64_t size = spec.tmpfs_size;
        std::string suffix;
        for (auto [s, div] : {std::pair<const char*, int64_t>{"g", 1LL << 30}, {"m", 1LL << 20}, {"k", 1LL << 10}}) {
            if (size % div == 0) {
                size /= div;
                suffix = s;
                break;
            }
        }
        opts.push_back("size=" + std::to_string(size) + suffix);
    }
    std::string out;
    for (size_t i = 0; i < opts.size(); ++i) out += (i ? "," : "") + opts[i];
    return out;
}

void validate_volume_name(const std::string& name) {
    static const std::regex re("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    if (!std::regex_match(name, re))
        throw Error(Errc::InvalidArgument,
                    "\"" + name + "\" includes invalid characters for a local volume name, only "
                    "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
                    "directory, use absolute path");
}

void ensure_bind_source(const MountSpec& spec) {
    if (spec.type != MountType::Bind || spec.origin == MountSpec::Origin::MountFlag) return;
    struct stat st {};
    if (::stat(spec.source.c_str(), &st) == 0) return;
    if (errno != ENOENT) throw sys_error("stat " + spec.source);
    with_context("create mountpoint for " + spec.destination,
                 [&] { base::make_dirs(spec.source, 0755); });
}

}  // namespace tug::engine::volume
