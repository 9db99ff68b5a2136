#pragma once

#include <span>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

struct StoredEvent {
  long long seq = 0;
  std::string body;
  int rules_version = 1;  // what the engine decided it under
};

struct NewEvent {
  long long seq = 0;
  std::string type;
  std::string event_id;  // "" when the event has none
  long long at = 0;
  std::string body;
  long long recorded_at = 0;
  int rules_version = 0;  // engine::kRulesVersion when written; required
};

// The ledger transactions one event produced.
struct EventTransactions {
  long long event_seq = 0;
  std::span<const ledger::Transaction> transactions;
};

// The engine's event log and its ledger projection (SQL of both engines).
// Runs inside a transaction opened by Database.
class EngineEventStore {
 public:
  explicit EngineEventStore(soci::session& session) : session_(session) {}

  // PostgreSQL: serialises appenders across processes until the transaction
  // ends (SQLite's BEGIN IMMEDIATE already does).
  void LockLogForAppend();
  long long LastSeq();
  std::vector<StoredEvent> EventsAfter(long long seq);
  // Each statement is prepared once per call, not once per row.
  void AppendEvents(std::span<const NewEvent> events);
  void AppendTransactions(std::span<const EventTransactions> batch);
  // Sum of an account's postings in SQL: the books as a report reads them.
  long long AccountBalanceCents(const std::string& account);
  long long TransactionCount();
  // All ledger movements: how many, and their amounts summed.
  struct BooksSummary {
    long long movements = 0;
    long long cents = 0;
  };
  BooksSummary Summary();

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
