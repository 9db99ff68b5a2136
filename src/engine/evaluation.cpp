// Quarterly evaluation against tier requirements, and staff tier overrides (program-rules.md 3).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace wakala::engine {

MonthFigures Engine::Figures(const std::string& agent, EatMonth month) const {
  const auto by_agent = figures_.find(agent);
  if (by_agent == figures_.end()) return {};
  const auto found = by_agent->second.find(month);
  return found == by_agent->second.end() ? MonthFigures{} : found->second;
}

Engine::Standing Engine::StandingIn(const Agent& agent, EatQuarter quarter, Timestamp at) const {
  Standing standing;
  // Months of the quarter in which the agent was active (a partly active month counts).
  EatMonth month = quarter.FirstMonth();
  for (int i = 0; i < 3; ++i, month = month.Next()) {
    if (agent.facts.activated_at < month.Next().Start()) {
      ++standing.active_months;
      const auto figures = Figures(agent.facts.id, month);
      standing.sales += figures.sales;
      standing.signups += figures.signups;
    }
  }
  standing.active_months = std::max(standing.active_months, 1);
  standing.people = SalesCertifiedPeople(agent, at);
  standing.level = TechnicalLevelOf(agent, at);
  return standing;
}

std::vector<CheckResult> Engine::ChecksFor(const Agent& agent, const Standing& standing,
                                           TierIndex tier) const {
  const auto& tier_def = program_.tiers[static_cast<std::size_t>(tier)];
  const auto& r = tier_def.requirements;
  const int months = standing.active_months;
  const int people = standing.people;
  const TechnicalLevel level = standing.level;
  return {
      {"sip_trunk", tier_def.name, agent.facts.sip_trunk_active ? "true" : "false",
       r.sip_trunk ? "true" : "false", !r.sip_trunk || agent.facts.sip_trunk_active},
      {"sales_certified_people", tier_def.name, std::to_string(people),
       std::to_string(r.sales_certified_people), people >= r.sales_certified_people},
      {"technical_level", tier_def.name, std::string(program::TechnicalLevelName(level)),
       std::string(program::TechnicalLevelName(r.technical_level)), level >= r.technical_level},
      {"agreement_signed", tier_def.name, agent.facts.agreement_signed ? "true" : "false",
       r.agreement_signed ? "true" : "false", !r.agreement_signed || agent.facts.agreement_signed},
      // Exact comparison: total ≥ target × active months (no rounded average).
      {"monthly_sales_avg", tier_def.name, DivideRoundHalfUp(standing.sales, months).ToString(),
       r.monthly_sales.ToString(), standing.sales.cents() >= r.monthly_sales.cents() * months},
      {"monthly_signups_avg", tier_def.name,
       DivideRoundHalfUp(Money::Cents(std::int64_t{standing.signups} * 100), months).ToString(),
       std::to_string(r.monthly_signups) + ".00", standing.signups >= r.monthly_signups * months},
  };
}

Evaluation Engine::Evaluate(const Agent& agent, EatQuarter quarter, Timestamp at) const {
  Evaluation evaluation;
  evaluation.quarter = quarter.ToString();
  evaluation.at = at;
  evaluation.from = program_.TierName(agent.facts.tier);
  const Standing standing = StandingIn(agent, quarter, at);
  TierIndex reached = 0;
  bool still_climbing = true;
  for (TierIndex tier = 1; tier <= program_.TopTier(); ++tier) {
    const auto checks = ChecksFor(agent, standing, tier);
    const bool all_met = std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.met; });
    if (still_climbing) {
      // Explain each tier held, and the first one missed.
      evaluation.checks.insert(evaluation.checks.end(), checks.begin(), checks.end());
    }
    if (all_met && still_climbing) {
      reached = tier;
    } else {
      still_climbing = false;
    }
  }
  evaluation.to = program_.TierName(reached);
  return evaluation;
}

std::vector<CheckResult> Engine::TierChecks(const std::string& agent_id, TierIndex tier, Timestamp at) const {
  const auto found = agents_.find(agent_id);
  if (found == agents_.end() || tier < 1 || tier > program_.TopTier()) return {};
  return ChecksFor(found->second, StandingIn(found->second, EatQuarter::Of(at), at), tier);
}

void Engine::CloseQuarter(Timestamp at, EatQuarter quarter) {
  // All agents are evaluated first; then demoted agents lose their clients,
  // in agent-id order, to agents at their new tiers.
  std::vector<std::string> demoted;
  for (auto& [id, agent] : agents_) {
    if (agent.terminated) continue;
    Evaluation evaluation = Evaluate(agent, quarter, at);
    const TierIndex old_tier = agent.facts.tier;
    const TierIndex new_tier = *program_.FindTier(evaluation.to);
    agent.evaluations.push_back(std::move(evaluation));
    SetTier(agent, new_tier);
    if (new_tier == 0 && old_tier > 0) {
      demoted.push_back(id);
      StartAffiliateWindow(agent, at);  // the 90-day clock restarts
    } else if (new_tier > 0 && agent.window_start) {
      CloseAffiliateWindow(agent);
    }
  }
  Reassign(at, demoted);
}

Result<void> Engine::Run(const OverrideTier& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  const auto tier = program_.FindTier(event.tier);
  if (!tier) return Fail(Error::Invalid("tier: no tier \"" + event.tier + "\""));
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: an override needs a reason"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  Agent& target = **agent;
  Evaluation record;
  record.quarter = "override";
  record.at = event.at;
  record.from = program_.TierName(target.facts.tier);
  record.to = event.tier;
  record.reason = event.reason;
  target.evaluations.push_back(record);
  const TierIndex old_tier = target.facts.tier;
  SetTier(target, *tier);
  if (*tier == 0 && old_tier > 0) {
    StartAffiliateWindow(target, event.at);  // restarts the clock; reassigns nothing
  } else if (*tier > 0 && target.window_start) {
    CloseAffiliateWindow(target);
  }
  return {};
}

}  // namespace wakala::engine
