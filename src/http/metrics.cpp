#include "http/metrics.hpp"

#include <fmt/format.h>

#include "core/job_timings.hpp"

namespace wakala::http {

void Metrics::Record(const std::string& method, const std::string& route, int status,
                     std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& histogram = latency_[route];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      ++histogram.buckets[i];
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP wakala_http_requests_total HTTP requests answered, by method, route and status.\n";
  out += "# TYPE wakala_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("wakala_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       PrometheusLabel(method), PrometheusLabel(route), status, count);
  }
  out += "# HELP wakala_http_request_duration_seconds Time from a parsed request to its response.\n";
  out += "# TYPE wakala_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out += fmt::format("wakala_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         PrometheusLabel(route), kBucketsSeconds[i], histogram.buckets[i]);
    }
    out += fmt::format("wakala_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       PrometheusLabel(route), histogram.count);
    out += fmt::format("wakala_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                       PrometheusLabel(route), histogram.sum);
    out += fmt::format("wakala_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       PrometheusLabel(route), histogram.count);
  }
  out += "# HELP wakala_http_open_connections Client connections open now.\n";
  out += "# TYPE wakala_http_open_connections gauge\n";
  out += fmt::format("wakala_http_open_connections {}\n", open_connections_.load());
  if (job_timings_ != nullptr) out += job_timings_->Render();
  if (gauge_source_) {
    for (const auto& gauge : gauge_source_()) {
      out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", gauge.name, gauge.help, gauge.name,
                         gauge.name, gauge.value);
    }
  }
  return out;
}

}  // namespace wakala::http
