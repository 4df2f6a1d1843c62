// Internals shared by the template evaluator and its function library.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::cli::output::tmpl {

// A value during evaluation. `missing` is Go's invalid reflect.Value: a map key that
// is not there. It prints as "<no value>" and behaves as nil when passed to functions.
// Values point into the data rather than copy it: a listing runs its template over
// every row, and copying each row and field cost more than the rest of the evaluation.
class Value {
  public:
    // A value of its own (a constant, a function's result).
    Value(nlohmann::json j = nullptr, bool is_missing = false)  // NOLINT: implicit, as a JSON value
        : owner_(std::make_shared<const nlohmann::json>(std::move(j))),
          at_(owner_.get()),
          missing(is_missing) {}
    // The data a template runs over, which the caller keeps alive through the run.
    static Value borrowed(const nlohmann::json& data) {
        Value v;
        v.owner_.reset();
        v.at_ = &data;
        return v;
    }
    // A field or element of this value, kept alive by whatever keeps this one.
    Value member(const nlohmann::json& m) const {
        Value r = *this;
        r.at_ = &m;
        r.missing = false;
        return r;
    }
    const nlohmann::json& v() const { return *at_; }

  private:
    std::shared_ptr<const nlohmann::json> owner_;
    const nlohmann::json* at_;

  public:
    bool missing = false;
};

// Thrown by a function: CallError becomes "error calling NAME: MESSAGE", ArgError is
// reported as is (Go's argument conversion errors).
struct CallError {
    std::string message;
};
struct ArgError {
    std::string message;
    size_t index;  // which argument (0 = the first after the function name)
};

using Function = Value (*)(std::vector<Value>& args);

struct FunctionSpec {
    int min_args;
    int max_args;  // -1: variadic
    Function fn;   // nullptr for and/or, which the evaluator short-circuits
};

const std::map<std::string, FunctionSpec, std::less<>>& functions();

// Go's fmt.Sprintf / Sprint / Sprintln over JSON values (null prints "<nil>").
std::string go_sprintf(const std::string& format, const std::vector<nlohmann::json>& args);
std::string go_sprint(const std::vector<nlohmann::json>& args);
std::string go_sprintln(const std::vector<nlohmann::json>& args);

}  // namespace tug::cli::output::tmpl
