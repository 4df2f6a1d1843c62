// The template evaluator, after Go's text/template/exec.go: walks the tree over JSON
// data, with Go's variable scoping, range/with/if semantics and error messages.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>

#include "cli/output/go_value.hpp"
#include "cli/output/template.hpp"
#include "cli/output/template_ast.hpp"
#include "cli/output/template_exec.hpp"
#include "engine/base/error.hpp"

namespace tug::cli::output {

using nlohmann::json;
using tmpl::Node;
using tmpl::NodeKind;
using tmpl::Value;

namespace {

struct BreakSignal {};
struct ContinueSignal {};

// Bounds the work of one execution so that no template can run away ({{range 1e15}}).
constexpr long kMaxSteps = 10'000'000;
constexpr size_t kMaxOutput = 256u << 20;

using Args = std::vector<const Node*>;

class State {
  public:
    State(std::string_view text, bool header_mode) : text_(text), header_mode_(header_mode) {}

    std::string out;

    void run(const Value& dot, const Node& root) {
        vars_.push_back({"$", dot});
        walk(dot, root);
    }

  private:
    std::string_view text_;
    bool header_mode_;
    const Node* at_ = nullptr;
    long steps_ = 0;
    std::vector<std::pair<std::string, Value>> vars_;

    void at(const Node* n) { at_ = n; }

    [[noreturn]] void errorf(const std::string& msg) const {
        if (!at_) throw tmpl::ExecError{"template: : " + msg};
        auto pos = static_cast<size_t>(at_->pos);
        auto before = text_.substr(0, std::min(pos, text_.size()));
        size_t nl = before.rfind('\n');
        size_t col = nl == std::string_view::npos ? pos : pos - nl - 1;
        long line = 1 + std::count(before.begin(), before.end(), '\n');
        throw tmpl::ExecError{"template: :" + std::to_string(line) + ":" + std::to_string(col) +
                              ": executing \"\" at <" + at_->str() + ">: " + msg};
    }

    void step() {
        if (++steps_ > kMaxSteps || out.size() > kMaxOutput)
            errorf("template execution exceeds limits");
    }

    void set_var(const std::string& name, const Value& v) {
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
            if (it->first == name) {
                it->second = v;
                return;
            }
        }
        errorf("undefined variable: " + name);
    }
    const Value& var_value(const std::string& name) {
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
            if (it->first == name) return it->second;
        errorf("undefined variable: " + name);
    }

    void walk(const Value& dot, const Node& n) {
        step();
        switch (n.kind) {
            case NodeKind::Action: {
                Value v = eval_pipeline(dot, *n.pipe);
                if (n.pipe->decl.empty()) out += v.missing ? "<no value>" : go_print(v.v());
                return;
            }
            case NodeKind::Break:
                throw BreakSignal{};
            case NodeKind::Continue:
                throw ContinueSignal{};
            case NodeKind::If:
            case NodeKind::With: {
                size_t mark = vars_.size();
                Value v = eval_pipeline(dot, *n.pipe);
                if (!v.missing && go_truth(v.v())) {
                    walk(n.kind == NodeKind::With ? v : dot, *n.list);
                } else if (n.else_list) {
                    walk(dot, *n.else_list);
                }
                vars_.resize(mark);
                return;
            }
            case NodeKind::List:
                for (const auto& c : n.children)
                    walk(dot, *c);
                return;
            case NodeKind::Range:
                walk_range(dot, n);
                return;
            case NodeKind::Text:
                out += n.text;
                return;
            default:
                at(&n);
                errorf("unknown node: " + n.str());
        }
    }

    void walk_range(const Value& dot, const Node& r) {
        at(&r);
        size_t outer = vars_.size();
        Value val = eval_pipeline(dot, *r.pipe);
        size_t mark = vars_.size();
        const auto& decl = r.pipe->decl;
        auto one = [&](const json& index, const Value& elem) {
            if (!decl.empty()) {
                if (r.pipe->is_assign)
                    set_var(decl[0], decl.size() > 1 ? Value{index} : elem);
                else
                    vars_[mark - 1].second = elem;
            }
            if (decl.size() > 1) {
                if (r.pipe->is_assign)
                    set_var(decl[1], elem);
                else
                    vars_[mark - 2].second = Value{index};
            }
            try {
                walk(elem, *r.list);
            } catch (const ContinueSignal&) {
            }
            vars_.resize(mark);
        };
        bool ran = false;
        try {
            if (val.missing || val.v().is_null()) {
                // nothing to iterate: the else branch
            } else if (val.v().is_array()) {
                for (size_t i = 0; i < val.v().size(); ++i, ran = true)
                    one(json(i), val.member(val.v()[i]));
            } else if (val.v().is_object()) {
                for (const auto& [k, e] : val.v().items()) {
                    ran = true;
                    one(json(k), val.member(e));
                }
            } else if (val.v().is_number_integer()) {
                if (decl.size() > 1)
                    errorf("can't use " + go_print(val.v()) +
                           " to iterate over more than one variable");
                int64_t n = val.v().is_number_unsigned() && val.v().get<uint64_t>() > INT64_MAX
                                ? INT64_MAX
                                : val.v().get<int64_t>();
                for (int64_t i = 0; i < n; ++i, ran = true)
                    one(json(i), Value{json(i)});
            } else {
                errorf("range can't iterate over " + go_print(val.v()));
            }
        } catch (const BreakSignal&) {
            vars_.resize(outer);
            return;
        }
        if (!ran && r.else_list) walk(dot, *r.else_list);
        vars_.resize(outer);
    }

