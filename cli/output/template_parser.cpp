// The template parser, after Go's text/template/parse/parse.go: builds the tree and
// reports errors in Go's words ("template: :1: unexpected "}" in operand").
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include "cli/output/go_value.hpp"
#include "cli/output/template_ast.hpp"
#include "cli/output/utf8.hpp"

namespace tug::cli::output::tmpl {

namespace {

bool is_keyword(Tok t) {
    return t >= Tok::Block || t == Tok::Dot || t == Tok::Nil;
}

std::string token_str(const Token& t) {
    if (t.type == Tok::EOF_) return "EOF";
    if (t.type == Tok::Error) return t.val;
    if (is_keyword(t.type)) return "<" + t.val + ">";
    if (utf8_length(t.val) > 10) {
        // %.10q: the first ten characters, quoted
        return go_quote(t.val.substr(0, utf8_prefix(t.val, 10))) + "...";
    }
    return go_quote(t.val);
}

std::unique_ptr<Node> make(NodeKind k, int pos, int line = 0) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->pos = pos;
    n->line = line;
    return n;
}

// Decodes a Go string literal body (between the quotes) with its escapes.
bool unquote(const std::string& q, std::string& out) {
    out.clear();
    if (q.size() < 2) return false;
    if (q[0] == '`') {
        out = q.substr(1, q.size() - 2);
        out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
        return true;
    }
    // Go's unquote refuses an escape that names no Unicode scalar value.
    auto append_cp = [&](unsigned long cp) {
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        append_utf8(out, static_cast<uint32_t>(cp));
        return true;
    };
    char quote = q[0];
    for (size_t i = 1; i + 1 < q.size(); ++i) {
        char c = q[i];
        if (c == quote) return false;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i + 1 >= q.size()) return false;
        char e = q[i];
        auto hex = [&](int n) -> long {
            if (i + n >= q.size()) return -1;
            std::string h = q.substr(i + 1, n);
            for (char d : h)
                if (!std::isxdigit(static_cast<unsigned char>(d))) return -1;
            i += n;
            return std::strtol(h.c_str(), nullptr, 16);
        };
        switch (e) {
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case '\\':
                out += '\\';
                break;
            case '"':
            case '\'':
                if (e != quote) return false;
                out += e;
                break;
            case 'x': {
                long v = hex(2);
                if (v < 0) return false;
                out += static_cast<char>(v);
                break;
            }
            case 'u':
            case 'U': {
                long v = hex(e == 'u' ? 4 : 8);
                if (v < 0 || !append_cp(static_cast<unsigned long>(v))) return false;
                break;
            }
            default:
                if (e >= '0' && e <= '7' && i + 2 < q.size()) {
                    std::string o = q.substr(i, 3);
                    for (char d : o)
                        if (d < '0' || d > '7') return false;
                    long v = std::strtol(o.c_str(), nullptr, 8);
                    if (v > 255) return false;
                    out += static_cast<char>(v);
                    i += 2;
                    break;
                }
                return false;
        }
    }
    return true;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : toks_(lex(text)) { vars_.push_back("$"); }

    std::unique_ptr<Node> parse() {
        auto root = make(NodeKind::List, 0);
        while (peek().type != Tok::EOF_) {
            if (peek().type == Tok::LeftDelim) {
                size_t save = i_;
                next();
                const Token& t = next_non_space();
                if (t.type == Tok::Define) errorf("{{define}} is not supported");
                i_ = save;
            }
            auto n = text_or_action();
            if (n->kind == NodeKind::End || n->kind == NodeKind::Else)
                errorf("unexpected " + n->str());
            root->children.push_back(std::move(n));
        }
        return root;
    }

  private:
    std::vector<Token> toks_;
    size_t i_ = 0;
    int line_ = 1;  // line of the last token read, for error messages
    int action_line_ = 0;
    int range_depth_ = 0;
    std::vector<std::string> vars_;
    int depth_ = 0;

