// Go's Node.String() for the template tree: how a node is named in error messages.
#include "cli/output/template_ast.hpp"

namespace tug::cli::output::tmpl {

namespace {

std::string join_children(const Node& n, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) out += sep;
        const Node& c = *n.children[i];
        out += c.kind == NodeKind::Pipe ? "(" + c.str() + ")" : c.str();
    }
    return out;
}

std::string branch(const Node& n, const char* name) {
    std::string out = std::string("{{") + name + " " + n.pipe->str() + "}}" + n.list->str();
    if (n.else_list) out += "{{else}}" + n.else_list->str();
    return out + "{{end}}";
}

}  // namespace

std::string Node::str() const {
    switch (kind) {
        case NodeKind::List:
            return join_children(*this, "");
        case NodeKind::Text:
            return text;
        case NodeKind::Action:
            return "{{" + pipe->str() + "}}";
        case NodeKind::If:
            return branch(*this, "if");
        case NodeKind::Range:
            return branch(*this, "range");
        case NodeKind::With:
            return branch(*this, "with");
        case NodeKind::Break:
            return "{{break}}";
        case NodeKind::Continue:
            return "{{continue}}";
        case NodeKind::End:
            return "{{end}}";
        case NodeKind::Else:
            return "{{else}}";
        case NodeKind::Pipe: {
            std::string out;
            for (size_t i = 0; i < decl.size(); ++i)
                out += (i ? ", " : "") + decl[i];
            if (!decl.empty()) out += is_assign ? " = " : " := ";
            return out + join_children(*this, " | ");
        }
        case NodeKind::Command:
            return join_children(*this, " ");
        case NodeKind::Field: {
            std::string out;
            for (const auto& f : idents)
                out += "." + f;
            return out;
        }
        case NodeKind::Variable: {
            std::string out;
            for (size_t i = 0; i < idents.size(); ++i)
                out += (i ? "." : "") + idents[i];
            return out;
        }
        case NodeKind::Chain: {
            std::string out =
                operand->kind == NodeKind::Pipe ? "(" + operand->str() + ")" : operand->str();
            for (const auto& f : idents)
                out += "." + f;
            return out;
        }
        case NodeKind::Identifier:
            return text;
        case NodeKind::Dot:
            return ".";
        case NodeKind::Nil:
            return "nil";
        case NodeKind::Bool:
            return constant.get<bool>() ? "true" : "false";
        case NodeKind::Number:
            return text;
        case NodeKind::String:
            return quoted;
    }
    return "";
}

}  // namespace tug::cli::output::tmpl
