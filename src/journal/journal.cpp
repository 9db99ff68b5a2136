#include "journal/journal.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <type_traits>
#include <variant>

#include "core/calendar.hpp"
#include "engine/codec.hpp"
#include "storage/engine_store.hpp"

namespace wakala::journal {

namespace json = boost::json;

namespace {

std::string StringField(const json::object& event, const char* key) {
  const auto* value = event.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The same billing event id with the same content: a retry.
bool IsRetry(const engine::Engine& engine, const engine::Command& command) {
  return std::visit(
      [&](const auto& event) {
        using Event = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<Event, engine::InvoicePaid> || std::is_same_v<Event, engine::Refund>) {
          const auto* seen = engine.BillingFingerprint(event.id);
          return !event.id.empty() && seen != nullptr && *seen == engine::BillingFingerprint(event);
        } else {
          return false;
        }
      },
      command);
}

// Books a billing event at `at`, keeping when it happened as occurred_at.
void BookAt(engine::Command& command, Timestamp at, const std::string& occurred_at) {
  std::visit(
      [&](auto& event) {
        using Event = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<Event, engine::InvoicePaid> || std::is_same_v<Event, engine::Refund>) {
          event.at = at;
          event.occurred_at = occurred_at;
        }
      },
      command);
}

std::vector<json::object> Encoded(const std::vector<engine::Command>& commands,
                                  const program::Program& program) {
  std::vector<json::object> events;
  events.reserve(commands.size());
  for (const auto& command : commands) events.push_back(engine::EncodeEvent(command, program));
  return events;
}

}  // namespace

Journal::Journal(storage::Database& database, program::Program program, const Clock& wall_clock,
                 const Clock& program_clock, std::chrono::seconds max_future_skew)
    : database_(database),
      program_(std::move(program)),
      clock_(wall_clock),
      program_clock_(program_clock),
      max_future_skew_(max_future_skew) {}

Result<void> Journal::Load() {
  std::lock_guard lock(mutex_);
  if (auto replayed = ReplayFromScratch(); !replayed) return replayed;
  // The replay must give the books that were written when the events were
  // decided; if not, an engine rule changed without a new rules version and
  // the past would change silently: refuse to start instead.
  return database_.Read([&](soci::session& session) -> Result<void> {
    const auto stored = storage::EngineEventStore(session).Summary();
    long long movements = 0;
    long long cents = 0;
    if (engine_) {
      for (const auto& transaction : engine_->ledger().transactions()) {
        for (const auto& movement : ledger::Movements(transaction)) {
          ++movements;
          cents += movement.amount.cents();
        }
      }
    }
    if (stored.movements == movements && stored.cents == cents) return {};
    return Fail(Error::Internal(fmt::format(
        "replaying the engine log gives other books than those stored ({} ledger movements of {} cents "
        "stored, {} of {} replayed): an engine rule changed without a new rules version "
        "(docs/engine.md, \"Rules versions\")",
        stored.movements, stored.cents, movements, cents)));
  });
}

Result<void> Journal::ReplayFromScratch() {
  engine_.reset();
  applied_seq_ = 0;
  return database_.Read([&](soci::session& session) { return CatchUp(session); });
}

Result<void> Journal::CatchUp(soci::session& session) {
  storage::EngineEventStore store(session);
  for (const auto& stored : store.EventsAfter(applied_seq_)) {
    boost::system::error_code ec;
    auto value = json::parse(stored.body, ec);
    if (ec || !value.is_object()) {
      return Fail(Error::Internal(fmt::format("engine_events seq {} is not a JSON object", stored.seq)));
    }
    auto& event = value.as_object();
    if (!engine_) {
      auto start = ParseRfc3339Timestamp(StringField(event, "at"));
      if (!start)
        return Fail(
            Error::Internal(fmt::format("engine_events seq {}: {}", stored.seq, start.error().message)));
      engine_ = std::make_unique<engine::Engine>(program_, *start);
    }
    if (stored.rules_version < engine::kFirstRulesVersion || stored.rules_version > engine::kRulesVersion) {
      return Fail(Error::Internal(fmt::format(
          "engine_events seq {} was decided under rules version {}; this binary knows versions {} "
          "to {} (run the binary that wrote it, or a newer one)",
          stored.seq, stored.rules_version, engine::kFirstRulesVersion, engine::kRulesVersion)));
    }
    // Each event is replayed under the rules it was decided under, so that
    // history replays as it was decided (docs/engine.md, "Rules versions").
    engine_->UseRules(stored.rules_version);
    // Events of the first rules were taken before the strict money grammar
    // and text checks: they replay with the readings they were taken with.
    const auto reading = stored.rules_version == engine::kFirstRulesVersion
                             ? engine::Reading::kStoredBeforeStrictInput
                             : engine::Reading::kInput;
    auto applied = engine::ApplyEvent(*engine_, event, static_cast<std::size_t>(stored.seq), reading);
    engine_->UseRules(engine::kRulesVersion);
    if (!applied) {
      // The log only holds events that applied once; the same engine must take them again.
      return Fail(Error::Internal("replaying the engine log failed: " + applied.error().message));
    }
    applied_seq_ = stored.seq;
  }
  return {};
}

