// The template lexer, after Go's text/template/parse/lex.go: text, {{ }} actions with
// trim markers, comments, and the tokens inside actions.
#include <cstdio>
#include <map>

#include "cli/output/template_ast.hpp"

namespace tug::cli::output::tmpl {

namespace {

constexpr std::string_view kLeft = "{{";
constexpr std::string_view kRight = "}}";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_alnum(char c) {
    auto u = static_cast<unsigned char>(c);
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           u >= 0x80;
}

class Lexer {
  public:
    explicit Lexer(std::string_view text) : in_(text) {}

    std::vector<Token> run() {
        while (true) {
            bool ok = inside_ ? lex_inside() : lex_text();
            if (!ok) break;
        }
        return std::move(items_);
    }

  private:
    std::string_view in_;
    size_t pos_ = 0;
    size_t start_ = 0;
    int line_ = 1;        // line at pos_
    int start_line_ = 1;  // line at start_
    bool inside_ = false;
    int paren_depth_ = 0;
    std::vector<Token> items_;

    char peek(size_t off = 0) const { return pos_ + off < in_.size() ? in_[pos_ + off] : '\0'; }
    bool at_eof() const { return pos_ >= in_.size(); }
    bool starts(std::string_view s, size_t at) const { return in_.substr(at).starts_with(s); }

    void advance(size_t n) {
        for (size_t i = 0; i < n && pos_ < in_.size(); ++i)
            if (in_[pos_++] == '\n') ++line_;
    }
    void emit(Tok t) {
        items_.push_back({t, std::string(in_.substr(start_, pos_ - start_)),
                          static_cast<int>(start_), start_line_});
        ignore();
    }
    void ignore() {
        start_ = pos_;
        start_line_ = line_;
    }
    bool error(const std::string& msg) {
        items_.push_back({Tok::Error, msg, static_cast<int>(start_), start_line_});
        return false;
    }
    bool eof() {
        items_.push_back({Tok::EOF_, "", static_cast<int>(pos_), line_});
        return false;
    }

    // At "}}" or " -}}"? Sets trim when the right trim marker is present.
    bool at_right_delim(bool& trim) const {
        if (pos_ + 1 < in_.size() && is_space(in_[pos_]) && in_[pos_ + 1] == '-' &&
            starts(kRight, pos_ + 2)) {
            trim = true;
            return true;
        }
        trim = false;
        return starts(kRight, pos_);
    }

    bool lex_text() {
        size_t x = in_.find(kLeft, pos_);
        if (x == std::string_view::npos) {
            advance(in_.size() - pos_);
            if (pos_ > start_) emit(Tok::Text);
            return eof();
        }
        bool trim = x + 3 < in_.size() && in_[x + 2] == '-' && is_space(in_[x + 3]);
        advance(x - pos_);
        size_t end = pos_;
        if (trim)
            while (end > start_ && is_space(in_[end - 1]))
                --end;
        if (end > start_) {
            items_.push_back({Tok::Text, std::string(in_.substr(start_, end - start_)),
                              static_cast<int>(start_), start_line_});
        }
        ignore();
        return lex_left_delim(trim);
    }

    bool lex_left_delim(bool trim) {
        size_t after = kLeft.size() + (trim ? 2 : 0);
        if (starts("/*", pos_ + after)) {
            advance(after);
            ignore();
            return lex_comment();
        }
        advance(kLeft.size());
        emit(Tok::LeftDelim);
        advance(trim ? 2 : 0);
        ignore();
        inside_ = true;
        paren_depth_ = 0;
        return true;
    }

    bool lex_comment() {
        advance(2);
        size_t x = in_.find("*/", pos_);
        if (x == std::string_view::npos) return error("unclosed comment");
        advance(x + 2 - pos_);
        bool trim;
        if (!at_right_delim(trim)) return error("comment ends before closing delimiter");
        advance((trim ? 2 : 0) + kRight.size());
        if (trim)
            while (!at_eof() && is_space(peek()))
                advance(1);
        ignore();
        return true;
    }

    bool lex_right_delim(bool trim) {
        advance(trim ? 2 : 0);
        ignore();
        advance(kRight.size());
        emit(Tok::RightDelim);
        if (trim) {
            while (!at_eof() && is_space(peek()))
                advance(1);
            ignore();
        }
        inside_ = false;
        return true;
    }

    bool at_terminator() const {
        char r = peek();
        if (at_eof() || is_space(r)) return true;
        switch (r) {
            case '.':
            case ',':
            case '|':
            case ':':
            case ')':
            case '(':
                return true;
            // Go checks only the first character of the right delimiter here, so that
            // "{{.X}" reports the stray "}" as an unexpected operand.
            default:
                return r == kRight[0];
        }
    }

    bool bad_char() {
        char buf[64];
        auto c = static_cast<unsigned char>(peek());
        std::snprintf(buf, sizeof buf, "bad character U+%04X '%c'", c,
                      c >= 0x20 && c < 0x7f ? c : '?');
        return error(buf);
    }

