#include "storage/job_store.hpp"

#include <soci/soci.h>

namespace wakala::storage {

namespace sql {
// ON CONFLICT … DO UPDATE … WHERE: SQLite 3.24+ and PostgreSQL 9.5+ alike. A
// row that already succeeded is left alone and the statement changes no row.
constexpr const char* kClaim =
    "INSERT INTO job_runs (job, due_at, holder, started_at, finished_at, outcome, detail, attempts)"
    " VALUES (:job, :due_at, :holder, :started_at, :finished_at, 'ok', '', 1)"
    " ON CONFLICT (job, due_at) DO UPDATE SET holder = excluded.holder, started_at = excluded.started_at,"
    " finished_at = excluded.finished_at, outcome = 'ok', detail = '', attempts = job_runs.attempts + 1"
    " WHERE job_runs.outcome = 'error'";
constexpr const char* kFinish =
    "UPDATE job_runs SET finished_at = :finished_at WHERE job = :job AND due_at = :due_at";
constexpr const char* kRecordFailure =
    "INSERT INTO job_runs (job, due_at, holder, started_at, finished_at, outcome, detail, attempts)"
    " VALUES (:job, :due_at, :holder, :started_at, :finished_at, 'error', :detail, 1)"
    " ON CONFLICT (job, due_at) DO UPDATE SET holder = excluded.holder, started_at = excluded.started_at,"
    " finished_at = excluded.finished_at, detail = excluded.detail, attempts = job_runs.attempts + 1"
    " WHERE job_runs.outcome = 'error'";
constexpr const char* kRecent =
    "SELECT job, due_at, holder, started_at, finished_at, outcome, detail, attempts FROM job_runs"
    " ORDER BY started_at DESC, due_at DESC LIMIT :limit";
}  // namespace sql

bool JobStore::Claim(const std::string& job, Timestamp due_at, const std::string& holder,
                     Timestamp started_at) {
  const long long due = ToUnixSeconds(due_at);
  const long long started = ToUnixSeconds(started_at);
  // Until Finish: a claim is only ever seen committed together with its work.
  const long long finished = started;
  soci::statement statement = (session_.prepare << sql::kClaim, soci::use(job), soci::use(due),
                               soci::use(holder), soci::use(started), soci::use(finished));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

void JobStore::Finish(const std::string& job, Timestamp due_at, Timestamp finished_at) {
  const long long due = ToUnixSeconds(due_at);
  const long long finished = ToUnixSeconds(finished_at);
  session_ << sql::kFinish, soci::use(finished), soci::use(job), soci::use(due);
}

void JobStore::RecordFailure(const JobRun& run) {
  const long long due = ToUnixSeconds(run.due_at);
  const long long started = ToUnixSeconds(run.started_at);
  const long long finished = ToUnixSeconds(run.finished_at);
  session_ << sql::kRecordFailure, soci::use(run.job), soci::use(due), soci::use(run.holder),
      soci::use(started), soci::use(finished), soci::use(run.detail);
}

std::vector<JobRun> JobStore::Recent(int limit) {
  JobRun row;
  long long due = 0;
  long long started = 0;
  long long finished = 0;
  soci::statement statement =
      (session_.prepare << sql::kRecent, soci::into(row.job), soci::into(due), soci::into(row.holder),
       soci::into(started), soci::into(finished), soci::into(row.outcome), soci::into(row.detail),
       soci::into(row.attempts), soci::use(limit));
  statement.execute();
  std::vector<JobRun> runs;
  while (statement.fetch()) {
    row.due_at = FromUnixSeconds(due);
    row.started_at = FromUnixSeconds(started);
    row.finished_at = FromUnixSeconds(finished);
    runs.push_back(row);
  }
  return runs;
}

}  // namespace wakala::storage
