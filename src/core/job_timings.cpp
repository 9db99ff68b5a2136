#include "core/job_timings.hpp"

#include <fmt/format.h>

namespace wakala {

std::string PrometheusLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void JobTimings::Record(const std::string& job, bool succeeded, std::chrono::steady_clock::duration elapsed,
                        Timestamp finished_at) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  Job& entry = jobs_[job];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++entry.buckets[i];
  }
  ++(succeeded ? entry.succeeded : entry.failed);
  entry.seconds += seconds;
  entry.last_seconds = seconds;
  if (succeeded) entry.last_success_unix = ToUnixSeconds(finished_at);
}

std::string JobTimings::Render() const {
  std::lock_guard lock(mutex_);
  if (jobs_.empty()) return {};
  std::string out;
  out += "# HELP wakala_job_runs_total Runs of a background job in this process, by outcome.\n";
  out += "# TYPE wakala_job_runs_total counter\n";
  for (const auto& [name, job] : jobs_) {
    const std::string label = PrometheusLabel(name);
    out += fmt::format("wakala_job_runs_total{{job=\"{}\",outcome=\"ok\"}} {}\n", label, job.succeeded);
    out += fmt::format("wakala_job_runs_total{{job=\"{}\",outcome=\"error\"}} {}\n", label, job.failed);
  }
  out += "# HELP wakala_job_duration_seconds How long a background job's runs took.\n";
  out += "# TYPE wakala_job_duration_seconds histogram\n";
  for (const auto& [name, job] : jobs_) {
    const std::string label = PrometheusLabel(name);
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out += fmt::format("wakala_job_duration_seconds_bucket{{job=\"{}\",le=\"{}\"}} {}\n", label,
                         kBucketsSeconds[i], job.buckets[i]);
    }
    const std::uint64_t runs = job.succeeded + job.failed;
    out += fmt::format("wakala_job_duration_seconds_bucket{{job=\"{}\",le=\"+Inf\"}} {}\n", label, runs);
    out += fmt::format("wakala_job_duration_seconds_sum{{job=\"{}\"}} {}\n", label, job.seconds);
    out += fmt::format("wakala_job_duration_seconds_count{{job=\"{}\"}} {}\n", label, runs);
  }
  out += "# HELP wakala_job_last_duration_seconds How long a background job's latest run took.\n";
  out += "# TYPE wakala_job_last_duration_seconds gauge\n";
  for (const auto& [name, job] : jobs_) {
    out += fmt::format("wakala_job_last_duration_seconds{{job=\"{}\"}} {}\n", PrometheusLabel(name),
                       job.last_seconds);
  }
  out +=
      "# HELP wakala_job_last_success_timestamp_seconds When a background job last succeeded (Unix "
      "time; 0: not yet).\n";
  out += "# TYPE wakala_job_last_success_timestamp_seconds gauge\n";
  for (const auto& [name, job] : jobs_) {
    out += fmt::format("wakala_job_last_success_timestamp_seconds{{job=\"{}\"}} {}\n", PrometheusLabel(name),
                       job.last_success_unix);
  }
  return out;
}

}  // namespace wakala
