// Debug and warning messages from the engine. The engine never prints: the CLI (or
// serve-cri) installs a sink; without one, messages are dropped.
#pragma once

#include <functional>
#include <string_view>

namespace tug::base {

enum class LogLevel { Debug, Info, Warning, Error };

using LogSink = std::function<void(LogLevel, std::string_view)>;

void set_log_sink(LogSink sink, LogLevel min_level);
bool log_enabled(LogLevel level);
void log(LogLevel level, std::string_view message);

inline void log_debug(std::string_view m) { log(LogLevel::Debug, m); }
inline void log_warning(std::string_view m) { log(LogLevel::Warning, m); }

}  // namespace tug::base
