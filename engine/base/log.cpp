// The process-wide log sink.
#include "engine/base/log.hpp"

namespace tug::base {

namespace {
LogSink g_sink;
LogLevel g_min = LogLevel::Warning;
}  // namespace

void set_log_sink(LogSink sink, LogLevel min_level) {
    g_sink = std::move(sink);
    g_min = min_level;
}

bool log_enabled(LogLevel level) { return g_sink && level >= g_min; }

void log(LogLevel level, std::string_view message) {
    if (log_enabled(level)) g_sink(level, message);
}

}  // namespace tug::base
