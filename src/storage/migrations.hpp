#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace wakala::storage {

struct Migration {
  int version = 0;  // from the file name: 0001_foundation.sql -> 1
  std::string name;
  std::string_view script;
};

// The migrations compiled into this binary for an engine, in version order.
std::vector<Migration> KnownMigrations(Engine engine);

struct SchemaStatus {
  int applied = 0;  // highest version recorded in the database (0: empty)
  int known = 0;    // highest version this binary carries
};

Result<SchemaStatus> ReadSchemaStatus(Database& database);

// Applies every missing migration, each in its own transaction. Refuses a
// database whose schema is newer than this binary. Safe to run from several
// processes at once. Returns the number applied.
Result<int> Migrate(Database& database);

// For `serve --no-migrate`: succeeds only if the schema is exactly current.
Result<void> RequireCurrentSchema(Database& database);

}  // namespace wakala::storage
