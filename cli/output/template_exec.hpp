// Internals shared by the template evaluator and its function library.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::cli::output::tmpl {

// A value during evaluation. `missing` is Go's invalid reflect.Value: a map key that
// is not there. It prints as "<no value>" and behaves as nil when passed to functions.
struct Value {
    nlohmann::json v;
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
