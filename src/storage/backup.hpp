#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace wakala::storage {

struct BackupFigures {
  std::uintmax_t bytes = 0;
  int pages = 0;
};

// A consistent copy of a SQLite store in `destination`, taken while it is in
// use: SQLite's online backup copies every page inside one read transaction,
// so the copy is the store as one moment left it, and writers (WAL) go on.
// Refuses a destination that exists; removes what it wrote when it fails.
Result<BackupFigures> BackupSqlite(Database& source, const std::string& destination);

// SQLite's own check of a store file ("ok", or what is wrong).
Result<std::string> SqliteIntegrity(Database& database);

}  // namespace wakala::storage
