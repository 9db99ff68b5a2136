#include "agents/staff_agents_service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "agents/audit.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "engine/json_views.hpp"

namespace wakala::agents {

namespace json = boost::json;
using accounts::Principal;
using engine::Engine;

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

Error UnknownAgent(const std::string& agent_id) {
  return Error::NotFound("no agent " + agent_id + " in the program");
}

// A reason staff give for an action: kept trimmed, required, bounded.
std::string CheckReason(const std::string& reason, std::vector<FieldError>& problems) {
  std::string trimmed(Trim(reason));
  if (trimmed.empty()) problems.push_back({"reason", "is required"});
  if (CountCharacters(trimmed) > StaffAgentsService::kMaxReasonLength) {
    problems.push_back(
        {"reason", fmt::format("must be at most {} characters", StaffAgentsService::kMaxReasonLength)});
  }
  return trimmed;
}

std::string TierNames(const program::Program& program) {
  std::vector<std::string> names;
  names.reserve(program.tiers.size());
  for (const auto& tier : program.tiers) names.push_back(tier.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

// The agent the action is about: known to the engine (404) and not
// terminated (409: a terminated agent takes no further staff action).
Result<const engine::Agent*> ActiveAgent(const Engine& engine, const std::string& agent_id,
                                         std::string_view action) {
  const auto found = engine.agents().find(agent_id);
  if (found == engine.agents().end()) return Fail(UnknownAgent(agent_id));
  if (found->second.terminated) {
    return Fail(Error::Conflict(fmt::format("agent {} is terminated; it cannot {}", agent_id, action)));
  }
  return &found->second;
}

std::optional<AffiliateClock> ClockOf(const Engine& engine, const engine::Agent& agent, Timestamp as_of) {
  if (agent.terminated || agent.facts.tier != 0 || !agent.window_start) return std::nullopt;
  AffiliateClock clock;
  clock.window_start = *agent.window_start;
  clock.window_end = *agent.window_start + std::chrono::days(engine.program().affiliate_window_days);
  const std::int64_t seconds_left = (clock.window_end - as_of).count();
  clock.days_left =
      seconds_left <= 0 ? 0 : static_cast<int>((seconds_left + kSecondsPerDay - 1) / kSecondsPerDay);
  clock.sale_made = agent.window_sale;
  return clock;
}

AgentSummary Summarise(const Engine& engine, const engine::Agent& agent, const agents::AgentProfile* profile,
                       Timestamp as_of) {
  AgentSummary summary;
  summary.id = agent.facts.id;
  if (profile != nullptr) {
    summary.name = profile->name;
    summary.referral_id = profile->referral_id;
    summary.email = profile->email;
  }
  // Agents registered before profiles kept contact details (the demo, imported
  // histories) have them only in the engine.
  if (summary.email.empty()) summary.email = agent.facts.email;
  summary.tier = engine.program().TierName(agent.facts.tier);
  summary.terminated = agent.terminated;
  summary.activated_at = agent.facts.activated_at;
  summary.affiliate_clock = ClockOf(engine, agent, as_of);
  summary.balances = ledger::BalancesOf(engine.ledger(), agent.facts.id);
  return summary;
}

bool Matches(const AgentSummary& summary, const AgentQuery& query) {
  if (query.tier && summary.tier != *query.tier) return false;
  if (query.status && (*query.status == "terminated") != summary.terminated) return false;
  if (query.affiliate_due_within) {
    const auto& clock = summary.affiliate_clock;
    if (!clock || clock->sale_made || clock->days_left > *query.affiliate_due_within) return false;
  }
  if (!query.q.empty()) {
    const std::string needle = ToLower(query.q);
    const std::array<const std::string*, 4> searched{&summary.id, &summary.name, &summary.email,
                                                     &summary.referral_id};
    const bool found = std::any_of(searched.begin(), searched.end(), [&](const std::string* field) {
      return ToLower(*field).find(needle) != std::string::npos;
    });
    if (!found) return false;
  }
  return true;
}

Money TotalOf(const std::vector<engine::Forfeit>& forfeits) {
  Money total;
  for (const auto& forfeit : forfeits) total += forfeit.amount;
  return total;
}

}  // namespace

std::string ManualCommissionId(const std::string& agent_id, const std::string& idempotency_key) {
  return "MC-" + agent_id + "-" + idempotency_key;
}

StaffAgentsService::StaffAgentsService(Journal& journal, const Clock& clock)
    : journal_(journal), clock_(clock) {}

Timestamp StaffAgentsService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

Result<AgentPage> StaffAgentsService::List(const Principal& actor, const AgentQuery& query) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  if (query.tier && !journal_.program().FindTier(*query.tier)) {
    problems.push_back({"tier", "must be one of " + TierNames(journal_.program())});
  }
  if (query.status && *query.status != "active" && *query.status != "terminated") {
    problems.push_back({"status", "must be active or terminated"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("invalid agent filter", std::move(problems)));

  std::map<std::string, agents::AgentProfile> profiles;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (auto& profile : stores.agents.ListAgentProfiles()) {
      const std::string id = profile.id;
      profiles.emplace(id, std::move(profile));
    }
    return {};
  });
  if (!read) return Fail(read.error());

  // Tier, status, balances and the clock live in the engine, so the filters
  // run here over every agent (a program has hundreds, not millions).
  AgentPage page;
  page.as_of = clock_.Now();
  journal_.Read([&](const Engine& engine) {
    page.as_of = std::max(page.as_of, engine.clock());
    for (const auto& [id, agent] : engine.agents()) {
      const auto profile = profiles.find(id);
      AgentSummary summary =
          Summarise(engine, agent, profile == profiles.end() ? nullptr : &profile->second, page.as_of);
      if (!Matches(summary, query)) continue;
      if (page.total >= query.offset && page.items.size() < query.limit)
        page.items.push_back(std::move(summary));
      ++page.total;
    }
  });
  return page;
}

Result<AgentDetail> StaffAgentsService::Get(const Principal& actor, const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  auto read_profile =
      journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindAgentProfile(agent_id); });
  if (!read_profile) return Fail(read_profile.error());
  auto& profile = *read_profile;
  std::optional<AgentDetail> detail;
  const Timestamp now = clock_.Now();
  journal_.Read([&](const Engine& engine) {
    const auto found = engine.agents().find(agent_id);
    if (found == engine.agents().end()) return;
    const auto& agent = found->second;
    detail.emplace();
    detail->as_of = std::max(now, engine.clock());
    detail->summary = Summarise(engine, agent, profile ? &*profile : nullptr, detail->as_of);
    detail->phone = profile && !profile->phone.empty() ? profile->phone : agent.facts.phone;
    detail->sip_trunk_active = agent.facts.sip_trunk_active;
    detail->agreement_signed = agent.facts.agreement_signed;
    if (profile) {
      detail->town = profile->town;
      detail->website = profile->website;
      detail->application_id = profile->application_id;
    }
    detail->tier_history = agent.evaluations;
    for (auto& evaluation : detail->tier_history) evaluation.checks.clear();  // served by /evaluations
    for (const auto& association : engine.associations()) {
      if (association.agent == agent_id) detail->associations.push_back(association);
    }
    detail->violations = agent.violations;
    detail->termination = agent.termination;
  });
  if (!detail) return Fail(UnknownAgent(agent_id));
  return std::move(*detail);
}

