#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

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

}  // namespace wakala
