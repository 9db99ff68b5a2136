#include "core/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/calendar.hpp"

namespace wakala {

std::string FormatRfc3339(Timestamp t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

namespace {

Result<Timestamp> ReadTimeFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return Fail(Error::Invalid("clock file " + path + ": cannot read it"));
  std::ostringstream content;
  content << file.rdbuf();
  std::string text = content.str();
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  text.erase(0, text.find_first_not_of(" \t\r\n"));
  auto parsed = ParseRfc3339Timestamp(text);
  if (!parsed) return Fail(Error::Invalid("clock file " + path + ": " + parsed.error().message));
  return parsed;
}

}  // namespace

Result<std::unique_ptr<FileClock>> FileClock::Open(std::string path) {
  auto first = ReadTimeFile(path);
  if (!first) return Fail(first.error());
  return std::unique_ptr<FileClock>(new FileClock(std::move(path), *first));
}

Timestamp FileClock::Now() const {
  auto read = ReadTimeFile(path_);
  std::lock_guard lock(mutex_);
  if (read) last_ = *read;
  return last_;
}

Result<std::unique_ptr<Clock>> MakeClock(const std::string& spec) {
  if (spec == "system") return std::unique_ptr<Clock>(std::make_unique<SystemClock>());
  if (spec.starts_with("file:") && spec.size() > 5) {
    auto clock = FileClock::Open(spec.substr(5));
    if (!clock) return Fail(clock.error());
    return std::unique_ptr<Clock>(std::move(*clock));
  }
  return Fail(Error::Invalid("clock must be \"system\" or \"file:PATH\", not \"" + spec + "\""));
}

}  // namespace wakala
