#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.hpp"

namespace wakala {

// A Prometheus label value: backslash, quote and newline escaped.
std::string PrometheusLabel(const std::string& value);

// How long each background job's runs take and how they end, for /metrics:
// the scheduler's engine advance and its tasks, email delivery, M-Pesa
// payouts. A job that stops succeeding shows as a last-success time that no
// longer moves; one that slows down as a histogram that shifts right.
// Thread-safe; the workers record, the metrics page renders.
class JobTimings {
 public:
  // Jobs run from milliseconds (an empty outbox) to a minute (a catch-up step
  // on a large history).
  static constexpr std::array<double, 12> kBucketsSeconds{0.001, 0.005, 0.01, 0.05, 0.1,  0.25,
                                                          0.5,   1.0,   2.5,  5.0,  15.0, 60.0};

  void Record(const std::string& job, bool succeeded, std::chrono::steady_clock::duration elapsed,
              Timestamp finished_at);
  // The Prometheus text of every job recorded so far (nothing before the first run).
  std::string Render() const;

 private:
  struct Job {
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    std::uint64_t succeeded = 0, failed = 0;
    double seconds = 0, last_seconds = 0;
    std::int64_t last_success_unix = 0;  // 0 until one succeeds
  };
  mutable std::mutex mutex_;
  std::map<std::string, Job> jobs_;
};

}  // namespace wakala
