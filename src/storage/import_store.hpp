#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace wakala::storage {

// How far one `wakala import` run got (import_runs). Times are Unix seconds.
struct ImportRun {
  std::string id;
  std::string source;         // the file as it was named
  long long lines_done = 0;   // the file's first lines_done lines are in the store
  std::string prefix_sha256;  // of those lines, each with its newline
  long long events_read = 0;  // of those lines, the events (applied, or retries already in)
  long long started_at = 0, updated_at = 0;
  std::optional<long long> finished_at;  // the whole file was read
};

// The import runs (SQL of both engines). Runs inside a transaction opened by
// Database; write a run's progress in the transaction of the events it counts.
class ImportRunStore {
 public:
  explicit ImportRunStore(soci::session& session) : session_(session) {}

  // Every run, oldest first (one row per import ever made: few).
  std::vector<ImportRun> All();
  void Insert(const ImportRun& run);
  // Moves a run on from `lines_before`: false, and nothing written, when the
  // row is no longer there (another import moved it on meanwhile).
  bool Advance(const ImportRun& run, long long lines_before);

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
