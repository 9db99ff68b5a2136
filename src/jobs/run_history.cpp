#include "jobs/run_history.hpp"

#include "storage/database.hpp"
#include "storage/job_store.hpp"

namespace wakala::jobs {

Result<JobsReport> RunHistory::Latest(int limit) {
  JobsReport report;
  auto read = database_.Read([&](soci::session& session) -> Result<void> {
    for (auto& run : storage::JobStore(session).Recent(limit)) {
      report.runs.push_back(JobRunReport{std::move(run.job), run.due_at, std::move(run.holder),
                                         run.started_at, run.finished_at, std::move(run.outcome),
                                         std::move(run.detail), run.attempts});
    }
    return {};
  });
  if (!read) return Fail(read.error());
  engine_.Read([&](const engine::Engine& engine) {
    report.engine_clock = engine.clock();
    report.next_due = engine.NextDue();
  });
  return report;
}

}  // namespace wakala::jobs