    // Nesting is bounded so that hostile input cannot exhaust the stack.
    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > 1000) p.errorf("max expression depth exceeded");
        }
        ~DepthGuard() { --p.depth_; }
    };

    // Like Go's parser, a peeked token is the one errors report the line of.
    const Token& peek() {
        const Token& t = toks_[std::min(i_, toks_.size() - 1)];
        line_ = t.line;
        return t;
    }
    const Token& next() {
        const Token& t = toks_[std::min(i_, toks_.size() - 1)];
        if (i_ < toks_.size()) ++i_;
        line_ = t.line;
        return t;
    }
    void backup(size_t n = 1) { i_ -= n; }
    const Token& next_non_space() {
        while (peek().type == Tok::Space)
            next();
        return next();
    }
    const Token& peek_non_space() {
        while (peek().type == Tok::Space)
            next();
        return peek();
    }

    [[noreturn]] void errorf(const std::string& msg) {
        throw ParseError{"template: :" + std::to_string(line_) + ": " + msg};
    }
    [[noreturn]] void unexpected(const Token& t, const std::string& context) {
        if (t.type == Tok::Error) {
            std::string extra;
            if (action_line_ != 0 && action_line_ != t.line) {
                extra = " in action started at :" + std::to_string(action_line_);
                if (t.val.ends_with(" action")) extra = extra.substr(10);
            }
            errorf(t.val + extra);
        }
        errorf("unexpected " + token_str(t) + " in " + context);
    }
    const Token& expect(Tok type, const std::string& context) {
        const Token& t = next_non_space();
        if (t.type != type) unexpected(t, context);
        return t;
    }

    std::unique_ptr<Node> text_or_action() {
        const Token& t = next_non_space();
        switch (t.type) {
            case Tok::Text: {
                auto n = make(NodeKind::Text, t.pos, t.line);
                n->text = t.val;
                return n;
            }
            case Tok::LeftDelim: {
                action_line_ = t.line;
                auto n = action();
                action_line_ = 0;
                return n;
            }
            default:
                unexpected(t, "input");
        }
    }

    std::unique_ptr<Node> action() {
        const Token& t = next_non_space();
        switch (t.type) {
            case Tok::Block:
                errorf("{{block}} is not supported");
            case Tok::Template:
                errorf("{{template}} is not supported");
            case Tok::Break:
            case Tok::Continue: {
                bool brk = t.type == Tok::Break;
                auto n = make(brk ? NodeKind::Break : NodeKind::Continue, t.pos, t.line);
                std::string name = brk ? "{{break}}" : "{{continue}}";
                const Token& d = next_non_space();
                if (d.type != Tok::RightDelim) unexpected(d, name);
                if (range_depth_ == 0) errorf(name + " outside {{range}}");
                return n;
            }
            case Tok::Else: {
                const Token& p = peek_non_space();
                if (p.type == Tok::If || p.type == Tok::With)
                    return make(NodeKind::Else, p.pos, p.line);
                const Token& d = expect(Tok::RightDelim, "else");
                return make(NodeKind::Else, d.pos, d.line);
            }
            case Tok::End: {
                const Token& d = expect(Tok::RightDelim, "end");
                return make(NodeKind::End, d.pos, d.line);
            }
            case Tok::If:
                return control(NodeKind::If, "if");
            case Tok::Range:
                return control(NodeKind::Range, "range");
            case Tok::With:
                return control(NodeKind::With, "with");
            default:
                break;
        }
        backup();
        const Token& p = peek();
        auto n = make(NodeKind::Action, p.pos, p.line);
        n->pipe = pipeline("command", Tok::RightDelim);
        return n;
    }

    std::unique_ptr<Node> control(NodeKind kind, const std::string& context) {
        DepthGuard guard(*this);
        size_t nvars = vars_.size();
        auto n = make(kind, 0);
        n->pipe = pipeline(context, Tok::RightDelim);
        n->pos = n->pipe->pos;
        n->line = n->pipe->line;
        if (kind == NodeKind::Range) ++range_depth_;
        auto [list, next_node] = item_list();
        if (kind == NodeKind::Range) --range_depth_;
        n->list = std::move(list);
        if (next_node->kind == NodeKind::Else) {
            Tok chained = kind == NodeKind::If     ? Tok::If
                          : kind == NodeKind::With ? Tok::With
                                                   : Tok::Error;
            if (peek().type == chained && chained != Tok::Error) {
                next();
                n->else_list = make(NodeKind::List, next_node->pos);
                n->else_list->children.push_back(control(kind, context));
            } else {
                auto [else_list, end] = item_list();
                if (end->kind != NodeKind::End) errorf("expected end; found " + end->str());
                n->else_list = std::move(else_list);
            }
        }
        vars_.resize(nvars);
        return n;
    }

    std::pair<std::unique_ptr<Node>, std::unique_ptr<Node>> item_list() {
        auto list = make(NodeKind::List, peek_non_space().pos);
        while (peek_non_space().type != Tok::EOF_) {
            auto n = text_or_action();
            if (n->kind == NodeKind::End || n->kind == NodeKind::Else)
                return {std::move(list), std::move(n)};
            list->children.push_back(std::move(n));
        }
        errorf("unexpected EOF");
    }

    std::unique_ptr<Node> pipeline(const std::string& context, Tok end) {
        DepthGuard guard(*this);
        const Token& first = peek_non_space();
        auto pipe = make(NodeKind::Pipe, first.pos, first.line);
        while (peek_non_space().type == Tok::Variable) {
            const Token& v = next();
            size_t after_var = i_;
            const Token& nx = peek_non_space();
            if (nx.type == Tok::Assign || nx.type == Tok::Declare) {
                pipe->is_assign = nx.type == Tok::Assign;
                next_non_space();
                pipe->decl.push_back(v.val);
                vars_.push_back(v.val);
                break;
            }
            if (nx.type == Tok::Char && nx.val == ",") {
                next_non_space();
                pipe->decl.push_back(v.val);
                vars_.push_back(v.val);
                if (context == "range" && pipe->decl.size() < 2) {
                    Tok t = peek_non_space().type;
                    if (t == Tok::Variable || t == Tok::RightDelim || t == Tok::RightParen)
                        continue;
                    errorf("range can only initialize variables");
                }
                errorf("too many declarations in " + context);
            }
            i_ = after_var - 1;  // not a declaration: reread the variable as an operand
            break;
        }
        while (true) {
            const Token& t = next_non_space();
            if (t.type == end) {
                check_pipeline(*pipe, context);
                return pipe;
            }
            switch (t.type) {
                case Tok::Bool:
                case Tok::CharConstant:
                case Tok::Dot:
                case Tok::Field:
                case Tok::Identifier:
                case Tok::Number:
                case Tok::Nil:
                case Tok::RawString:
                case Tok::String:
                case Tok::Variable:
                case Tok::LeftParen:
                    backup();
                    pipe->children.push_back(command());
                    break;
                default:
                    unexpected(t, context);
            }
        }
    }

    void check_pipeline(const Node& pipe, const std::string& context) {
        if (pipe.children.empty()) errorf("missing value for " + context);
        for (size_t i = 1; i < pipe.children.size(); ++i) {
            switch (pipe.children[i]->children[0]->kind) {
                case NodeKind::Bool:
                case NodeKind::Dot:
                case NodeKind::Nil:
                case NodeKind::Number:
                case NodeKind::String:
                    errorf("non executable command in pipeline stage " + std::to_string(i + 1));
                default:
                    break;
            }
        }
    }

    std::unique_ptr<Node> command() {
        auto cmd = make(NodeKind::Command, peek_non_space().pos, peek_non_space().line);
        while (true) {
            peek_non_space();
            if (auto op = operand()) cmd->children.push_back(std::move(op));
            const Token& t = next();
            if (t.type == Tok::Space) continue;
            if (t.type == Tok::RightDelim || t.type == Tok::RightParen)
                backup();
            else if (t.type != Tok::Pipe)
                unexpected(t, "operand");
            break;
        }
        if (cmd->children.empty()) errorf("empty command");
        return cmd;
    }

    std::unique_ptr<Node> operand() {
        auto node = term();
        if (!node) return nullptr;
        if (peek().type == Tok::Field) {
            auto chain = make(NodeKind::Chain, peek().pos, peek().line);
            while (peek().type == Tok::Field)
                chain->idents.push_back(next().val.substr(1));
            switch (node->kind) {
                case NodeKind::Field:
                case NodeKind::Variable:
                    for (auto& f : chain->idents)
                        node->idents.push_back(f);
                    return node;
                case NodeKind::Bool:
                case NodeKind::String:
                case NodeKind::Number:
                case NodeKind::Nil:
                case NodeKind::Dot:
                    errorf("unexpected . after term " + go_quote(node->str()));
                default:
                    chain->operand = std::move(node);
                    return chain;
            }
        }
        return node;
    }

    std::unique_ptr<Node> term() {
        const Token& t = next_non_space();
        switch (t.type) {
            case Tok::Identifier: {
                if (!has_function(t.val)) errorf("function " + go_quote(t.val) + " not defined");
                auto n = make(NodeKind::Identifier, t.pos, t.line);
                n->text = t.val;
                return n;
            }
            case Tok::Dot:
                return make(NodeKind::Dot, t.pos, t.line);
            case Tok::Nil:
                return make(NodeKind::Nil, t.pos, t.line);
            case Tok::Variable: {
                auto n = make(NodeKind::Variable, t.pos, t.line);
                n->idents.push_back(t.val);
                bool known = false;
                for (const auto& v : vars_)
                    known = known || v == t.val;
                if (!known) errorf("undefined variable " + go_quote(t.val));
                return n;
            }
            case Tok::Field: {
                auto n = make(NodeKind::Field, t.pos, t.line);
                n->idents.push_back(t.val.substr(1));
                return n;
            }
            case Tok::Bool: {
                auto n = make(NodeKind::Bool, t.pos, t.line);
                n->constant = t.val == "true";
                return n;
            }
            case Tok::CharConstant:
            case Tok::Number:
                return number(t);
            case Tok::LeftParen:
                return pipeline("parenthesized pipeline", Tok::RightParen);
            case Tok::String:
            case Tok::RawString: {
                auto n = make(NodeKind::String, t.pos, t.line);
                n->quoted = t.val;
                if (!unquote(t.val, n->text)) errorf("invalid syntax");
                return n;
            }
            default:
                backup();
                return nullptr;
        }
    }

    std::unique_ptr<Node> number(const Token& t) {
        auto n = make(NodeKind::Number, t.pos, t.line);
        n->text = t.val;
        if (t.type == Tok::CharConstant) {
            std::string v;
            if (!unquote(t.val, v) || utf8_length(v) != 1)
                errorf("malformed character constant: " + t.val);
            unsigned long cp = static_cast<unsigned char>(v[0]);
            if (cp >= 0x80) {
                int extra = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;
                cp &= 0x3f >> extra;
                for (int k = 1; k <= extra; ++k)
                    cp = (cp << 6) | (static_cast<unsigned char>(v[k]) & 0x3f);
            }
            n->constant = static_cast<int64_t>(cp);
            return n;
        }
        std::string s;
        for (char c : t.val)
            if (c != '_') s += c;
        bool hex = s.find("0x") != std::string::npos || s.find("0X") != std::string::npos;
        bool is_float = !hex && s.find_first_of(".eE") != std::string::npos;
        if (s.empty() || s == "+" || s == "-") errorf("illegal number syntax: " + go_quote(t.val));
        if (!is_float) {
            std::string digits = s;
            int base = 10;
            bool neg = false;
            if (digits[0] == '+' || digits[0] == '-') {
                neg = digits[0] == '-';
                digits = digits.substr(1);
            }
            if (digits.size() > 1 && digits[0] == '0') {
                char b = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
                if (b == 'x' || b == 'o' || b == 'b') {
                    base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
                    digits = digits.substr(2);
                } else {
                    base = 8;
                    digits = digits.substr(1);
                }
            }
            if (digits.empty() || digits.find_first_of("pP") != std::string::npos)
                errorf("illegal number syntax: " + go_quote(t.val));
            errno = 0;
            char* endp = nullptr;
            unsigned long long u = std::strtoull(digits.c_str(), &endp, base);
            if (*endp != '\0') errorf("illegal number syntax: " + go_quote(t.val));
            if (errno == ERANGE || u > (neg ? 9223372036854775808ull : 18446744073709551615ull))
                errorf("illegal number syntax: " + go_quote(t.val));
            if (neg)
                n->constant = u == 9223372036854775808ull ? INT64_MIN : -static_cast<int64_t>(u);
            else if (u > static_cast<unsigned long long>(INT64_MAX))
                n->constant = static_cast<uint64_t>(u);
            else
                n->constant = static_cast<int64_t>(u);
            return n;
        }
        char* endp = nullptr;
        double d = std::strtod(s.c_str(), &endp);
        if (*endp != '\0' || s.back() == 'e' || s.back() == 'E')
            errorf("illegal number syntax: " + go_quote(t.val));
        n->constant = d;
        return n;
    }
};

}  // namespace

std::unique_ptr<Node> parse(std::string_view text) {
    return Parser(text).parse();
}

}  // namespace tug::cli::output::tmpl
