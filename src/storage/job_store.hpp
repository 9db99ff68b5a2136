#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// One run of a scheduled job, as recorded in job_runs.
struct JobRun {
  std::string job;
  Timestamp due_at{};  // the due time the run was claimed for
  std::string holder;  // the process that ran it
  Timestamp started_at{};
  Timestamp finished_at{};
  std::string outcome;  // "ok" or "error"
  std::string detail;   // the error message, for "error"
  long long attempts = 1;
};

// The runs of scheduled jobs (SQL of both engines). Runs inside a transaction
// opened by Database.
class JobStore {
 public:
  explicit JobStore(soci::session& session) : session_(session) {}

  // Claims the run (job, due_at) for `holder`: true if this call took it —
  // there was no run yet, or the last attempt failed. False if another claim
  // holds it (a run that succeeded, or one in a transaction not yet ended,
  // which this call waits for). The claim is recorded as a successful run;
  // write it in the transaction that does the run's work, so that it commits
  // only with that work.
  bool Claim(const std::string& job, Timestamp due_at, const std::string& holder, Timestamp started_at);
  // Sets the finishing time of a run this transaction claimed.
  void Finish(const std::string& job, Timestamp due_at, Timestamp finished_at);
  // Records a failed attempt (after the run's own transaction rolled back).
  // Never overwrites a run that succeeded.
  void RecordFailure(const JobRun& run);
  // The latest runs, most recently started first.
  std::vector<JobRun> Recent(int limit);

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