    bool lex_inside() {
        bool trim;
        if (at_right_delim(trim)) {
            if (paren_depth_ == 0) return lex_right_delim(trim);
            return error("unclosed left paren");
        }
        if (at_eof()) return error("unclosed action");
        char r = peek();
        if (is_space(r)) {
            // Leave " -}}" for at_right_delim.
            while (!at_eof() && is_space(peek())) {
                if (peek(1) == '-' && starts(kRight, pos_ + 2)) break;
                advance(1);
            }
            if (pos_ > start_) emit(Tok::Space);
            return true;
        }
        advance(1);
        switch (r) {
            case '=':
                emit(Tok::Assign);
                return true;
            case ':':
                if (peek() != '=') return error("expected :=");
                advance(1);
                emit(Tok::Declare);
                return true;
            case '|':
                emit(Tok::Pipe);
                return true;
            case '"':
                return lex_quote();
            case '`':
                return lex_raw_quote();
            case '$':
                return lex_field_or_variable(Tok::Variable);
            case '\'':
                return lex_char();
            case '(':
                emit(Tok::LeftParen);
                ++paren_depth_;
                return true;
            case ')':
                emit(Tok::RightParen);
                if (--paren_depth_ < 0) return error("unexpected right paren");
                return true;
            default:
                break;
        }
        if (r == '.' && !(peek() >= '0' && peek() <= '9')) return lex_field_or_variable(Tok::Field);
        if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            pos_ = start_;
            return lex_number();
        }
        if (is_alnum(r)) {
            while (!at_eof() && is_alnum(peek()))
                advance(1);
            if (!at_terminator()) return bad_char();
            static const std::map<std::string_view, Tok> keywords = {{"block", Tok::Block},
                                                                     {"break", Tok::Break},
                                                                     {"continue", Tok::Continue},
                                                                     {"define", Tok::Define},
                                                                     {"else", Tok::Else},
                                                                     {"end", Tok::End},
                                                                     {"if", Tok::If},
                                                                     {"range", Tok::Range},
                                                                     {"nil", Tok::Nil},
                                                                     {"template", Tok::Template},
                                                                     {"with", Tok::With},
                                                                     {"true", Tok::Bool},
                                                                     {"false", Tok::Bool}};
            auto word = in_.substr(start_, pos_ - start_);
            auto it = keywords.find(word);
            emit(it != keywords.end() ? it->second : Tok::Identifier);
            return true;
        }
        auto u = static_cast<unsigned char>(r);
        if (u >= 0x20 && u < 0x7f) {
            emit(Tok::Char);
            return true;
        }
        char buf[64];
        std::snprintf(buf, sizeof buf, "unrecognized character in action: U+%04X", u);
        return error(buf);
    }

    bool lex_field_or_variable(Tok t) {
        if (at_terminator()) {
            emit(t == Tok::Variable ? Tok::Variable : Tok::Dot);
            return true;
        }
        while (!at_eof() && is_alnum(peek()))
            advance(1);
        if (!at_terminator()) return bad_char();
        emit(t);
        return true;
    }

    bool lex_number() {
        auto accept = [&](std::string_view valid) {
            if (!at_eof() && valid.find(peek()) != std::string_view::npos) {
                advance(1);
                return true;
            }
            return false;
        };
        auto accept_run = [&](std::string_view valid) {
            while (accept(valid)) {
            }
        };
        accept("+-");
        std::string_view digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX"))
                digits = "0123456789abcdefABCDEF_";
            else if (accept("oO"))
                digits = "01234567_";
            else if (accept("bB"))
                digits = "01_";
        }
        accept_run(digits);
        if (accept(".")) accept_run(digits);
        if (digits.size() == 11 && accept("eE")) {
            accept("+-");
            accept_run("0123456789_");
        }
        if (digits.size() == 23 && accept("pP")) {
            accept("+-");
            accept_run("0123456789_");
        }
        if (!at_eof() && is_alnum(peek())) {
            advance(1);
            return error("bad number syntax: \"" + std::string(in_.substr(start_, pos_ - start_)) +
                         "\"");
        }
        emit(Tok::Number);
        return true;
    }

    bool lex_quote() {
        while (true) {
            if (at_eof() || peek() == '\n') return error("unterminated quoted string");
            char c = peek();
            advance(1);
            if (c == '\\') {
                if (at_eof() || peek() == '\n') return error("unterminated quoted string");
                advance(1);
            } else if (c == '"') {
                break;
            }
        }
        emit(Tok::String);
        return true;
    }

    bool lex_raw_quote() {
        size_t x = in_.find('`', pos_);
        if (x == std::string_view::npos) return error("unterminated raw quoted string");
        advance(x + 1 - pos_);
        emit(Tok::RawString);
        return true;
    }

    bool lex_char() {
        while (true) {
            if (at_eof() || peek() == '\n') return error("unterminated character constant");
            char c = peek();
            advance(1);
            if (c == '\\') {
                if (at_eof() || peek() == '\n') return error("unterminated character constant");
                advance(1);
            } else if (c == '\'') {
                break;
            }
        }
        emit(Tok::CharConstant);
        return true;
    }
};

}  // namespace

std::vector<Token> lex(std::string_view text) {
    return Lexer(text).run();
}

}  // namespace tug::cli::output::tmpl