Result<RecordedViolation> StaffAgentsService::RecordViolation(const Principal& actor,
                                                              const std::string& agent_id,
                                                              const ViolationRequest& request,
                                                              const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(request.reason, problems);
  if (request.all_unpaid && !request.commission_ids.empty()) {
    problems.push_back({"commission_ids", "give either commission_ids or all_unpaid, not both"});
  } else if (!request.all_unpaid && request.commission_ids.empty()) {
    problems.push_back({"commission_ids", "name the commissions concerned, or set all_unpaid to true"});
  }
  const std::set<std::string> distinct(request.commission_ids.begin(), request.commission_ids.end());
  if (distinct.size() != request.commission_ids.size()) {
    problems.push_back({"commission_ids", "names a commission twice"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the violation cannot be recorded as given", problems));

  const Timestamp at = ActionTime();
  const engine::Command event =
      engine::Violation{at, agent_id, request.all_unpaid,
                        request.all_unpaid ? std::vector<std::string>{} : request.commission_ids, reason};
  RecordedViolation recorded;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (auto agent = ActiveAgent(engine, agent_id, "get a violation"); !agent) return Fail(agent.error());
        std::vector<FieldError> wrong;
        for (const auto& id : request.commission_ids) {
          const auto found = engine.commissions().find(id);
          if (found == engine.commissions().end() || found->second.agent != agent_id) {
            wrong.push_back({"commission_ids", "\"" + id + "\" is not a commission of " + agent_id});
          } else if (found->second.Left() <= Money{}) {
            wrong.push_back({"commission_ids", "\"" + id + "\" has nothing left to forfeit (it is " +
                                                   engine.CommissionState(found->second) + ")"});
          }
        }
        if (!wrong.empty()) return Fail(Error::Invalid("the violation cannot be recorded as given", wrong));
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        recorded.violation = engine.agents().at(agent_id).violations.back();
        recorded.balances = ledger::BalancesOf(engine.ledger(), agent_id);
        stores.accounts.AppendAudit(
            AuditOf(actor, "agent_violation_recorded", "agent:" + agent_id, at, ip,
                    json::object{{"reason", reason},
                                 {"all_unpaid", request.all_unpaid},
                                 {"forfeited", engine::ForfeitsJson(recorded.violation.forfeited)},
                                 {"forfeited_total", TotalOf(recorded.violation.forfeited).ToString()}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return recorded;
}

Result<Termination> StaffAgentsService::Terminate(const Principal& actor, const std::string& agent_id,
                                                  const std::string& reason_given, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the termination needs a reason", problems));
  const Timestamp at = ActionTime();
  const engine::Command event = engine::Terminate{at, agent_id, reason};
  Termination result;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (auto agent = ActiveAgent(engine, agent_id, "be terminated again"); !agent)
          return Fail(agent.error());
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        result.termination = *engine.agents().at(agent_id).termination;
        result.balances = ledger::BalancesOf(engine.ledger(), agent_id);
        json::array reassigned;
        for (const auto& move : result.termination.reassigned) {
          reassigned.push_back(json::object{{"client", move.client},
                                            {"to", move.to ? json::value(*move.to) : json::value(nullptr)}});
        }
        auto& accounts = stores.accounts;
        // Its users' sign-ins as clients end with the agent (wall clock, like every session).
        accounts.EndImpersonationsOfAgent(agent_id, SystemClock().Now(), "agent_terminated");
        accounts.AppendAudit(
            AuditOf(actor, "agent_terminated", "agent:" + agent_id, at, ip,
                    json::object{{"reason", reason},
                                 {"forfeited", engine::ForfeitsJson(result.termination.forfeited)},
                                 {"forfeited_total", TotalOf(result.termination.forfeited).ToString()},
                                 {"reassigned", std::move(reassigned)}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return result;
}

Result<PostedCommission> StaffAgentsService::PostManualCommission(const Principal& actor,
                                                                  const std::string& agent_id,
                                                                  const ManualCommissionRequest& request,
                                                                  const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(request.reason, problems);
  const auto category = program::ParseCategory(request.category);
  if (!category || *category == program::Category::kDeposit) {
    std::vector<std::string_view> names;
    for (const auto candidate : program::kCategories) {
      if (candidate != program::Category::kDeposit) names.push_back(program::CategoryName(candidate));
    }
    problems.push_back({"category", category ? "deposits are never commissionable"
                                             : fmt::format("must be one of {}", fmt::join(names, ", "))});
  }
  if (request.amount <= Money{}) problems.push_back({"amount", "must be more than 0.00"});
  if (!problems.empty())
    return Fail(Error::Invalid("the manual commission cannot be posted as given", problems));

  const std::string id = ManualCommissionId(agent_id, request.idempotency_key);
  // A commission this key made already answers the retry; the same key for
  // something else is a mistake the caller must see.
  const auto replay = [&](const engine::Commission& existing, std::string state) -> Result<PostedCommission> {
    if (existing.agent != agent_id || existing.amount != request.amount || existing.category != category ||
        existing.reason != reason) {
      return Fail(Error::Conflict(fmt::format(
          "Idempotency-Key was used for a manual commission of {} ({}); a different commission needs a new "
          "key",
          existing.amount.ToString(), existing.category ? program::CategoryName(*existing.category) : "")));
    }
    return PostedCommission{existing, std::move(state), true};
  };
  std::optional<Result<PostedCommission>> replayed;
  journal_.Read([&](const Engine& engine) {
    if (const auto found = engine.commissions().find(id); found != engine.commissions().end()) {
      replayed = replay(found->second, engine.CommissionState(found->second));
    }
  });
  if (replayed) return std::move(*replayed);

  const Timestamp at = ActionTime();
  const engine::Command event = engine::ManualCommission{at, id, agent_id, request.amount, *category, reason};
  PostedCommission posted;
  bool raced = false;  // another request with this key got in first
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (auto agent = ActiveAgent(engine, agent_id, "earn a manual commission"); !agent)
          return Fail(agent.error());
        if (engine.commissions().contains(id)) {
          raced = true;
          return Fail(Error::Conflict("commission " + id + " exists already"));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        const auto& commission = engine.commissions().at(id);
        posted.commission = commission;
        posted.state = engine.CommissionState(commission);
        stores.accounts.AppendAudit(AuditOf(actor, "manual_commission_posted", "agent:" + agent_id, at, ip,
                                            json::object{{"commission_id", id},
                                                         {"amount", commission.amount.ToString()},
                                                         {"category", program::CategoryName(*category)},
                                                         {"reason", reason}}));
        return {};
      });
  if (!applied && raced) {
    journal_.Read([&](const Engine& engine) {
      const auto& existing = engine.commissions().at(id);
      replayed = replay(existing, engine.CommissionState(existing));
    });
    return std::move(*replayed);
  }
  if (!applied) return Fail(applied.error());
  return posted;
}

Result<TierOverride> StaffAgentsService::OverrideTier(const Principal& actor, const std::string& agent_id,
                                                      const std::string& tier,
                                                      const std::string& reason_given,
                                                      const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, problems);
  if (!journal_.program().FindTier(tier)) {
    problems.push_back({"tier", "must be one of " + TierNames(journal_.program())});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the tier override cannot be made as given", problems));
  const Timestamp at = ActionTime();
  const engine::Command event = engine::OverrideTier{at, agent_id, tier, reason};
  TierOverride result;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        auto agent = ActiveAgent(engine, agent_id, "have its tier overridden");
        if (!agent) return Fail(agent.error());
        // An override that changes nothing would only clutter the tier history.
        if (engine.program().TierName((*agent)->facts.tier) == tier) {
          return Fail(
              Error::Invalid("the tier override changes nothing", {{"tier", "is the agent's tier already"}}));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        result.change = engine.agents().at(agent_id).evaluations.back();
        stores.accounts.AppendAudit(AuditOf(
            actor, "agent_tier_overridden", "agent:" + agent_id, at, ip,
            json::object{{"from", result.change.from}, {"to", result.change.to}, {"reason", reason}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return result;
}

}  // namespace wakala::agents
