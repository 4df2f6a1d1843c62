// Help text in docker's layout.
#include "cli/help.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "cli/registry.hpp"

namespace tug::cli {

namespace {

// docker --help lists these under "Common Commands", in this order.
const std::vector<std::string> kCommon = {"run",   "exec",   "ps",    "build", "pull",  "push",
                                          "images", "login", "logout", "search", "version", "info"};

struct Row {
    std::string left, right;
};

void print_rows(std::ostringstream& os, const std::vector<Row>& rows, size_t indent) {
    size_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.left.size());
    for (const auto& r : rows) {
        os << std::string(indent, ' ') << r.left;
        if (!r.right.empty()) os << std::string(width - r.left.size() + 2, ' ') << r.right;
        os << "\n";
    }
}

std::string value_hint(const CLI::Option* opt) {
    std::string t = opt->get_type_name();
    if (t.empty() || opt->get_type_size() == 0) return "";  // a flag takes no value
    if (t == "TEXT") return opt->get_expected_max() > 1 ? " list" : " string";
    if (t == "INT" || t == "UINT") return " int";
    if (t == "FLOAT") return " decimal";
    return " value";
}

std::vector<Row> option_rows(const CLI::App& app) {
    std::vector<Row> rows;
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_positional() || opt->get_group().empty()) continue;
        std::string names;
        std::string shorts, longs;
        for (const auto& s : opt->get_snames()) shorts += "-" + s;
        for (const auto& l : opt->get_lnames()) {
            if (!longs.empty()) longs += ", ";
            longs += "--" + l;
        }
        names = shorts.empty() ? "    " + longs : shorts + (longs.empty() ? "" : ", " + longs);
        rows.push_back({names + value_hint(opt), opt->get_description()});
    }
    return rows;
}

}  // namespace

std::string top_level_help(const CLI::App& root) {
    std::ostringstream os;
    os << "\nUsage:  tug [OPTIONS] COMMAND\n\n" << root.get_description() << "\n";

    std::set<std::string> groups;
    for (const auto& g : Registry::instance().groups()) groups.insert(g.name);

    std::vector<Row> common, management, other;
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App* a) {
             return !a->get_group().empty();
         })) {
        const std::string& name = sub->get_name();
        Row row{name, sub->get_description()};
        if (groups.count(name)) {
            management.push_back(row);
        } else if (std::find(kCommon.begin(), kCommon.end(), name) != kCommon.end()) {
            common.push_back(row);
        } else {
            other.push_back(row);
        }
    }
    std::sort(common.begin(), common.end(), [](const Row& a, const Row& b) {
        auto pos = [](const std::string& n) {
            return std::find(kCommon.begin(), kCommon.end(), n) - kCommon.begin();
        };
        return pos(a.left) < pos(b.left);
    });
    auto by_name = [](const Row& a, const Row& b) { return a.left < b.left; };
    std::sort(management.begin(), management.end(), by_name);
    std::sort(other.begin(), other.end(), by_name);

    if (!common.empty()) {
        os << "\nCommon Commands:\n";
        print_rows(os, common, 2);
    }
    if (!management.empty()) {
        os << "\nManagement Commands:\n";
        print_rows(os, management, 2);
    }
    if (!other.empty()) {
        os << "\nCommands:\n";
        print_rows(os, other, 2);
    }
    os << "\nGlobal Options:\n";
    print_rows(os, option_rows(root), 2);
    os << "\nRun 'tug COMMAND --help' for more information on a command.\n";
    return os.str();
}

std::string command_help(const CLI::App& app, const std::string& path, const std::string& usage,
                         const std::vector<std::string>& aliases) {
    std::ostringstream os;
    auto subs = app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); });
    os << "\nUsage:  tug " << path;
    if (!usage.empty()) {
        os << " " << usage;
    } else if (!subs.empty()) {
        os << " COMMAND";
    }
    os << "\n\n" << app.get_description() << "\n";
    if (aliases.size() > 1) {
        os << "\nAliases:\n  ";
        for (size_t i = 0; i < aliases.size(); ++i) os << (i ? ", " : "") << "tug " << aliases[i];
        os << "\n";
    }
    if (!subs.empty()) {
        std::vector<Row> rows;
        for (const CLI::App* s : subs) rows.push_back({s->get_name(), s->get_description()});
        std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.left < b.left; });
        os << "\nCommands:\n";
        print_rows(os, rows, 2);
    }
    auto rows = option_rows(app);
    if (!rows.empty()) {
        os << "\nOptions:\n";
        print_rows(os, rows, 2);
    }
    if (!subs.empty()) os << "\nRun 'tug " << path << " COMMAND --help' for more information on a command.\n";
    return os.str();
}

}  // namespace tug::cli
