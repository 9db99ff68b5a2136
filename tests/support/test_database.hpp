#pragma once

#include <string>

#include "storage/database.hpp"

namespace wakala::testing {

// The engine under test: WAKALA_TEST_ENGINE=sqlite (default) or postgresql.
storage::Engine EngineUnderTest();

// A fresh, empty database for one test: a SQLite file in a temp dir, or a
// new database on the test PostgreSQL (WAKALA_TEST_POSTGRES_URL, started by
// scripts/test). Removed again on destruction.
class TestDatabase {
 public:
  explicit TestDatabase(storage::Engine engine);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  storage::Engine engine() const { return engine_; }
  // PostgreSQL: the database's name (for admin commands in tests).
  const std::string& postgres_name() const { return database_name_; }

 private:
  storage::Engine engine_;
  std::string url_;
  std::string directory_;      // SQLite
  std::string database_name_;  // PostgreSQL
};

// Everything the engine wrote to a store, in order: the log's events
// ("seq body" lines) and the ledger's movements; not the wall-clock times at
// which they were recorded. Two stores with equal books hold the same history.
struct EngineBooks {
  std::string events, movements;
  bool operator==(const EngineBooks&) const = default;
  // This store's history is the start of `longer`'s (a backup, an interrupted import).
  bool IsPrefixOf(const EngineBooks& longer) const {
    return longer.events.starts_with(events) && longer.movements.starts_with(movements);
  }
};
EngineBooks ReadEngineBooks(const std::string& database_url);

// Runs one SQL command on the PostgreSQL admin database (tests only).
void PostgresAdminCommand(const std::string& sql);

}  // namespace wakala::testing
