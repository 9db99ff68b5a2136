// The engine's state, its indexes, the one Apply, and the invariants of the books.

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wakala::engine {

namespace {

constexpr std::array<std::string_view, 5> kSourceNames{"staff_assignment", "referral_link",
                                                       "service_manager_link", "reassignment", "quote"};
constexpr std::array<std::string_view, 4> kKindNames{"sale", "technical", "bonus", "manual"};

}  // namespace

std::optional<CertificationKind> ParseCertificationKind(std::string_view name) {
  if (name == "sales") return CertificationKind::kSales;
  if (name == "3cx") return CertificationKind::k3cx;
  if (name == "yeastar") return CertificationKind::kYeastar;
  if (name == "yealink") return CertificationKind::kYealink;
  return std::nullopt;
}

std::string_view CertificationKindName(CertificationKind kind) {
  static constexpr std::array<std::string_view, 4> kNames{"sales", "3cx", "yeastar", "yealink"};
  return kNames.at(static_cast<std::size_t>(kind));
}

std::string_view SourceName(AssociationSource source) {
  return kSourceNames.at(static_cast<std::size_t>(source));
}

std::optional<AssociationSource> ParseSource(std::string_view name) {
  for (std::size_t i = 0; i < kSourceNames.size(); ++i) {
    if (kSourceNames[i] == name) return static_cast<AssociationSource>(i);
  }
  return std::nullopt;
}

std::string_view CommissionKindName(CommissionKind kind) {
  return kKindNames.at(static_cast<std::size_t>(kind));
}

EngineState::EngineState(program::Program program, Timestamp start)
    : program_(std::move(program)),
      start_(start),
      clock_(start),
      // Boundaries count only when strictly after the start.
      next_month_close_(EatMonth::Of(start).Next().Start()),
      next_quarter_close_(EatQuarter::Of(start).Next().Start()) {}

Engine::Engine(program::Program program, Timestamp start) : EngineState(std::move(program), start) {
  active_by_tier_.assign(program_.tiers.size(), {});
}

Engine::Engine(const Engine& other) : EngineState(other) {
  RebuildIndexes();
}

Engine::Engine(const Engine& other, WithoutMoney) : EngineState(other.program_, other.start_) {
  rules_version_ = other.rules_version_;
  clock_ = other.clock_;
  next_month_close_ = other.next_month_close_;
  next_quarter_close_ = other.next_quarter_close_;
  agents_ = other.agents_;
  clients_ = other.clients_;
  associations_ = other.associations_;
  affiliate_due_ = other.affiliate_due_;
  clients_of_ = other.clients_of_;
  // The figures from the first month of the quarter the next close ends:
  // what its evaluations and the month closes before it read.
  const EatMonth first = EatQuarter::Of(next_quarter_close_ - std::chrono::seconds(1)).FirstMonth();
  for (const auto& [agent, months] : other.figures_) {
    auto& kept = figures_[agent];
    kept.insert(months.lower_bound(first), months.end());
  }
  RebuildIndexes();
}

void Engine::RebuildIndexes() {
  active_by_tier_.assign(program_.tiers.size(), {});
  for (auto& [id, agent] : agents_) {
    agent_index_.emplace(id, &agent);
    if (!agent.terminated) active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).insert(id);
  }
  for (auto& [id, client] : clients_) client_index_.emplace(id, &client);
  for (auto& [id, commission] : commissions_) {
    // Accrue queues every commission; only its maturation takes it out.
    if (!commission.matured) maturing_.emplace(commission.available_at, id, &commission);
    commissions_of_[commission.agent].push_back(&commission);
  }
}

Result<void> Engine::Apply(const Command& command) {
  return std::visit([this](const auto& event) { return Run(event); }, command);
}

// ---- helpers ----------------------------------------------------------------

void Engine::SetTier(Agent& agent, TierIndex tier) {
  if (!agent.terminated) {
    active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).erase(agent.facts.id);
    active_by_tier_.at(static_cast<std::size_t>(tier)).insert(agent_index_.find(agent.facts.id)->first);
  }
  agent.facts.tier = tier;
}

void Engine::MarkTerminated(Agent& agent) {
  active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).erase(agent.facts.id);
  agent.terminated = true;
}

Agent* Engine::FindAgent(std::string_view id) {
  const auto found = agent_index_.find(id);
  return found == agent_index_.end() ? nullptr : found->second;
}

Client* Engine::FindClient(std::string_view id) {
  const auto found = client_index_.find(id);
  return found == client_index_.end() ? nullptr : found->second;
}

Result<Agent*> Engine::RequireAgent(const std::string& id, const char* field) {
  Agent* agent = FindAgent(id);
  if (agent == nullptr) return Fail(Error::Invalid(fmt::format("{}: no agent \"{}\"", field, id)));
  return agent;
}

void Engine::Refuse(Timestamp at, std::string event, std::string reason) {
  refusals_.push_back(Refusal{at, std::move(event), std::move(reason)});
}

// ---- invariants ---------------------------------------------------------------

std::vector<std::string> Engine::CheckInvariants() const {
  std::vector<std::string> problems = ledger::CheckInvariants(ledger_);
  for (const auto& [agent_id, agent] : agents_) {
    Money pending, matured, reversed, forfeited;
    const auto coverage = PaidCoverage(agent_id);
    for (const Commission* commission : CommissionsOf(agent_id)) {
      const Money left = commission->Left();
      if (left.IsNegative() || commission->reversed.IsNegative() || commission->forfeited.IsNegative()) {
        problems.push_back("commission " + commission->id + " has a negative part");
      }
      // amount = pending + available + paid + reversed + forfeited
      const Money paid = coverage.contains(commission->id) ? coverage.at(commission->id) : Money{};
      const Money pending_part = commission->matured ? Money{} : left;
      const Money available_part = commission->matured ? left - paid : Money{};
      if (pending_part + available_part + paid + commission->reversed + commission->forfeited !=
          commission->amount) {
        problems.push_back("commission " + commission->id + ": parts do not add up to its amount");
      }
      (commission->matured ? matured : pending) += left;
      reversed += commission->reversed;
      forfeited += commission->forfeited;
    }
    const auto balances = ledger::BalancesOf(ledger_, agent_id);
    if (balances.pending != pending) {
      problems.push_back(fmt::format("agent {}: ledger pending {} but commissions pending {}", agent_id,
                                     balances.pending.ToString(), pending.ToString()));
    }
    if (balances.available + balances.withdrawing + balances.paid_out != matured) {
      problems.push_back(fmt::format(
          "agent {}: available+withdrawing+paid_out {} but matured commissions {}", agent_id,
          (balances.available + balances.withdrawing + balances.paid_out).ToString(), matured.ToString()));
    }
    if (balances.reversed != reversed || balances.forfeited != forfeited) {
      problems.push_back("agent " + agent_id + ": reversed/forfeited differ between ledger and commissions");
    }
  }
  return problems;
}

}  // namespace wakala::engine
