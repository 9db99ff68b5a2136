#include "storage/database.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <libpq-fe.h>
#include <filesystem>

#include "core/text.hpp"

namespace wakala::storage {

namespace {
constexpr int kSqliteBusyTimeoutMs = 10000;
constexpr int kSqliteConstraint = 19;  // SQLITE_CONSTRAINT
constexpr int kSqliteBusy = 5;         // SQLITE_BUSY
constexpr std::chrono::milliseconds kLeaseTimeout{30000};

void ConfigureSqlite(soci::session& session) {
  // WAL lets readers run beside the one writer; FULL makes a commit survive
  // power loss (this is money); foreign keys are off by default in SQLite.
  session << "PRAGMA journal_mode=WAL";
  session << "PRAGMA synchronous=FULL";
  session << "PRAGMA foreign_keys=ON";
  session << "PRAGMA busy_timeout=" + std::to_string(kSqliteBusyTimeoutMs);
}

// RAII lease of one pooled session, counted for /metrics.
class Lease {
 public:
  Lease(soci::connection_pool& pool, std::atomic<std::size_t>& in_use) : pool_(pool), in_use_(in_use) {
    if (!pool_.try_lease(position_, static_cast<int>(kLeaseTimeout.count()))) {
      throw std::runtime_error("no database connection free within 30 s");
    }
    ++in_use_;
  }
  ~Lease() {
    --in_use_;
    pool_.give_back(position_);
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  soci::session& session() { return pool_.at(position_); }

 private:
  soci::connection_pool& pool_;
  std::atomic<std::size_t>& in_use_;
  std::size_t position_ = 0;
};

}  // namespace

std::string_view EngineName(Engine engine) {
  return engine == Engine::kSqlite ? "sqlite" : "postgresql";
}

Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url) {
  DatabaseUrl parsed;
  if (url.starts_with("sqlite:")) {
    parsed.engine = Engine::kSqlite;
    parsed.sqlite_path = url.substr(7);
    if (parsed.sqlite_path.starts_with("//")) {
      parsed.sqlite_path = parsed.sqlite_path.substr(2);  // sqlite://path
    }
    if (parsed.sqlite_path.empty()) {
      return Fail(Error::Invalid("database URL '" + url + "': no file after 'sqlite:'"));
    }
    if (parsed.sqlite_path.find('"') != std::string::npos) {
      return Fail(Error::Invalid("database URL '" + url + "': a SQLite path may not contain '\"'"));
    }
    parsed.connect =
        "db=\"" + parsed.sqlite_path + "\" timeout=" + std::to_string(kSqliteBusyTimeoutMs / 1000);
    return parsed;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    parsed.engine = Engine::kPostgres;
    // SOCI mangles the URI form, so let libpq parse it and pass SOCI the
    // keyword=value form it handles.
    char* message = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
    if (options == nullptr) {
      const std::string reason = message != nullptr ? message : "cannot be parsed";
      PQfreemem(message);
      return Fail(Error::Invalid("database URL '" + url + "': " + std::string(Trim(reason))));
    }
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (option->val == nullptr) {
        continue;
      }
      std::string value;
      for (const char* c = option->val; *c != '\0'; ++c) {
        if (*c == '\\' || *c == '\'') value += '\\';
        value += *c;
      }
      if (!parsed.connect.empty()) parsed.connect.append(" ");
      parsed.connect.append(option->keyword).append("='").append(value).append("'");
    }
    PQconninfoFree(options);
    return parsed;
  }
  return Fail(Error::Invalid("database URL '" + url +
                             "': must start with 'sqlite:' or 'postgresql://' (e.g. sqlite:var/wakala.db)"));
}

