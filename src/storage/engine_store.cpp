#include "storage/engine_store.hpp"

#include <soci/soci.h>

#include <stdexcept>

#include "storage/postgres_copy.hpp"

namespace wakala::storage {

namespace sql {
constexpr const char* kLockLog = "SELECT pg_advisory_xact_lock(7217002)";
constexpr const char* kLastSeq = "SELECT COALESCE(MAX(seq), 0) FROM engine_events";
constexpr const char* kEventsAfter =
    "SELECT seq, body, rules_version FROM engine_events WHERE seq > :seq ORDER BY seq";
constexpr const char* kInsertEvent =
    "INSERT INTO engine_events (seq, type, event_id, at, body, recorded_at, rules_version)"
    " VALUES (:seq, :type, :event_id, :at, :body, :recorded_at, :rules_version)";
constexpr const char* kInsertMovement =
    "INSERT INTO ledger_movements (event_seq, position, transaction_key, leg, at, kind, commission_id,"
    " from_account, to_account, amount_cents) VALUES (:event_seq, :position, :transaction_key, :leg, :at,"
    " :kind, :commission_id, :from_account, :to_account, :amount)";
constexpr const char* kAccountBalance =
    "SELECT COALESCE(SUM(CASE WHEN to_account = :entered THEN amount_cents ELSE -amount_cents END), 0)"
    " FROM ledger_movements WHERE to_account = :to OR from_account = :from";
constexpr const char* kTransactionCount = "SELECT COUNT(*) FROM ledger_movements WHERE leg = 0";
constexpr const char* kBooksSummary = "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM ledger_movements";
}  // namespace sql

void EngineEventStore::LockLogForAppend() {
  session_ << sql::kLockLog;
}

long long EngineEventStore::LastSeq() {
  long long seq = 0;
  session_ << sql::kLastSeq, soci::into(seq);
  return seq;
}

std::vector<StoredEvent> EngineEventStore::EventsAfter(long long seq) {
  StoredEvent row;
  soci::statement statement = (session_.prepare << sql::kEventsAfter, soci::into(row.seq),
                               soci::into(row.body), soci::into(row.rules_version), soci::use(seq));
  statement.execute();
  std::vector<StoredEvent> events;
  while (statement.fetch()) events.push_back(row);
  return events;
}

namespace {

// PostgreSQL: one COPY per batch instead of a round trip per row.
void CopyEvents(soci::session& session, std::span<const NewEvent> events) {
  PostgresCopy copy(session, "engine_events", "(seq, type, event_id, at, body, recorded_at, rules_version)");
  for (const auto& event : events) {
    copy.Number(event.seq).Text(event.type);
    if (event.event_id.empty()) {
      copy.Null();
    } else {
      copy.Text(event.event_id);
    }
    copy.Number(event.at).Text(event.body).Number(event.recorded_at).Number(event.rules_version).EndRow();
  }
  copy.Finish();
}

void CopyTransactions(soci::session& session, std::span<const EventTransactions> batch) {
  PostgresCopy copy(session, "ledger_movements",
                    "(event_seq, position, transaction_key, leg, at, kind, commission_id, from_account,"
                    " to_account, amount_cents)");
  for (const auto& [seq, transactions] : batch) {
    long long position = 0;
    for (const auto& transaction : transactions) {
      long long leg = 0;
      for (const auto& movement : ledger::Movements(transaction)) {
        copy.Number(seq)
            .Number(position++)
            .Text(transaction.key)
            .Number(leg++)
            .Number(ToUnixSeconds(transaction.at))
            .Text(transaction.kind)
            .Text(transaction.commission_id)
            .Text(movement.from->ToString())
            .Text(movement.to->ToString())
            .Number(movement.amount.cents())
            .EndRow();
      }
    }
  }
  copy.Finish();
}

}  // namespace

void EngineEventStore::AppendEvents(std::span<const NewEvent> events) {
  if (events.empty()) return;
  for (const auto& event : events) {
    // A row without its rules version would replay under the wrong rules.
    if (event.rules_version < 1) throw std::logic_error("engine event without its rules version");
  }
  if (IsPostgres(session_)) return CopyEvents(session_, events);
  NewEvent row;
  soci::indicator event_id_indicator = soci::i_ok;
  soci::statement statement = (session_.prepare << sql::kInsertEvent, soci::use(row.seq), soci::use(row.type),
                               soci::use(row.event_id, event_id_indicator), soci::use(row.at),
                               soci::use(row.body), soci::use(row.recorded_at), soci::use(row.rules_version));
  for (const auto& event : events) {
    row = event;
    // Read by the statement through the binding above: not a dead store.
    event_id_indicator =  // NOLINT(clang-analyzer-deadcode.DeadStores)
        event.event_id.empty() ? soci::i_null : soci::i_ok;
    statement.execute(true);
  }
}

void EngineEventStore::AppendTransactions(std::span<const EventTransactions> batch) {
  if (batch.empty()) return;
  if (IsPostgres(session_)) return CopyTransactions(session_, batch);
  std::string key, kind, commission_id, from, to;
  long long event_seq = 0;
  int position = 0;
  int leg = 0;
  long long at = 0;
  long long amount = 0;
  soci::statement insert =
      (session_.prepare << sql::kInsertMovement, soci::use(event_seq), soci::use(position), soci::use(key),
       soci::use(leg), soci::use(at), soci::use(kind), soci::use(commission_id), soci::use(from),
       soci::use(to), soci::use(amount));
  // The binds above read these variables at each execute: the stores below are not dead.
  // NOLINTBEGIN(clang-analyzer-deadcode.DeadStores)
  for (const auto& [seq, transactions] : batch) {
    event_seq = seq;
    position = 0;
    for (const auto& transaction : transactions) {
      key = transaction.key;
      at = ToUnixSeconds(transaction.at);
      kind = transaction.kind;
      commission_id = transaction.commission_id;
      leg = 0;
      for (const auto& movement : ledger::Movements(transaction)) {
        from = movement.from->ToString();
        to = movement.to->ToString();
        amount = movement.amount.cents();
        insert.execute(true);
        ++leg;
        ++position;
      }
    }
  }
  // NOLINTEND(clang-analyzer-deadcode.DeadStores)
}

long long EngineEventStore::AccountBalanceCents(const std::string& account) {
  long long cents = 0;
  session_ << sql::kAccountBalance, soci::into(cents), soci::use(account), soci::use(account),
      soci::use(account);
  return cents;
}

EngineEventStore::BooksSummary EngineEventStore::Summary() {
  BooksSummary summary;
  session_ << sql::kBooksSummary, soci::into(summary.movements), soci::into(summary.cents);
  return summary;
}

long long EngineEventStore::TransactionCount() {
  long long count = 0;
  session_ << sql::kTransactionCount, soci::into(count);
  return count;
}

}  // namespace wakala::storage
