#include "core/job_timings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace wakala {
namespace {

using std::chrono::milliseconds;

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(JobTimingsTest, NothingIsRenderedBeforeTheFirstRun) {
  const JobTimings timings;
  EXPECT_EQ(timings.Render(), "");
}

TEST(JobTimingsTest, RunsAreCountedByOutcomeAndTimedInBuckets) {
  JobTimings timings;
  const Timestamp first = FromUnixSeconds(1'800'000'000);
  timings.Record("engine-advance", true, milliseconds(3), first);
  timings.Record("engine-advance", true, milliseconds(700), first + std::chrono::seconds(60));
  timings.Record("engine-advance", false, milliseconds(20), first + std::chrono::seconds(120));
  timings.Record("email", true, milliseconds(0), first);
  const std::string text = timings.Render();

  EXPECT_TRUE(Has(text, "wakala_job_runs_total{job=\"engine-advance\",outcome=\"ok\"} 2")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_runs_total{job=\"engine-advance\",outcome=\"error\"} 1")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_runs_total{job=\"email\",outcome=\"error\"} 0")) << text;
  // Cumulative buckets: 3 ms is under 5 ms, 20 ms under 50 ms, 700 ms under 1 s.
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"0.001\"} 0")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"0.005\"} 1")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"0.05\"} 2")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"0.5\"} 2")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"1\"} 3")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_bucket{job=\"engine-advance\",le=\"+Inf\"} 3")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_duration_seconds_count{job=\"engine-advance\"} 3")) << text;
  // 0.723 s, give or take the last bit of a double sum.
  EXPECT_NE(text.find("wakala_job_duration_seconds_sum{job=\"engine-advance\"} 0.72"), std::string::npos)
      << text;
  // The latest run's time, and the latest success (the failure after it does not move it).
  EXPECT_TRUE(Has(text, "wakala_job_last_duration_seconds{job=\"engine-advance\"} 0.02")) << text;
  EXPECT_TRUE(Has(text, "wakala_job_last_success_timestamp_seconds{job=\"engine-advance\"} 1800000060"))
      << text;
  EXPECT_TRUE(Has(text, "# TYPE wakala_job_duration_seconds histogram")) << text;
}

TEST(JobTimingsTest, AJobThatNeverSucceededHasNoLastSuccess) {
  JobTimings timings;
  timings.Record("mpesa", false, milliseconds(5), FromUnixSeconds(1'800'000'000));
  EXPECT_TRUE(Has(timings.Render(), "wakala_job_last_success_timestamp_seconds{job=\"mpesa\"} 0"));
}

TEST(JobTimingsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(PrometheusLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  JobTimings timings;
  timings.Record("odd\"name", true, milliseconds(1), FromUnixSeconds(0));
  EXPECT_NE(timings.Render().find("job=\"odd\\\"name\""), std::string::npos);
}

}  // namespace
}  // namespace wakala
