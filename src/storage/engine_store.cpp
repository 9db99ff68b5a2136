#include "storage/engine_store.hpp"

#include <soci/soci.h>

namespace wakala::storage {

namespace sql {
constexpr const char* kLockLog = "SELECT pg_advisory_xact_lock(7217002)";
constexpr const char* kLastSeq = "SELECT COALESCE(MAX(seq), 0) FROM engine_events";
constexpr const char* kEventsAfter = "SELECT seq, body FROM engine_events WHERE seq > :seq ORDER BY seq";
constexpr const char* kInsertEvent =
    "INSERT INTO engine_events (seq, type, event_id, at, body, recorded_at)"
    " VALUES (:seq, :type, :event_id, :at, :body, :recorded_at)";
constexpr const char* kInsertTransaction =
    "INSERT INTO ledger_transactions (transaction_key, event_seq, at, kind, commission_id)"
    " VALUES (:transaction_key, :event_seq, :at, :kind, :commission_id)";
constexpr const char* kInsertPosting =
    "INSERT INTO ledger_postings (transaction_key, account, amount_cents) VALUES (:transaction_key, "
    ":account, :amount)";
constexpr const char* kAccountBalance =
    "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_postings WHERE account = :account";
constexpr const char* kTransactionCount = "SELECT COUNT(*) FROM ledger_transactions";
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
  soci::statement statement =
      (session_.prepare << sql::kEventsAfter, soci::into(row.seq), soci::into(row.body), soci::use(seq));
  statement.execute();
  std::vector<StoredEvent> events;
  while (statement.fetch()) events.push_back(row);
  return events;
}

void EngineEventStore::AppendEvents(std::span<const NewEvent> events) {
  if (events.empty()) return;
  NewEvent row;
  soci::indicator event_id_indicator = soci::i_ok;
  soci::statement statement = (session_.prepare << sql::kInsertEvent, soci::use(row.seq), soci::use(row.type),
                               soci::use(row.event_id, event_id_indicator), soci::use(row.at),
                               soci::use(row.body), soci::use(row.recorded_at));
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
  std::string key, kind, commission_id, account;
  long long event_seq = 0;
  long long at = 0;
  long long amount = 0;
  soci::statement insert_transaction =
      (session_.prepare << sql::kInsertTransaction, soci::use(key), soci::use(event_seq), soci::use(at),
       soci::use(kind), soci::use(commission_id));
  soci::statement insert_posting =
      (session_.prepare << sql::kInsertPosting, soci::use(key), soci::use(account), soci::use(amount));
  for (const auto& [seq, transactions] : batch) {
    event_seq = seq;  // NOLINT(clang-analyzer-deadcode.DeadStores): bound above
    for (const auto& transaction : transactions) {
      key = transaction.key;
      at = ToUnixSeconds(transaction.at);  // NOLINT(clang-analyzer-deadcode.DeadStores): bound above
      kind = transaction.kind;
      commission_id = transaction.commission_id;
      insert_transaction.execute(true);
      for (const auto& posting : transaction.postings) {
        account = posting.account.ToString();
        amount = posting.amount.cents();  // NOLINT(clang-analyzer-deadcode.DeadStores): bound above
        insert_posting.execute(true);
      }
    }
  }
}

long long EngineEventStore::AccountBalanceCents(const std::string& account) {
  long long cents = 0;
  session_ << sql::kAccountBalance, soci::into(cents), soci::use(account);
  return cents;
}

long long EngineEventStore::TransactionCount() {
  long long count = 0;
  session_ << sql::kTransactionCount, soci::into(count);
  return count;
}

}  // namespace wakala::storage