Result<std::vector<engine::EventOutcome>> Journal::Apply(const std::vector<engine::Command>& commands) {
  return ApplyEvents(Encoded(commands, program_));
}

Result<std::vector<engine::EventOutcome>> Journal::Apply(const std::vector<engine::Command>& commands,
                                                         const AfterAppend& alongside) {
  return ApplyEvents(Encoded(commands, program_), alongside);
}

Result<std::optional<std::vector<engine::EventOutcome>>> Journal::ApplyIf(
    const std::vector<engine::Command>& commands, const AppendCondition& condition,
    const AfterAppend& after) {
  return ApplyEventsIf(Encoded(commands, program_), condition, after);
}

Result<std::vector<engine::EventOutcome>> Journal::ApplyEvents(const std::vector<json::object>& events) {
  auto applied = ApplyEventsIf(events, nullptr, nullptr);
  if (!applied) return Fail(applied.error());
  return std::move(**applied);
}

Result<std::vector<engine::EventOutcome>> Journal::ApplyEvents(const std::vector<json::object>& events,
                                                               const AfterAppend& alongside) {
  auto applied = ApplyEventsIf(events, nullptr, alongside);
  if (!applied) return Fail(applied.error());
  return std::move(**applied);
}

Result<Timestamp> Journal::CheckedTime(const json::object& event, std::size_t index, std::string_view type,
                                       Timestamp now) const {
  auto at = ParseRfc3339Timestamp(StringField(event, "at"));
  std::string problem;
  if (!at) {
    problem = "at: " + at.error().message;
  } else if (*at > now + max_future_skew_) {
    // Program time moves only with the program clock: an event dated beyond
    // it (a mistyped year, a billing system with a wrong clock) would mature
    // commissions and close quarters early, for good.
    problem = fmt::format("at: {} is ahead of the server's clock ({}) by more than the {} s allowed",
                          FormatEat(*at), FormatEat(now), max_future_skew_.count());
  }
  if (problem.empty()) return *at;
  return Fail(Error::Invalid(fmt::format("event {} ({}): {}", index, type, problem),
                             {{fmt::format("events/{}/at", index), problem}}));
}

Result<std::optional<Journal::LoggedEvent>> Journal::ApplyOne(const json::object& event, std::size_t index,
                                                              long long seq, bool& engine_touched) {
  auto decoded = engine::DecodeEvent(event, program_, index);
  if (decoded && engine_ && IsRetry(*engine_, *decoded))
    return std::nullopt;  // nothing to do, nothing to log
  const std::string type = StringField(event, "type");
  const Timestamp now = program_clock_.Now();
  auto at = CheckedTime(event, index, type, now);
  if (!at) return Fail(at.error());
  if (!decoded) return Fail(decoded.error());
  engine::Command& command = *decoded;
  if (!engine_) engine_ = std::make_unique<engine::Engine>(program_, *at);
  // A billing event dated before the engine's clock (reported after a
  // scheduled run or a later event moved time on) is booked at the clock,
  // and one dated a little ahead of the program clock (within the skew) is
  // booked at the program clock; either keeps its own time as occurred_at:
  // the log stays in time order and a retry still matches it (the
  // fingerprint ignores both times).
  const Timestamp booking_time = std::max(engine_->clock(), std::min(*at, now));
  const bool booked_late = engine::IsBillingEvent(command) && *at != booking_time;
  if (booked_late) BookAt(command, booking_time, StringField(event, "at"));
  LoggedEvent logged;
  logged.ledger_from = engine_->ledger().size();
  engine_touched = true;
  if (auto applied = engine::ApplyCommand(*engine_, command, index); !applied) return Fail(applied.error());
  logged.ledger_to = engine_->ledger().size();
  logged.command = command;
  storage::NewEvent& row = logged.row;
  row.seq = seq;
  row.type = type;
  row.event_id = StringField(event, "id");
  row.at = ToUnixSeconds(engine::CommandTime(command));  // a late one: the booked time
  // The event as it came decodes to this very command; one booked late is
  // stored as booked.
  row.body = json::serialize(booked_late ? engine::EncodeEvent(command, program_) : event);
  row.recorded_at = ToUnixSeconds(clock_.Now());
  row.rules_version = engine_->rules_version();  // kRulesVersion: what new events are decided under
  return std::optional(std::move(logged));
}

