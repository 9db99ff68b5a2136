#include "engine/program_views.hpp"

#include <algorithm>
#include <set>

namespace wakala::engine {

std::vector<TierChange> TierChanges(const Engine& engine) {
  const auto& program = engine.program();
  std::vector<TierChange> changes;
  for (const auto& [id, agent] : engine.agents()) {
    // The tier it joined at: the first evaluation's "from", else today's tier.
    const std::string joined =
        agent.evaluations.empty() ? program.TierName(agent.facts.tier) : agent.evaluations.front().from;
    changes.push_back(TierChange{0, id, agent.facts.activated_at, "", joined, "joined"});
    for (const auto& evaluation : agent.evaluations) {
      if (evaluation.from == evaluation.to) continue;
      const bool is_override = evaluation.quarter == "override";
      changes.push_back(TierChange{0, id, evaluation.at, evaluation.from, evaluation.to,
                                   is_override ? "staff override: " + evaluation.reason
                                               : "quarterly evaluation " + evaluation.quarter});
    }
  }
  // Stable order: time, then agent; within an agent the history's own order.
  std::stable_sort(changes.begin(), changes.end(), [](const TierChange& a, const TierChange& b) {
    return std::tie(a.at, a.agent) < std::tie(b.at, b.agent);
  });
  long long seq = 0;
  for (auto& change : changes) change.seq = ++seq;
  return changes;
}

DryRun QuarterCloseDryRun(const Engine& engine, Timestamp now) {
  DryRun dry_run;
  const EatQuarter quarter = EatQuarter::Of(std::max(now, engine.clock()));
  dry_run.quarter = quarter.ToString();
  dry_run.close_at = quarter.Next().Start();
  // Tiers and clients only: a copy without the money, so the cost follows
  // the agents and clients, not the history. It is dropped afterwards; an
  // error cannot reach the real engine.
  Engine copy(engine, Engine::WithoutMoney{});
  static_cast<void>(copy.Apply(Advance{dry_run.close_at}));
  for (const auto& [id, after] : copy.agents()) {
    const auto& before = engine.agents().at(id);
    if (before.terminated) continue;
    ++dry_run.agents_evaluated;
    if (before.facts.tier == after.facts.tier) continue;
    DryRunChange change{
        id, engine.program().TierName(before.facts.tier), copy.program().TierName(after.facts.tier), {}};
    if (!after.evaluations.empty()) change.checks = after.evaluations.back().checks;
    dry_run.changes.push_back(std::move(change));
  }
  for (const auto& [id, client] : engine.clients()) {
    if (!client.association) continue;
    const std::string from = engine.associations()[*client.association].agent;
    const auto& moved = copy.clients().at(id);
    std::optional<std::string> to;
    if (moved.association) to = copy.associations()[*moved.association].agent;
    if (to && *to == from) continue;
    dry_run.reassignments.push_back(DryRunReassignment{id, from, to});
  }
  return dry_run;
}

std::vector<std::string> CertificationLabels(const Engine& engine, const std::string& agent_id,
                                             Timestamp at) {
  std::set<std::string> labels;
  const auto found = engine.agents().find(agent_id);
  if (found == engine.agents().end()) return {};
  for (const auto& person : found->second.facts.people) {
    for (const auto& certification : person.certifications) {
      if (certification.valid_from > at || EndOfEatDay(certification.valid_until) <= at) continue;
      switch (certification.kind) {
        case CertificationKind::kSales:
          labels.insert("sales");
          break;
        case CertificationKind::kYealink:
          labels.insert("yealink");
          break;
        case CertificationKind::k3cx:
        case CertificationKind::kYeastar:
          labels.insert(std::string(certification.kind == CertificationKind::k3cx ? "3cx " : "yeastar ") +
                        std::string(program::TechnicalLevelName(certification.level)));
          break;
      }
    }
  }
  return {labels.begin(), labels.end()};
}

}  // namespace wakala::engine
