// Agents, their people and certifications, and the affiliate 90-day rule (program-rules.md 3).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace wakala::engine {

namespace {

using std::chrono::days;

bool IsValid(const Certification& certification, Timestamp at) {
  return certification.valid_from <= at && at < EndOfEatDay(certification.valid_until);
}

}  // namespace

// ---- setup ----------------------------------------------------------------

Result<void> Engine::Register(AgentFacts facts) {
  if (facts.id.empty()) return Fail(Error::Invalid("agent id is empty"));
  if (agents_.contains(facts.id)) return Fail(Error::Invalid("agent \"" + facts.id + "\" is listed twice"));
  if (facts.residency != "resident" && facts.residency != "non_resident") {
    return Fail(Error::Invalid("agent \"" + facts.id + "\": residency must be resident or non_resident"));
  }
  if (facts.tier < 0 || facts.tier > program_.TopTier()) {
    return Fail(Error::Invalid("agent \"" + facts.id + "\": no such tier"));
  }
  Agent agent;
  agent.facts = std::move(facts);
  if (agent.facts.tier == 0) {
    StartAffiliateWindow(agent, agent.facts.activated_at);
  }
  const std::string id = agent.facts.id;
  auto& [key, stored] = *agents_.emplace(id, std::move(agent)).first;
  agent_index_.emplace(key, &stored);
  active_by_tier_.at(static_cast<std::size_t>(stored.facts.tier)).insert(key);
  return {};
}

Result<void> Engine::Run(const AddAgent& event) {
  if (auto added = Register(event.agent); !added) return added;
  return AdvanceAfterRegistering(event.at);
}

TechnicalLevel Engine::TechnicalLevelOf(const Agent& agent, Timestamp at) const {
  // A person qualifies at their 3CX/Yeastar level only together with Yealink.
  TechnicalLevel best = TechnicalLevel::kNone;
  for (const auto& person : agent.facts.people) {
    bool yealink = false;
    TechnicalLevel level = TechnicalLevel::kNone;
    for (const auto& certification : person.certifications) {
      if (!IsValid(certification, at)) continue;
      if (certification.kind == CertificationKind::kYealink) yealink = true;
      if (certification.kind == CertificationKind::k3cx ||
          certification.kind == CertificationKind::kYeastar) {
        level = std::max(level, certification.level);
      }
    }
    if (yealink) best = std::max(best, level);
  }
  return best;
}

int Engine::SalesCertifiedPeople(const Agent& agent, Timestamp at) const {
  int count = 0;
  for (const auto& person : agent.facts.people) {
    const bool certified =
        std::any_of(person.certifications.begin(), person.certifications.end(),
                    [&](const auto& c) { return c.kind == CertificationKind::kSales && IsValid(c, at); });
    if (certified) ++count;
  }
  return count;
}

void Engine::StartAffiliateWindow(Agent& agent, Timestamp at) {
  agent.window_start = at;
  agent.window_sale = false;
  agent.warnings_sent = 0;
  RefreshAffiliateDue(agent);
}

void Engine::CloseAffiliateWindow(Agent& agent) {
  agent.window_start.reset();
  RefreshAffiliateDue(agent);
}

void Engine::RefreshAffiliateDue(Agent& agent) {
  if (agent.affiliate_due) affiliate_due_.erase({*agent.affiliate_due, agent.facts.id});
  agent.affiliate_due.reset();
  if (!agent.window_start || agent.terminated) return;
  Timestamp due = *agent.window_start + days(program_.affiliate_window_days);
  if (agent.warnings_sent < static_cast<int>(program_.affiliate_warning_days.size()) && !agent.window_sale) {
    due = *agent.window_start +
          days(program_.affiliate_warning_days[static_cast<std::size_t>(agent.warnings_sent)]);
  }
  agent.affiliate_due = due;
  affiliate_due_.emplace(due, agent.facts.id);
}

void Engine::CheckAffiliate(Timestamp at, const std::string& agent_id) {
  Agent& agent = agents_.at(agent_id);
  const Timestamp start = *agent.window_start;
  const Timestamp end = start + days(program_.affiliate_window_days);
  if (at < end) {
    // A warning day: only while no sale has been made in the window.
    const int day = program_.affiliate_warning_days[static_cast<std::size_t>(agent.warnings_sent)];
    ++agent.warnings_sent;
    RefreshAffiliateDue(agent);
    if (!agent.window_sale && at > start_) {
      notifications_.push_back(
          Notification{"affiliate_warning", agent_id, at,
                       fmt::format("day {} of {} without a sale; the rule applies on {}", day,
                                   program_.affiliate_window_days, FormatEat(end))});
    }
    return;
  }
  if (agent.window_sale) {
    CloseAffiliateWindow(agent);  // settled: no more checks until made an affiliate again
    return;
  }
  if (end <= start_) {
    StartAffiliateWindow(agent, end);  // nothing to act on before the simulation starts
    return;
  }
  // 3.3: no sale in the window — recurring commissions not yet paid out are
  // forfeited, the clients go to the highest tiers, and the clock restarts.
  ForfeitAll(agent_id, true, "forfeit/affiliate-rule/" + FormatEat(at), at);
  Reassign(at, {agent_id});
  StartAffiliateWindow(agent, at);
}

Result<void> Engine::Run(const Certify& event) {
  Certification certification = event.certification;
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (event.person.empty()) return Fail(Error::Invalid("person: missing"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  certification.valid_from = event.at;
  auto& people = (*agent)->facts.people;
  auto person =
      std::find_if(people.begin(), people.end(), [&](const Person& p) { return p.id == event.person; });
  if (person == people.end()) {
    people.push_back(Person{event.person, {}});
    person = people.end() - 1;
  }
  person->certifications.push_back(certification);
  return {};
}

Result<void> Engine::Run(const RemovePerson& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  auto& people = (*agent)->facts.people;
  const auto person =
      std::find_if(people.begin(), people.end(), [&](const Person& p) { return p.id == event.person; });
  if (person == people.end())
    return Fail(Error::Invalid("person: agent " + event.agent + " has no person " + event.person));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  people.erase(person);
  return {};
}

Result<void> Engine::Run(const SetAgent& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (event.residency && *event.residency != "resident" && *event.residency != "non_resident") {
    return Fail(Error::Invalid("residency: must be resident or non_resident"));
  }
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  if (event.sip_trunk_active) (*agent)->facts.sip_trunk_active = *event.sip_trunk_active;
  if (event.agreement_signed) (*agent)->facts.agreement_signed = *event.agreement_signed;
  if (event.residency) (*agent)->facts.residency = *event.residency;
  return {};
}

}  // namespace wakala::engine