void Journal::Append(storage::EngineEventStore& store, const std::vector<LoggedEvent>& logged) {
  std::vector<storage::NewEvent> rows;
  rows.reserve(logged.size());
  for (const auto& event : logged) rows.push_back(event.row);
  store.AppendEvents(rows);
  if (!engine_) return;
  const auto& transactions = engine_->ledger().transactions();
  std::vector<storage::EventTransactions> produced;
  produced.reserve(logged.size());
  for (const auto& event : logged) {
    if (event.ledger_to == event.ledger_from) continue;
    produced.push_back(
        {event.row.seq,
         std::span(transactions).subspan(event.ledger_from, event.ledger_to - event.ledger_from)});
  }
  store.AppendTransactions(produced);
}

Result<std::optional<std::vector<engine::EventOutcome>>> Journal::ApplyEventsIf(
    const std::vector<json::object>& events, const AppendCondition& condition, const AfterAppend& after) {
  std::lock_guard lock(mutex_);
  std::vector<engine::EventOutcome> outcomes;
  bool engine_touched = false;
  bool declined = false;
  auto written = database_.Write([&](soci::session& session) -> Result<void> {
    storage::EngineEventStore store(session);
    if (database_.engine() == storage::Engine::kPostgres) store.LockLogForAppend();
    if (auto caught_up = CatchUp(session); !caught_up) return caught_up;
    if (condition) {
      auto go_on = condition(session, engine_.get());
      if (!go_on) return Fail(go_on.error());
      if (!*go_on) {
        declined = true;
        return {};
      }
    }
    const long long first_seq = store.LastSeq() + 1;
    if (first_seq != applied_seq_ + 1) {
      return Fail(Error::Internal("engine log and engine are out of step"));
    }
    const engine::EngineMarks before = engine_ ? engine_->Marks() : engine::EngineMarks{};
    std::vector<LoggedEvent> logged;
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto applied =
          ApplyOne(events[i], i, first_seq + static_cast<long long>(logged.size()), engine_touched);
      if (!applied) return Fail(applied.error());
      // A retried webhook is answered as not applied, and not logged again.
      outcomes.push_back(engine::EventOutcome{StringField(events[i], "type"), StringField(events[i], "id"),
                                              applied->has_value()});
      if (*applied) logged.push_back(std::move(**applied));
    }
    Append(store, logged);
    if (!logged.empty()) applied_seq_ = logged.back().row.seq;
    if (effects_hook_ && !logged.empty()) {
      std::vector<engine::Command> commands;
      commands.reserve(logged.size());
      for (const auto& event : logged) commands.push_back(event.command);
      if (auto recorded = effects_hook_(session, *engine_, before, commands); !recorded) return recorded;
    }
    if (after) return after(session);
    return {};
  });
  if (!written) {
    // The transaction rolled back; the engine in memory may hold part of the
    // batch, so it is rebuilt from the log (rare: only after a refused batch).
    if (engine_touched) {
      if (auto replayed = ReplayFromScratch(); !replayed) return Fail(replayed.error());
    }
    return Fail(written.error());
  }
  if (declined) return std::optional<std::vector<engine::EventOutcome>>();
  return std::optional(std::move(outcomes));
}

Result<void> Journal::ApplyChecked(const std::vector<engine::Command>& commands, const EngineCheck& check,
                                   const AfterApplied& after) {
  // The engine the condition saw is the one the events are applied to and
  // `after` reads: engine_ is replaced only after a failed transaction.
  const engine::Engine* checked = nullptr;
  auto applied = ApplyEventsIf(
      Encoded(commands, program_),
      [&](soci::session&, const engine::Engine* engine) -> Result<bool> {
        if (engine == nullptr) return Fail(Error::NotFound("the commission engine has no history yet"));
        if (auto allowed = check(*engine); !allowed) return Fail(allowed.error());
        checked = engine;
        return true;
      },
      [&](soci::session& session) -> Result<void> {
        if (!after) return {};
        return after(session, *checked);
      });
  if (!applied) return Fail(applied.error());
  return {};
}

bool Journal::Empty() {
  std::lock_guard lock(mutex_);
  return applied_seq_ == 0;
}

void Journal::Read(const std::function<void(const engine::Engine&)>& read) {
  std::lock_guard lock(mutex_);
  // A failed catch-up leaves the engine where the last event it took left it:
  // still a consistent state, only older, so the read goes on with it.
  auto caught_up = database_.Read([&](soci::session& session) -> Result<void> {
    if (storage::EngineEventStore(session).LastSeq() == applied_seq_) return {};
    return CatchUp(session);
  });
  if (!caught_up)
    spdlog::warn("engine: catching up with the event log failed: {}", caught_up.error().message);
  if (engine_) read(*engine_);
}

}  // namespace wakala::journal
