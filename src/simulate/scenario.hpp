#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "commissions/engine.hpp"
#include "core/error.hpp"

namespace wakala::simulate {

struct SimulationOptions {
  // Check every invariant of the books after every event (tests and the
  // random generator); a violation is an internal error naming the event.
  bool check_invariants = true;
  // The engine rules to decide every event under (commissions::kFirstRulesVersion …
  // kRulesVersion): an older version replays what those rules decided.
  int rules_version = commissions::kRulesVersion;
};

// Runs a scenario (../shared/spec/scenarios.md) through the commission
// engine and returns the resulting state as JSON text, byte-for-byte stable.
// An invalid scenario is an Error whose message is one line naming the event
// index (or agent/client id), the field and what is wrong.
Result<std::string> RunScenario(std::string_view json_text, const SimulationOptions& options = {});

// A billing event's content without its time, keys sorted: equal for retries
// of one webhook, different for anything else.
std::string Fingerprint(const boost::json::object& event);

// Applies one event in the scenario format to an engine: the same decoding
// for `wakala simulate`, the server's stored event log and the ingest API.
// `index` names the event in error messages ("event 14 (refund): …").
// `stored_history`: the event comes from a log written under rules version 1,
// before input was held to the strict money grammar and the control-character
// check; it is replayed with the readings it was taken with then.
enum class Reading { kInput, kStoredBeforeStrictInput };
Result<void> ApplyEvent(commissions::Engine& engine, const boost::json::object& event, std::size_t index,
                        Reading reading = Reading::kInput);

}  // namespace wakala::simulate
