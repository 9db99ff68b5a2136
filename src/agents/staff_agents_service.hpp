#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "agents/store.hpp"
#include "core/clock.hpp"
#include "engine/engine.hpp"
#include "ledger/ledger.hpp"

namespace wakala::agents {

// GET /api/v1/agents: every filter is optional; `q` matches id, name, email
// and referral id (case-insensitive substring).
struct AgentQuery {
  std::string q;
  std::optional<std::string> tier;
  std::optional<std::string> status;        // active | terminated
  std::optional<int> affiliate_due_within;  // days: affiliates without a sale whose window ends by then
  std::size_t limit = 50;
  std::size_t offset = 0;
};

// Where an affiliate stands against the 90-day rule.
struct AffiliateClock {
  Timestamp window_start{}, window_end{};
  int days_left = 0;       // whole days, rounded up; 0 once the end has passed
  bool sale_made = false;  // the window is settled: the rule will not fire
};

struct AgentSummary {
  std::string id, name, referral_id, email, tier;
  bool terminated = false;
  Timestamp activated_at{};
  std::optional<AffiliateClock> affiliate_clock;  // open affiliate windows only
  ledger::AgentBalances balances;
};

struct AgentPage {
  std::vector<AgentSummary> items;
  std::size_t total = 0;  // matching the filters, before paging
  Timestamp as_of{};      // the time days_left are counted from
};

struct AgentDetail {
  AgentSummary summary;
  std::string phone, town, website;
  std::optional<std::string> application_id;
  bool sip_trunk_active = false;  // as the engine holds it now (provisioning or staff set it)
  bool agreement_signed = false;
  std::vector<engine::Evaluation> tier_history;  // evaluations and overrides, oldest first
  std::vector<engine::Association> associations;
  std::vector<engine::ViolationRecord> violations;
  std::optional<engine::TerminationRecord> termination;
  Timestamp as_of{};
};

struct ViolationRequest {
  std::string reason;
  bool all_unpaid = false;
  std::vector<std::string> commission_ids;
};

struct RecordedViolation {
  engine::ViolationRecord violation;
  ledger::AgentBalances balances;  // after the forfeiture
};

struct Termination {
  engine::TerminationRecord termination;
  ledger::AgentBalances balances;
};

struct ManualCommissionRequest {
  std::string idempotency_key;
  Money amount;
  std::string category;
  std::string reason;
};

struct PostedCommission {
  engine::Commission commission;
  std::string state;
  bool replayed = false;  // the same Idempotency-Key again: the commission the first request made
};

struct TierOverride {
  engine::Evaluation change;  // quarter "override", from, to, reason, at
};

// The staff side of agents: the searchable list, an agent's record with its
// history, and the staff actions on an agent — violations, termination,
// manual commissions, tier overrides. Each action is one engine event,
// checked against the engine inside the transaction that logs it, with its
// audit entry in the same transaction.
class StaffAgentsService {
 public:
  StaffAgentsService(Journal& journal, const Clock& clock);

  Result<AgentPage> List(const accounts::Principal& actor, const AgentQuery& query);
  // Staff, or users of that agent company.
  Result<AgentDetail> Get(const accounts::Principal& actor, const std::string& agent_id);

  Result<RecordedViolation> RecordViolation(const accounts::Principal& actor, const std::string& agent_id,
                                            const ViolationRequest& request, const std::string& ip);
  Result<Termination> Terminate(const accounts::Principal& actor, const std::string& agent_id,
                                const std::string& reason, const std::string& ip);
  Result<PostedCommission> PostManualCommission(const accounts::Principal& actor, const std::string& agent_id,
                                                const ManualCommissionRequest& request,
                                                const std::string& ip);
  Result<TierOverride> OverrideTier(const accounts::Principal& actor, const std::string& agent_id,
                                    const std::string& tier, const std::string& reason,
                                    const std::string& ip);

  static constexpr std::size_t kMaxReasonLength = 1000;

 private:
  // Now, or the engine's clock if an imported history runs ahead of it.
  Timestamp ActionTime();

  Journal& journal_;
  const Clock& clock_;
};

// The manual commission an Idempotency-Key makes: one id per agent and key.
std::string ManualCommissionId(const std::string& agent_id, const std::string& idempotency_key);

}  // namespace wakala::agents
