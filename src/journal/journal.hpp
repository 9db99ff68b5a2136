#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "engine/commands.hpp"
#include "engine/engine.hpp"
#include "engine/journal_port.hpp"
#include "program/program.hpp"
#include "storage/database.hpp"
#include "storage/engine_store.hpp"

namespace wakala::journal {

// The commission engine of the running server: the same Engine and the same
// event decoding as `wakala simulate`, made durable. Every input is an event in
// the scenario format appended to engine_events in the transaction that also
// writes the ledger transactions it caused; the in-memory engine is that log
// replayed. Several processes on one PostgreSQL stay in step: each catches up
// with the log before appending, and the log's primary key refuses a sequence
// number taken twice.
class Journal {
 public:
  // `wall_clock` stamps when events were recorded; `program_clock` is the
  // program time (the system clock, or a test clock). No input may be dated
  // more than `max_future_skew` ahead of the program clock: program time
  // moves only with that clock, never because an event said so.
  Journal(storage::Database& database, program::Program program, const Clock& wall_clock,
          const Clock& program_clock, std::chrono::seconds max_future_skew);

  // Replays the stored log (at start).
  Result<void> Load();

  // Applies `events` as one unit: all of them, or (on the first invalid one)
  // none, with the error naming that event. Billing-event retries (same id,
  // same content) are reported as not applied and not logged again.
  Result<std::vector<engine::EventOutcome>> Apply(const std::vector<engine::Command>& commands);
  // The same, with `alongside` run in the same database transaction after the
  // events are logged: other records that must stand or fall with them (an
  // approved application and the agent it adds). An error from it rolls
  // everything back.
  Result<std::vector<engine::EventOutcome>> Apply(
      const std::vector<engine::Command>& commands,
      const std::function<Result<void>(soci::session&)>& alongside);

  // The same for events in their JSON form (the billing API, `wakala import`,
  // the demo history): each is decoded as the log's replay decodes it.
  Result<std::vector<engine::EventOutcome>> ApplyEvents(const std::vector<boost::json::object>& events);
  Result<std::vector<engine::EventOutcome>> ApplyEvents(
      const std::vector<boost::json::object>& events,
      const std::function<Result<void>(soci::session&)>& alongside);

  const program::Program& program() const { return program_; }

  // Decides, inside the append transaction, whether to go on: it runs after the
  // log is locked and the engine has caught up with it (nullptr while the log
  // is empty), so what it sees cannot change before the commit. Writes it makes
  // commit with the events.
  using AppendCondition = std::function<Result<bool>(soci::session&, const engine::Engine*)>;
  // Runs after the events were applied, in the same transaction.
  using AfterAppend = std::function<Result<void>(soci::session&)>;
  // Apply, if `condition` says so (nullopt when it declined: nothing was
  // appended). The scheduler claims its job run this way, so that the claim
  // and the events it appends commit together or not at all.
  Result<std::optional<std::vector<engine::EventOutcome>>> ApplyIf(
      const std::vector<engine::Command>& commands, const AppendCondition& condition,
      const AfterAppend& after);

  // Check-then-act for staff actions: `check` sees the engine inside the
  // append transaction (locked, caught up), so no other process can change
  // what it judged before the events commit; an error from it is the answer
  // and nothing is appended. `after` sees the engine with the events applied,
  // in the same transaction (the audit entry of what they did). The log must
  // not be empty.
  using EngineCheck = std::function<Result<void>(const engine::Engine&)>;
  using AfterApplied = std::function<Result<void>(soci::session&, const engine::Engine&)>;
  Result<void> ApplyChecked(const std::vector<engine::Command>& commands, const EngineCheck& check,
                            const AfterApplied& after);

  // Runs inside every append transaction that logged events, after them, with
  // the engine as they left it, where it stood before (`before`) and the
  // commands logged: the place for records every effect of the engine must
  // leave (the notices it emails). Not run when the log is replayed. Set once,
  // before the journal is shared.
  using EffectsHook =
      std::function<Result<void>(soci::session&, const engine::Engine&, const engine::EngineMarks& before,
                                 const std::vector<engine::Command>& commands)>;
  void SetEffectsHook(EffectsHook hook) { effects_hook_ = std::move(hook); }

  // True while the log holds no event (a new store).
  bool Empty();

  // Runs `read` against the engine under the service's lock, after catching up
  // with events other processes appended (one cheap query when there are
  // none), so that every process sees what another one ran. `read` is not
  // called while the log is empty.
  void Read(const std::function<void(const engine::Engine&)>& read);

 private:
  // Every write goes through here: the commands arrive encoded, and are
  // decoded again as replay will decode them, so that what the engine decides
  // now is what it decides from the log.
  Result<std::optional<std::vector<engine::EventOutcome>>> ApplyEventsIf(
      const std::vector<boost::json::object>& events, const AppendCondition& condition,
      const AfterAppend& after);
  // One event of a batch, applied to the engine: its log row and the ledger
  // transactions it made (engine ledger positions [ledger_from, ledger_to)).
  struct LoggedEvent {
    storage::NewEvent row;
    std::size_t ledger_from = 0, ledger_to = 0;
    engine::Command command;  // as applied (a late billing event: as booked)
  };
  // The event's time, refused when it does not parse or lies beyond the
  // program clock's `now` by more than the skew allowed.
  Result<Timestamp> CheckedTime(const boost::json::object& event, std::size_t index, std::string_view type,
                                Timestamp now) const;
  // Decodes, checks and applies event `index` of a batch to be logged as
  // `seq`; nullopt for a billing event's retry (already applied).
  // `engine_touched` is set once the engine may have changed.
  Result<std::optional<LoggedEvent>> ApplyOne(const boost::json::object& event, std::size_t index,
                                              long long seq, bool& engine_touched);
  void Append(storage::EngineEventStore& store, const std::vector<LoggedEvent>& logged);
  Result<void> CatchUp(soci::session& session);
  Result<void> ReplayFromScratch();

  storage::Database& database_;
  program::Program program_;
  const Clock& clock_;  // the wall clock
  const Clock& program_clock_;
  std::chrono::seconds max_future_skew_;
  std::mutex mutex_;
  std::unique_ptr<engine::Engine> engine_;  // null until the first event
  long long applied_seq_ = 0;
  EffectsHook effects_hook_;
};

}  // namespace wakala::journal
