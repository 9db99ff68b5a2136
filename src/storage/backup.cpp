#include "storage/backup.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <memory>
#include <system_error>

namespace wakala::storage {

namespace {

using sqlite_api::sqlite3;

struct CloseSqlite {
  void operator()(sqlite3* db) const { sqlite_api::sqlite3_close(db); }
};

}  // namespace

Result<BackupFigures> BackupSqlite(Database& source, const std::string& destination) {
  if (source.engine() != Engine::kSqlite) {
    return Fail(
        Error::Invalid("backup: the store is PostgreSQL; back it up with pg_dump "
                       "(docs/operations.md, \"Backups and restores\")"));
  }
  std::error_code ec;
  if (std::filesystem::exists(destination, ec)) {
    return Fail(Error::Conflict(fmt::format("backup: {} exists; give a new file", destination)));
  }
  const std::string& partial = destination;
  BackupFigures figures;
  auto copied = source.Read([&](soci::session& session) -> Result<void> {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    sqlite3* raw = nullptr;
    const int opened = sqlite_api::sqlite3_open_v2(partial.c_str(), &raw,
                                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, CloseSqlite> target(raw);
    if (opened != SQLITE_OK) {
      return Fail(
          Error::Invalid(fmt::format("backup: cannot create {}: {}", partial,
                                     raw != nullptr ? sqlite_api::sqlite3_errmsg(raw) : "no memory")));
    }
    auto* backup = sqlite_api::sqlite3_backup_init(target.get(), "main", backend->conn_, "main");
    if (backup == nullptr) {
      return Fail(
          Error::Internal(fmt::format("backup: cannot start: {}", sqlite_api::sqlite3_errmsg(target.get()))));
    }
    // -1: every page in one step, so in one snapshot of the source.
    const int stepped = sqlite_api::sqlite3_backup_step(backup, -1);
    figures.pages = sqlite_api::sqlite3_backup_pagecount(backup);
    const int finished = sqlite_api::sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
      return Fail(Error::Unavailable(
          fmt::format("backup: copying failed ({}): {}", stepped, sqlite_api::sqlite3_errmsg(target.get()))));
    }
    return {};
  });
  if (!copied) {
    std::filesystem::remove(partial, ec);
    return Fail(copied.error());
  }
  figures.bytes = std::filesystem::file_size(destination, ec);
  return figures;
}

Result<std::string> SqliteIntegrity(Database& database) {
  std::string verdict;
  auto checked = database.Read([&](soci::session& session) -> Result<void> {
    session << "PRAGMA integrity_check", soci::into(verdict);
    return {};
  });
  if (!checked) return Fail(checked.error());
  return verdict;
}

}  // namespace wakala::storage