Database::Database(DatabaseUrl url, std::size_t pool_size)
    : url_(std::move(url)),
      pool_size_(pool_size),
      pool_(std::make_unique<soci::connection_pool>(pool_size)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, std::size_t pool_size) {
  auto parsed = ParseDatabaseUrl(url);
  if (!parsed) {
    return Fail(parsed.error());
  }
  if (parsed->engine == Engine::kSqlite && parsed->sqlite_path == ":memory:") {
    pool_size = 1;
  }
  if (pool_size == 0) {
    return Fail(Error::Invalid("database pool size must be at least 1"));
  }
  std::unique_ptr<Database> database(new Database(*parsed, pool_size));
  try {
    if (parsed->engine == Engine::kSqlite && parsed->sqlite_path != ":memory:") {
      const auto parent = std::filesystem::path(parsed->sqlite_path).parent_path();
      if (!parent.empty()) {
        std::filesystem::create_directories(parent);
      }
    }
    for (std::size_t i = 0; i < pool_size; ++i) {
      soci::session& session = database->pool_->at(i);
      if (parsed->engine == Engine::kSqlite) {
        session.open(*soci::factory_sqlite3(), parsed->connect);
        ConfigureSqlite(session);
      } else {
        session.open(*soci::factory_postgresql(), parsed->connect);
      }
    }
  } catch (const std::exception& e) {
    return Fail(Error::Unavailable("cannot open database " + std::string(EngineName(parsed->engine)) + ": " +
                                   e.what()));
  }
  return database;
}

PoolStats Database::Stats() const {
  return PoolStats{pool_size_, in_use_.load()};
}

bool Database::ReconnectIfBroken(soci::session& session) const {
  if (url_.engine != Engine::kPostgres) {
    return false;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  if (backend != nullptr && PQstatus(backend->conn_) == CONNECTION_OK) {
    return false;
  }
  spdlog::warn("database connection lost; reconnecting");
  session.reconnect();
  return true;
}

Result<void> Database::Read(const std::function<Result<void>(soci::session&)>& work) {
  return Run(false, work);
}

Result<void> Database::Write(const std::function<Result<void>(soci::session&)>& work) {
  return Run(true, work);
}

Result<void> Database::Run(bool write, const std::function<Result<void>(soci::session&)>& work) {
  try {
    Lease lease(*pool_, in_use_);
    soci::session& session = lease.session();
    const char* begin = (write && url_.engine == Engine::kSqlite) ? "BEGIN IMMEDIATE" : "BEGIN";
    try {
      session << begin;
    } catch (const soci::soci_error&) {
      // A PostgreSQL restart (or an idle-connection reaper) leaves pooled
      // connections dead; nothing has run yet, so reconnect once and go on.
      if (!ReconnectIfBroken(session)) {
        throw;
      }
      session << begin;
    }
    Result<void> result;
    try {
      result = work(session);
    } catch (...) {
      try {
        session << "ROLLBACK";
      } catch (const std::exception& rollback_error) {
        spdlog::error("rollback failed: {}", rollback_error.what());
      }
      throw;
    }
    if (result && write) {
      session << "COMMIT";
    } else {
      session << "ROLLBACK";
    }
    return result;
  } catch (const std::exception& e) {
    return Fail(TranslateDatabaseError(e));
  }
}

void Database::ExecuteScript(soci::session& session, std::string_view script) const {
  const std::string text(script);
  if (url_.engine == Engine::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    char* message = nullptr;
    // SOCI's header declares the SQLite API inside namespace sqlite_api.
    if (sqlite_api::sqlite3_exec(backend->conn_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string reason = message != nullptr ? message : "unknown error";
      sqlite_api::sqlite3_free(message);
      throw std::runtime_error("SQLite script failed: " + reason);
    }
    return;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  PGresult* result = PQexec(backend->conn_, text.c_str());
  const auto status = PQresultStatus(result);
  const std::string reason = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("PostgreSQL script failed: " + reason);
  }
}

Result<void> Database::Ping() {
  return Read([](soci::session& session) -> Result<void> {
    int one = 0;
    session << "SELECT 1", soci::into(one);
    if (one != 1) {
      return Fail(Error::Unavailable("database answered SELECT 1 with " + std::to_string(one)));
    }
    return {};
  });
}

Error TranslateDatabaseError(const std::exception& error) {
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    const int primary = sqlite->result() & 0xff;
    if (primary == kSqliteConstraint) {
      return Error::Conflict(std::string("constraint violated: ") + sqlite->what());
    }
    if (primary == kSqliteBusy) {
      return Error::Unavailable("database is busy; try again");
    }
  }
  if (const auto* postgres = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = postgres->sqlstate();
    if (state.starts_with("23")) {  // integrity constraint violation class
      return Error::Conflict(std::string("constraint violated: ") + postgres->what());
    }
    if (state.starts_with("08") || state == "57P01") {  // connection exception, admin shutdown
      return Error::Unavailable("database connection lost");
    }
  }
  spdlog::error("database error: {}", error.what());
  return Error::Internal(std::string("database error: ") + error.what());
}

}  // namespace wakala::storage