    Value eval_pipeline(const Value& dot, const Node& pipe) {
        at(&pipe);
        std::optional<Value> final;
        Value value;
        for (const auto& cmd : pipe.children) {
            value = eval_command(dot, *cmd, final);
            final = value;
        }
        for (const auto& name : pipe.decl) {
            if (pipe.is_assign)
                set_var(name, value);
            else
                vars_.push_back({name, value});
        }
        return value;
    }

    void not_a_function(const Args& args, const std::optional<Value>& final) {
        if (args.size() > 1 || final)
            errorf("can't give argument to non-function " + args[0]->str());
    }

    static Args args_of(const Node& cmd) {
        Args a;
        for (const auto& c : cmd.children)
            a.push_back(c.get());
        return a;
    }

    Value eval_command(const Value& dot, const Node& cmd, const std::optional<Value>& final) {
        step();
        const Node& first = *cmd.children[0];
        Args args = args_of(cmd);
        switch (first.kind) {
            case NodeKind::Field:
                return eval_field_node(dot, first, args, final);
            case NodeKind::Chain:
                return eval_chain_node(dot, first, args, final);
            case NodeKind::Identifier:
                return eval_function(dot, first, cmd, args, final);
            case NodeKind::Pipe:
                not_a_function(args, final);
                return eval_pipeline(dot, first);
            case NodeKind::Variable:
                return eval_variable_node(dot, first, args, final);
            default:
                break;
        }
        at(&first);
        not_a_function(args, final);
        switch (first.kind) {
            case NodeKind::Bool:
            case NodeKind::Number:
                return Value{first.constant};
            case NodeKind::Dot:
                return dot;
            case NodeKind::Nil:
                errorf("nil is not a command");
            case NodeKind::String:
                return Value{first.text};
            default:
                errorf("can't evaluate command " + first.str());
        }
    }

    Value eval_field_node(const Value& dot, const Node& field, const Args& args,
                          const std::optional<Value>& final) {
        at(&field);
        return eval_field_chain(dot, field.idents, 0, args, final);
    }

    Value eval_chain_node(const Value& dot, const Node& chain, const Args& args,
                          const std::optional<Value>& final) {
        Value v = eval_arg(dot, *chain.operand);
        at(&chain);
        return eval_field_chain(v, chain.idents, 0, args, final);
    }

    Value eval_variable_node(const Value& dot, const Node& var, const Args& args,
                             const std::optional<Value>& final) {
        at(&var);
        Value v = var_value(var.idents[0]);
        if (var.idents.size() == 1) {
            not_a_function(args, final);
            return v;
        }
        (void)dot;
        return eval_field_chain(v, var.idents, 1, args, final);
    }

    Value eval_field_chain(Value receiver, const std::vector<std::string>& idents, size_t from,
                           const Args& args, const std::optional<Value>& final) {
        for (size_t i = from; i < idents.size(); ++i) {
            bool last = i + 1 == idents.size();
            receiver = eval_field(idents[i], receiver, last && (args.size() > 1 || final));
        }
        return receiver;
    }

    Value eval_field(const std::string& name, const Value& receiver, bool has_args) {
        if (receiver.missing) return receiver;
        const json& r = receiver.v();
        if (r.is_object()) {
            if (has_args) errorf(name + " is not a method but has arguments");
            auto it = r.find(name);
            if (it == r.end()) return Value{json(), true};
            return receiver.member(*it);
        }
        if (r.is_null()) errorf("nil pointer evaluating interface {}." + name);
        errorf("can't evaluate field " + name + " in type " + go_type_name(r));
    }

