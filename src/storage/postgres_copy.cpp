#include "storage/postgres_copy.hpp"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace wakala::storage {

namespace {

// Sent to the server in pieces of about this size: few round trips, bounded memory.
constexpr std::size_t kFlushBytes = std::size_t{256} * 1024;

PGconn* Connection(void* connection) {
  return static_cast<PGconn*>(connection);
}

[[noreturn]] void ThrowFromResult(PGresult* result, std::string_view what) {
  const char* code = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = code != nullptr ? code : "XX000";
  const std::string message =
      fmt::format("{}: {}", what, result != nullptr ? PQresultErrorMessage(result) : "no answer");
  if (result != nullptr) PQclear(result);
  throw soci::postgresql_soci_error(message, state.c_str());
}

// The server's answers after a COPY ended; throws on the first error.
void DrainResults(PGconn* connection, std::string_view what) {
  bool failed = false;
  std::string message;
  std::string state = "XX000";
  while (PGresult* result = PQgetResult(connection)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK && !failed) {
      failed = true;
      message = PQresultErrorMessage(result);
      if (const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE)) state = code;
    }
    PQclear(result);
  }
  if (failed) throw soci::postgresql_soci_error(fmt::format("{}: {}", what, message), state.c_str());
}

}  // namespace

bool IsPostgres(soci::session& session) {
  return session.get_backend_name() == "postgresql";
}

PostgresCopy::PostgresCopy(soci::session& session, std::string_view table, std::string_view columns)
    : connection_(static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_) {
  buffer_.reserve(kFlushBytes + 4096);
  const std::string command = fmt::format("COPY {} {} FROM STDIN", table, columns);
  PGresult* result = PQexec(Connection(connection_), command.c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) ThrowFromResult(result, command);
  PQclear(result);
}

PostgresCopy::~PostgresCopy() {
  if (finished_) return;
  // Unfinished: abort, so the connection leaves COPY mode and the caller's
  // ROLLBACK runs; the server's error for the abort is expected.
  PQputCopyEnd(Connection(connection_), "aborted by the writer");
  while (PGresult* result = PQgetResult(Connection(connection_))) PQclear(result);
}

void PostgresCopy::Separate() {
  if (row_started_) buffer_.push_back('\t');
  row_started_ = true;
}

PostgresCopy& PostgresCopy::Text(std::string_view text) {
  Separate();
  // COPY's text format: backslash escapes for the characters it gives a meaning.
  for (const char c : text) {
    switch (c) {
      case '\\':
        buffer_ += "\\\\";
        break;
      case '\t':
        buffer_ += "\\t";
        break;
      case '\n':
        buffer_ += "\\n";
        break;
      case '\r':
        buffer_ += "\\r";
        break;
      default:
        buffer_.push_back(c);
    }
  }
  return *this;
}

PostgresCopy& PostgresCopy::Number(long long value) {
  Separate();
  fmt::format_to(std::back_inserter(buffer_), "{}", value);
  return *this;
}

PostgresCopy& PostgresCopy::Null() {
  Separate();
  buffer_ += "\\N";
  return *this;
}

void PostgresCopy::EndRow() {
  buffer_.push_back('\n');
  row_started_ = false;
  if (buffer_.size() >= kFlushBytes) Flush();
}

void PostgresCopy::Flush() {
  if (buffer_.empty()) return;
  if (PQputCopyData(Connection(connection_), buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
    throw soci::postgresql_soci_error(
        std::string("COPY: sending rows failed: ") + PQerrorMessage(Connection(connection_)), "08000");
  }
  buffer_.clear();
}

void PostgresCopy::Finish() {
  Flush();
  finished_ = true;
  if (PQputCopyEnd(Connection(connection_), nullptr) != 1) {
    throw soci::postgresql_soci_error(
        std::string("COPY: ending failed: ") + PQerrorMessage(Connection(connection_)), "08000");
  }
  DrainResults(Connection(connection_), "COPY");
}

}  // namespace wakala::storage
