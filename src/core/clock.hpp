#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/error.hpp"

namespace wakala {

// Whole seconds since the Unix epoch, UTC: the resolution every stored time uses.
using Timestamp = std::chrono::sys_seconds;

inline std::int64_t ToUnixSeconds(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp FromUnixSeconds(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

// RFC 3339 in UTC, e.g. "2026-01-05T07:00:00Z".
std::string FormatRfc3339(Timestamp t);

// Injected wherever "now" matters, so the core can run on a simulated clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock tests and the simulator move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(ToUnixSeconds(start)) {}
  Timestamp Now() const override { return FromUnixSeconds(now_.load()); }
  void Set(Timestamp t) { now_.store(ToUnixSeconds(t)); }
  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

// For tests and demos only: the time written in a file (RFC 3339, e.g.
// "2027-01-01T00:00:05+03:00"), read again at every Now(), so that a test can
// move a running server's time past a month or quarter end. If the file
// becomes unreadable or malformed, the last time read stays.
class FileClock final : public Clock {
 public:
  // Fails if the file cannot be read as a time now.
  static Result<std::unique_ptr<FileClock>> Open(std::string path);
  Timestamp Now() const override;

 private:
  FileClock(std::string path, Timestamp first) : path_(std::move(path)), last_(first) {}

  std::string path_;
  mutable std::mutex mutex_;
  mutable Timestamp last_;
};

// The clock `spec` names: "system" or "file:PATH" (FileClock).
Result<std::unique_ptr<Clock>> MakeClock(const std::string& spec);

}  // namespace wakala
