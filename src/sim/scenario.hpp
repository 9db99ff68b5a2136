#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "engine/engine.hpp"

namespace wakala::sim {

struct SimulationOptions {
  // Check every invariant of the books after every event (tests and the
  // random generator); a violation is an internal error naming the event.
  bool check_invariants = true;
  // The engine rules to decide every event under (engine::kFirstRulesVersion …
  // kRulesVersion): an older version replays what those rules decided.
  int rules_version = engine::kRulesVersion;
};

// Runs a scenario (../shared/spec/scenarios.md) through the commission
// engine and returns the resulting state as JSON text, byte-for-byte stable.
// An invalid scenario is an Error whose message is one line naming the event
// index (or agent/client id), the field and what is wrong.
Result<std::string> RunScenario(std::string_view json_text, const SimulationOptions& options = {});

}  // namespace wakala::sim
