#include "test_database.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <soci/soci.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace wakala::testing {

namespace {
std::string AdminUrl() {
  const char* url = std::getenv("WAKALA_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "WAKALA_TEST_POSTGRES_URL is not set: run the suite with `make test`, which starts a PostgreSQL");
  }
  return url;
}

std::string UniqueSuffix() {
  std::random_device device;
  return std::to_string(getpid()) + "_" + std::to_string(device() % 1000000);
}
}  // namespace

storage::Engine EngineUnderTest() {
  const char* engine = std::getenv("WAKALA_TEST_ENGINE");
  if (engine == nullptr || std::string(engine) == "sqlite") {
    return storage::Engine::kSqlite;
  }
  if (std::string(engine) == "postgresql") {
    return storage::Engine::kPostgres;
  }
  throw std::runtime_error("WAKALA_TEST_ENGINE must be sqlite or postgresql");
}

void PostgresAdminCommand(const std::string& sql) {
  PGconn* connection = PQconnectdb(AdminUrl().c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string reason = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("cannot reach the test PostgreSQL: " + reason);
  }
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  const std::string reason = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(connection);
  if (!ok) {
    throw std::runtime_error("'" + sql + "' failed: " + reason);
  }
}

TestDatabase::TestDatabase(storage::Engine engine) : engine_(engine) {
  if (engine == storage::Engine::kSqlite) {
    directory_ = std::filesystem::temp_directory_path() / ("wakala-test-" + UniqueSuffix());
    std::filesystem::create_directories(directory_);
    url_ = "sqlite:" + directory_ + "/wakala.db";
    return;
  }
  database_name_ = "wakala_test_" + UniqueSuffix();
  PostgresAdminCommand("CREATE DATABASE " + database_name_);
  std::string admin = AdminUrl();
  url_ = admin.substr(0, admin.rfind('/') + 1) + database_name_;
}

TestDatabase::~TestDatabase() {
  try {
    if (!directory_.empty()) {
      std::filesystem::remove_all(directory_);
    }
    if (!database_name_.empty()) {
      PostgresAdminCommand("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
    }
  } catch (const std::exception&) {
    // A leftover temp database is harmless; the cluster is deleted after the run.
  }
}

EngineBooks ReadEngineBooks(const std::string& database_url) {
  auto database = storage::Database::Open(database_url, 1);
  if (!database) throw std::runtime_error("cannot open " + database_url + ": " + database.error().message);
  EngineBooks books;
  auto read = (*database)->Read([&](soci::session& session) -> Result<void> {
    soci::rowset<soci::row> events = (session.prepare << "SELECT seq, body FROM engine_events ORDER BY seq");
    for (const auto& row : events) {
      books.events += fmt::format("{} {}\n", row.get<long long>(0), row.get<std::string>(1));
    }
    soci::rowset<soci::row> movements =
        (session.prepare << "SELECT event_seq, position, transaction_key, from_account, to_account,"
                            " amount_cents FROM ledger_movements ORDER BY event_seq, position");
    for (const auto& row : movements) {
      books.movements +=
          fmt::format("{}/{} {} {}->{} {}\n", row.get<long long>(0), row.get<int>(1), row.get<std::string>(2),
                      row.get<std::string>(3), row.get<std::string>(4), row.get<long long>(5));
    }
    return {};
  });
  if (!read)
    throw std::runtime_error("cannot read the books of " + database_url + ": " + read.error().message);
  return books;
}

}  // namespace wakala::testing
