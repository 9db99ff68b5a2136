#include "storage/import_store.hpp"

#include <soci/soci.h>

namespace wakala::storage {

namespace sql {
constexpr const char* kAll =
    "SELECT id, source, lines_done, prefix_sha256, events_read, started_at, updated_at,"
    " finished_at FROM import_runs ORDER BY started_at, id";
constexpr const char* kInsert =
    "INSERT INTO import_runs (id, source, lines_done, prefix_sha256, events_read,"
    " started_at, updated_at, finished_at) VALUES (:id, :source, :lines_done, :prefix, :events_read,"
    " :started_at, :updated_at, :finished_at)";
constexpr const char* kAdvance =
    "UPDATE import_runs SET source = :source, lines_done = :lines_done, prefix_sha256 = :prefix,"
    " events_read = :events_read, updated_at = :updated_at,"
    " finished_at = :finished_at WHERE id = :id AND lines_done = :lines_before";
}  // namespace sql

std::vector<ImportRun> ImportRunStore::All() {
  ImportRun row;
  long long finished_at = 0;
  soci::indicator finished_indicator = soci::i_null;
  soci::statement statement =
      (session_.prepare << sql::kAll, soci::into(row.id), soci::into(row.source), soci::into(row.lines_done),
       soci::into(row.prefix_sha256), soci::into(row.events_read), soci::into(row.started_at),
       soci::into(row.updated_at), soci::into(finished_at, finished_indicator));
  statement.execute();
  std::vector<ImportRun> runs;
  while (statement.fetch()) {
    row.finished_at = finished_indicator == soci::i_ok ? std::optional(finished_at) : std::nullopt;
    runs.push_back(row);
  }
  return runs;
}

void ImportRunStore::Insert(const ImportRun& run) {
  const long long finished_at = run.finished_at.value_or(0);
  soci::indicator finished_indicator = run.finished_at ? soci::i_ok : soci::i_null;
  session_ << sql::kInsert, soci::use(run.id), soci::use(run.source), soci::use(run.lines_done),
      soci::use(run.prefix_sha256), soci::use(run.events_read), soci::use(run.started_at),
      soci::use(run.updated_at), soci::use(finished_at, finished_indicator);
}

bool ImportRunStore::Advance(const ImportRun& run, long long lines_before) {
  const long long finished_at = run.finished_at.value_or(0);
  soci::indicator finished_indicator = run.finished_at ? soci::i_ok : soci::i_null;
  soci::statement statement =
      (session_.prepare << sql::kAdvance, soci::use(run.source), soci::use(run.lines_done),
       soci::use(run.prefix_sha256), soci::use(run.events_read), soci::use(run.updated_at),
       soci::use(finished_at, finished_indicator), soci::use(run.id), soci::use(lines_before));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

}  // namespace wakala::storage
