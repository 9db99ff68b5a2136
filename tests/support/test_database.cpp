#include "test_database.hpp"

#include <libpq-fe.h>
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

}  // namespace wakala::testing
