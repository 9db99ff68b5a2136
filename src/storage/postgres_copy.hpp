#pragma once

#include <string>
#include <string_view>

namespace soci {
class session;
}

namespace wakala::storage {

// Rows into one PostgreSQL table by COPY … FROM STDIN (text format): the
// whole batch in a few round trips instead of one per row. Runs inside the
// caller's transaction; Finish() reports a refused row (a duplicate key, a
// bad value) as the same soci error an INSERT would raise, so the caller's
// rollback and error mapping stay as they are. Dropped unfinished (an
// exception on the way), it aborts the COPY, and the table gets none of the rows.
class PostgresCopy {
 public:
  // `columns`: the column list as in SQL, "(seq, type, body)".
  PostgresCopy(soci::session& session, std::string_view table, std::string_view columns);
  PostgresCopy(const PostgresCopy&) = delete;
  PostgresCopy& operator=(const PostgresCopy&) = delete;
  ~PostgresCopy();

  // The fields of the current row, in column order, then EndRow().
  PostgresCopy& Text(std::string_view text);
  PostgresCopy& Number(long long value);
  PostgresCopy& Null();
  void EndRow();
  // Sends what is left and ends the COPY; throws soci::postgresql_soci_error
  // when the server refused it.
  void Finish();

 private:
  void Separate();
  void Flush();

  void* connection_;  // PGconn*, kept out of this header
  std::string buffer_;
  bool row_started_ = false;
  bool finished_ = false;
};

// True when `session` talks to PostgreSQL (the COPY path applies).
bool IsPostgres(soci::session& session);

}  // namespace wakala::storage
