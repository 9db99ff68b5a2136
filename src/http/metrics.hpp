#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace wakala {
class JobTimings;
}  // namespace wakala

namespace wakala::http {

struct Gauge {
  std::string name;
  std::string help;
  double value = 0;
};

// Request counts by route and status, a latency histogram per route, and
// gauges supplied by the application (database pool use), and the background
// jobs' timings, rendered in the Prometheus text format.
class Metrics {
 public:
  static constexpr std::array<double, 12> kBucketsSeconds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

  void Record(const std::string& method, const std::string& route, int status,
              std::chrono::steady_clock::duration elapsed);
  void SetGaugeSource(std::function<std::vector<Gauge>()> source) { gauge_source_ = std::move(source); }
  // Rendered with the rest; it must outlive the metrics.
  void SetJobTimings(const JobTimings* timings) { job_timings_ = timings; }
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  std::string Render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::atomic<std::int64_t> open_connections_{0};
  std::function<std::vector<Gauge>()> gauge_source_;
  const JobTimings* job_timings_ = nullptr;
};

}  // namespace wakala::http
