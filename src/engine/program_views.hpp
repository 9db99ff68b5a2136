#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"

// Program-wide views over the engine: tier changes with the entitlements they
// carry (what a provisioning system polls), and a quarter close tried on a
// slim copy of the engine (staff's dry run). Pure.
namespace wakala::engine {

struct TierChange {
  long long seq = 0;  // position in the feed, 1-based; stable as the engine only moves forward
  std::string agent;
  Timestamp at{};
  std::string from;  // "" when the agent joined
  std::string to;
  std::string reason;  // "joined", "quarterly evaluation 2026Q1", or a staff override's reason
};

// Every agent's joining and every change of tier, oldest first.
std::vector<TierChange> TierChanges(const Engine& engine);

struct DryRunChange {
  std::string agent, from, to;
  std::vector<CheckResult> checks;
};
struct DryRunReassignment {
  std::string client, from_agent;
  std::optional<std::string> to_agent;  // nullopt: the unassigned pool
};
struct DryRun {
  std::string quarter;
  Timestamp close_at{};
  int agents_evaluated = 0;
  std::vector<DryRunChange> changes;  // only agents whose tier would change
  std::vector<DryRunReassignment> reassignments;
};

// The close of the quarter containing `now`, on the figures so far, run on a
// copy of the program's state without the money (Engine::WithoutMoney): the
// engine itself is not touched, and the cost does not grow with history.
DryRun QuarterCloseDryRun(const Engine& engine, Timestamp now);

// The certifications an agent's people hold at `at` ("3cx advanced",
// "yealink", "sales"), each once, sorted.
std::vector<std::string> CertificationLabels(const Engine& engine, const std::string& agent, Timestamp at);

}  // namespace wakala::engine
