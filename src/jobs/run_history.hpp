#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "engine/journal_port.hpp"

namespace wakala::storage {
class Database;
}  // namespace wakala::storage

namespace wakala::jobs {

// One run of a scheduled job, as GET /api/v1/jobs shows it.
struct JobRunReport {
  std::string job;
  Timestamp due_at{};
  std::string holder;  // the process that ran it
  Timestamp started_at{}, finished_at{};
  std::string outcome, detail;  // "ok" or "error" (with the message)
  long long attempts = 1;
};

// The latest runs, and where this process's engine stands.
struct JobsReport {
  std::vector<JobRunReport> runs;
  std::optional<Timestamp> engine_clock;  // the engine's time (none while its log is empty)
  std::optional<Timestamp> next_due;      // when scheduled work is next due
};

// What the scheduler did, for staff: the job_runs table and the engine's clock.
class RunHistory {
 public:
  RunHistory(storage::Database& database, engine::EngineReader& engine)
      : database_(database), engine_(engine) {}

  Result<JobsReport> Latest(int limit);

 private:
  storage::Database& database_;
  engine::EngineReader& engine_;
};

}  // namespace wakala::jobs