    Value eval_arg(const Value& dot, const Node& n) {
        at(&n);
        Args self{&n};
        switch (n.kind) {
            case NodeKind::Bool:
            case NodeKind::Number:
                return Value{n.constant};
            case NodeKind::Dot:
                return dot;
            case NodeKind::Field:
                return eval_field_node(dot, n, self, std::nullopt);
            case NodeKind::Identifier:
                return eval_function(dot, n, n, self, std::nullopt);
            case NodeKind::Nil:
                return Value{json()};
            case NodeKind::String:
                return Value{n.text};
            case NodeKind::Variable:
                return eval_variable_node(dot, n, self, std::nullopt);
            case NodeKind::Pipe:
                return eval_pipeline(dot, n);
            case NodeKind::Chain:
                return eval_chain_node(dot, n, self, std::nullopt);
            default:
                errorf("can't handle " + n.str() + " for arg");
        }
    }

    Value eval_function(const Value& dot, const Node& ident, const Node& cmd, const Args& args,
                        const std::optional<Value>& final) {
        at(&ident);
        const std::string& name = ident.text;
        const auto& table = tmpl::functions();
        auto it = table.find(name);
        if (it == table.end()) errorf("\"" + name + "\" is not a defined function");
        const tmpl::FunctionSpec& spec = it->second;
        int given = static_cast<int>(args.size()) - 1 + (final ? 1 : 0);
        if (spec.max_args < 0 && given < spec.min_args) {
            errorf("wrong number of args for " + name + ": want at least " +
                   std::to_string(spec.min_args) + " got " + std::to_string(given));
        }
        if (spec.max_args >= 0 && (given < spec.min_args || given > spec.max_args)) {
            errorf("wrong number of args for " + name + ": want " + std::to_string(spec.max_args) +
                   " got " + std::to_string(given));
        }
        if (!spec.fn) {  // and / or: stop at the first value that decides the result
            bool is_or = name == "or";
            Value v;
            for (size_t i = 1; i < args.size(); ++i) {
                v = eval_arg(dot, *args[i]);
                if ((!v.missing && go_truth(v.v())) == is_or) return v;
            }
            if (final) v = *final;
            return v;
        }
        std::vector<Value> argv;
        for (size_t i = 1; i < args.size(); ++i)
            argv.push_back(eval_arg(dot, *args[i]));
        if (final) argv.push_back(*final);
        static const std::set<std::string, std::less<>> header_identity = {
            "json", "split", "join", "title", "lower", "upper", "truncate"};
        if (header_mode_ && header_identity.count(name) && !argv.empty() && argv[0].v().is_string())
            return argv[0];
        try {
            return spec.fn(argv);
        } catch (const tmpl::CallError& e) {
            at(&cmd);
            errorf("error calling " + name + ": " + e.message);
        } catch (const tmpl::ArgError& e) {
            // Go names the offending argument; a piped-in final value has no node
            at(e.index + 1 < args.size() ? args[e.index + 1] : &cmd);
            errorf(e.message);
        }
    }
};

}  // namespace

Template Template::parse(std::string_view text) {
    Template t;
    t.text_ = std::string(text);
    try {
        t.root_ = tmpl::parse(t.text_);
    } catch (const tmpl::ParseError& e) {
        throw Error(Errc::InvalidArgument, e.message);
    }
    return t;
}

std::string Template::execute(const json& data, bool header_mode) const {
    State st(text_, header_mode);
    try {
        st.run(Value::borrowed(data), *root_);
    } catch (const tmpl::ExecError& e) {
        throw Error(Errc::InvalidArgument, e.message);
    }
    return std::move(st.out);
}

std::string Template::execute_partial(const json& data, bool header_mode) const {
    State st(text_, header_mode);
    try {
        st.run(Value::borrowed(data), *root_);
    } catch (const tmpl::ExecError&) {
    }
    return std::move(st.out);
}

namespace {

// Calls f on every node of the tree below n, n included.
template <typename F>
void for_each_node(const Node* n, const F& f) {
    if (!n) return;
    f(*n);
    for (const auto& c : n->children)
        for_each_node(c.get(), f);
    for_each_node(n->pipe.get(), f);
    for_each_node(n->list.get(), f);
    for_each_node(n->else_list.get(), f);
    for_each_node(n->operand.get(), f);
}

}  // namespace

std::set<std::string> Template::fields() const {
    std::set<std::string> out;
    for_each_node(root_.get(), [&](const Node& n) {
        if (n.kind == NodeKind::Field && !n.idents.empty()) out.insert(n.idents[0]);
    });
    return out;
}

std::optional<std::set<std::string>> Template::fields_read() const {
    bool whole = false;
    for_each_node(root_.get(), [&](const Node& n) {
        if (n.kind == NodeKind::Dot || n.kind == NodeKind::Variable) whole = true;
    });
    if (whole) return std::nullopt;
    return fields();
}

}  // namespace tug::cli::output
