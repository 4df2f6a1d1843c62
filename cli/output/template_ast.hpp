// Internals of the Go text/template subset: tokens, the parse tree, and the entry points
// of the lexer, parser and evaluator (template.hpp is the public face).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::cli::output::tmpl {

enum class Tok {
    Error,
    EOF_,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Field,
    Variable,
    Identifier,
    String,
    RawString,
    Char,
    CharConstant,
    Number,
    Bool,
    Nil,
    Dot,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    // keywords
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
};

struct Token {
    Tok type;
    std::string val;
    int pos;   // byte offset in the template text
    int line;  // 1-based
};

// Lexes the whole template; the last token is EOF_ or Error (whose val is the message).
std::vector<Token> lex(std::string_view text);

enum class NodeKind {
    List,
    Text,
    Action,
    If,
    Range,
    With,
    Break,
    Continue,
    End,
    Else,  // structure
    Pipe,
    Command,  // pipelines
    Field,
    Variable,
    Chain,
    Identifier,
    Dot,
    Nil,
    Bool,
    Number,
    String,
};

struct Node {
    NodeKind kind;
    int pos = 0;
    int line = 0;
    std::string text;                 // Text; String value; Identifier name; Number text
    std::string quoted;               // String as written
    std::vector<std::string> idents;  // Field / Variable ("$x" first) / Chain field names
    nlohmann::json constant;          // Number / Bool value
    std::vector<std::unique_ptr<Node>> children;  // List items, Command args, Pipe commands
    std::unique_ptr<Node> pipe;                   // Action / If / Range / With
    std::unique_ptr<Node> list;                   // If / Range / With body
    std::unique_ptr<Node> else_list;              // If / Range / With
    std::unique_ptr<Node> operand;                // Chain: the node the fields apply to
    std::vector<std::string> decl;                // Pipe: declared or assigned variables
    bool is_assign = false;                       // Pipe: "=" rather than ":="

    std::string str() const;  // Go's Node.String(), for error context
};

// Throws ParseError (message in Go's form "template: :LINE: ...").
struct ParseError {
    std::string message;
};
std::unique_ptr<Node> parse(std::string_view text);

// Whether name is a function known to templates.
bool has_function(std::string_view name);

struct ExecError {
    std::string message;
};

}  // namespace tug::cli::output::tmpl
