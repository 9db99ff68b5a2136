#include "storage/migrations.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <ctime>

#include "core/embedded_file.hpp"

namespace wakala::storage {

namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr const char* kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :applied_at)";
// Serialises concurrent migrators on PostgreSQL (SQLite's BEGIN IMMEDIATE does it there).
constexpr const char* kPostgresMigrationLock = "SELECT pg_advisory_xact_lock(7217001)";

int VersionFromName(std::string_view name) {
  int version = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
  if (ec != std::errc() || end == name.data() || *end != '_') {
    throw std::logic_error("migration file name must start with a number and '_': " + std::string(name));
  }
  return version;
}

long long ReadMaxVersion(soci::session& session) {
  long long version = 0;
  session << kMaxVersion, soci::into(version);
  return version;
}

}  // namespace

std::vector<Migration> KnownMigrations(Engine engine) {
  const auto files = engine == Engine::kSqlite ? embedded::migrations_sqlite::Files()
                                               : embedded::migrations_postgres::Files();
  std::vector<Migration> migrations;
  for (const auto& file : files) {
    migrations.push_back(Migration{VersionFromName(file.name), std::string(file.name), file.content});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw std::logic_error("migrations must be numbered 1, 2, 3… without gaps; found " +
                             migrations[i].name);
    }
  }
  return migrations;
}

Result<SchemaStatus> ReadSchemaStatus(Database& database) {
  SchemaStatus status;
  status.known = static_cast<int>(KnownMigrations(database.engine()).size());
  auto read = database.Write([&](soci::session& session) -> Result<void> {
    session << kCreateMigrationsTable;
    status.applied = static_cast<int>(ReadMaxVersion(session));
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return status;
}

Result<int> Migrate(Database& database) {
  const auto migrations = KnownMigrations(database.engine());
  const int known = static_cast<int>(migrations.size());
  int applied_now = 0;
  // Once, not in every step: PostgreSQL notices each "already exists".
  auto created = database.Write([&](soci::session& session) -> Result<void> {
    if (database.engine() == Engine::kPostgres) {
      session << kPostgresMigrationLock;
    }
    session << kCreateMigrationsTable;
    return {};
  });
  if (!created) return Fail(created.error());
  for (const auto& migration : migrations) {
    long long found_version = 0;
    auto step = database.Write([&](soci::session& session) -> Result<void> {
      if (database.engine() == Engine::kPostgres) {
        session << kPostgresMigrationLock;
      }
      found_version = ReadMaxVersion(session);
      if (found_version > known) {
        return Fail(Error::Conflict("database schema is at version " + std::to_string(found_version) +
                                    ", newer than this binary knows (" + std::to_string(known) +
                                    "); run a newer wakala"));
      }
      if (found_version >= migration.version) {
        return {};  // already applied (perhaps by another process just now)
      }
      database.ExecuteScript(session, migration.script);
      const long long version = migration.version;
      const long long now = static_cast<long long>(std::time(nullptr));
      session << kRecordMigration, soci::use(version), soci::use(migration.name), soci::use(now);
      ++applied_now;
      spdlog::info("migration {} applied", migration.name);
      return {};
    });
    if (!step) {
      return Fail(step.error());
    }
  }
  return applied_now;
}

Result<void> RequireCurrentSchema(Database& database) {
  auto status = ReadSchemaStatus(database);
  if (!status) {
    return Fail(status.error());
  }
  if (status->applied > status->known) {
    return Fail(Error::Conflict("database schema is at version " + std::to_string(status->applied) +
                                ", newer than this binary knows (" + std::to_string(status->known) +
                                "); run a newer wakala"));
  }
  if (status->applied < status->known) {
    return Fail(Error::Conflict("database schema is at version " + std::to_string(status->applied) +
                                ", this binary needs " + std::to_string(status->known) +
                                "; run wakala migrate"));
  }
  return {};
}

}  // namespace wakala::storage
