#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace wakala::storage {

enum class Engine { kSqlite, kPostgres };

std::string_view EngineName(Engine engine);

struct DatabaseUrl {
  Engine engine = Engine::kSqlite;
  std::string connect;      // what the SOCI backend is given
  std::string sqlite_path;  // SQLite only; ":memory:" for an in-memory store
};

// "sqlite:var/wakala.db", "sqlite::memory:", "postgresql://user@host:port/db".
Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url);

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
};

// A pool of connections to one database, with transactions that behave the
// same on both engines. All SQL of the project runs through here.
class Database {
 public:
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens `pool_size` connections (1 for an in-memory SQLite store, which
  // exists only inside its one connection).
  static Result<std::unique_ptr<Database>> Open(const std::string& url, std::size_t pool_size);

  Engine engine() const { return url_.engine; }
  PoolStats Stats() const;

  // Runs `work` in a read transaction / a write transaction (SQLite: BEGIN
  // IMMEDIATE, so concurrent writers queue instead of failing). A write
  // commits only when `work` returns success; on an error result or an
  // exception it rolls back. Database failures come back as errors:
  // a constraint violation as kConflict, a lost connection as kUnavailable.
  Result<void> Read(const std::function<Result<void>(soci::session&)>& work);
  Result<void> Write(const std::function<Result<void>(soci::session&)>& work);

  // Runs a script of several statements (migrations) on one session.
  void ExecuteScript(soci::session& session, std::string_view script) const;

  // A cheap query that proves the database answers (for /readyz).
  Result<void> Ping();

 private:
  Database(DatabaseUrl url, std::size_t pool_size);
  Result<void> Run(bool write, const std::function<Result<void>(soci::session&)>& work);
  // True if the session's connection was dead and has been re-opened.
  bool ReconnectIfBroken(soci::session& session) const;

  DatabaseUrl url_;
  std::size_t pool_size_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::atomic<std::size_t> in_use_{0};
};

// Translates a database exception into an Error (one place for both engines).
Error TranslateDatabaseError(const std::exception& error);

}  // namespace wakala::storage
