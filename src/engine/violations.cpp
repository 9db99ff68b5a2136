// Manual commissions, staff reversal of unreferred ones, violations and termination
// (program-rules.md 3.6, 4.4).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace wakala::engine {

namespace {

using ledger::AccountKind;
using ledger::AccountRef;

}  // namespace

std::vector<Forfeit> Engine::ForfeitAll(const std::string& agent, bool recurring_only,
                                        const std::string& key_prefix, Timestamp at) {
  std::vector<Forfeit> forfeited;
  const auto coverage = PaidCoverage(agent);
  const auto recurring = [this](const Commission& commission) {
    if (rules_version_ < 2) return commission.kind == CommissionKind::kSale && !commission.first_invoice_only;
    return commission.recurring;
  };
  for (Commission* commission : CommissionsById(agent)) {
    if (recurring_only && !recurring(*commission)) continue;
    // What is unpaid: all of a pending commission, the uncovered part of a matured one.
    Money unpaid = commission->Left();
    if (commission->matured) {
      const auto covered = coverage.find(commission->id);
      unpaid -= covered == coverage.end() ? Money{} : covered->second;
    }
    if (unpaid > Money{}) {
      const Money taken = TakeBack(*commission, unpaid, true, key_prefix + "/" + commission->id, at);
      if (taken > Money{}) forfeited.push_back(Forfeit{commission->id, taken});
    }
  }
  return forfeited;
}

std::vector<Forfeit> Engine::ForfeitUnpaid(const std::string& agent, const std::string& key_prefix,
                                           Timestamp at) {
  std::vector<Forfeit> forfeited;
  for (Commission* commission : CommissionsById(agent)) {
    if (commission->matured) continue;
    const Money taken =
        TakeBack(*commission, commission->Left(), true, key_prefix + "/" + commission->id, at);
    if (taken > Money{}) forfeited.push_back(Forfeit{commission->id, taken});
  }
  Money available = ledger_.Balance(AccountRef::Agent(agent, AccountKind::kAvailable));
  if (available > Money{}) {
    // Newest matured commissions first: the oldest are the ones withdrawals covered.
    auto list = CommissionsOf(agent);
    for (auto it = list.rbegin(); it != list.rend() && available > Money{}; ++it) {
      Commission& commission = commissions_.at((*it)->id);
      if (!commission.matured) continue;
      const Money taken = TakeBack(commission, available, true, key_prefix + "/" + commission.id, at);
      if (taken > Money{}) forfeited.push_back(Forfeit{commission.id, taken});
      available -= taken;
    }
  }
  return forfeited;
}

Result<void> Engine::Run(const ManualCommission& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (event.id.empty()) return Fail(Error::Invalid("id: missing"));
  if (commissions_.contains(event.id))
    return Fail(Error::Invalid("id: a commission \"" + event.id + "\" exists already"));
  if (event.amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  if (event.category == Category::kDeposit)
    return Fail(Error::Invalid("category: deposits are never commissionable"));
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: a manual commission needs a reason"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  if ((*agent)->terminated) {
    Refuse(event.at, "manual_commission " + event.id, "agent " + event.agent + " is terminated");
    return {};
  }
  Commission manual;
  manual.id = event.id;
  manual.agent = event.agent;
  manual.kind = CommissionKind::kManual;
  manual.category = event.category;
  manual.base = event.amount;
  manual.amount = event.amount;
  manual.reason = event.reason;
  Accrue(std::move(manual), event.at);
  return {};
}

Result<void> Engine::Run(const ReverseUnreferred& event) {
  if (event.agent) {
    if (auto agent = RequireAgent(*event.agent, "agent"); !agent) return Fail(agent.error());
  }
  for (const auto& id : event.commissions) {
    const auto found = commissions_.find(id);
    if (found == commissions_.end() || (event.agent && found->second.agent != *event.agent)) {
      return Fail(Error::Invalid("commissions: \"" + id + "\" is not a commission" +
                                 (event.agent ? " of " + *event.agent : std::string())));
    }
    if (!found->second.reversible) {
      return Fail(
          Error::Invalid("commissions: \"" + id +
                         "\" is not reversible (only those of associations without referral evidence are)"));
    }
  }
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  // A reversal takes all that is left, so a commission is reversed at most once
  // and its ledger key stays unique.
  if (!event.commissions.empty()) {
    for (const auto& id : event.commissions) {
      auto& commission = commissions_.at(id);
      TakeBack(commission, commission.Left(), false, "reverse/unreferred/" + id, event.at);
    }
    return {};
  }
  for (auto& [id, commission] : commissions_) {
    if (!commission.reversible || (event.agent && commission.agent != *event.agent)) continue;
    TakeBack(commission, commission.Left(), false, "reverse/unreferred/" + id, event.at);
  }
  return {};
}

Result<void> Engine::Run(const Violation& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: a violation needs a reason"));
  for (const auto& id : event.commissions) {
    auto found = commissions_.find(id);
    if (found == commissions_.end() || found->second.agent != event.agent) {
      return Fail(Error::Invalid("commissions: \"" + id + "\" is not a commission of " + event.agent));
    }
  }
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  ViolationRecord record;
  record.at = event.at;
  record.reason = event.reason;
  record.all_unpaid = event.all_unpaid;
  // Ledger keys must stay unique when one agent gets two violations in the
  // same second (the second may take the rest of a commission the first took
  // part of); the first keeps the plain key.
  const auto same_second =
      std::count_if((*agent)->violations.begin(), (*agent)->violations.end(),
                    [&](const ViolationRecord& earlier) { return earlier.at == event.at; });
  std::string key = "forfeit/violation/" + FormatEat(event.at);
  if (same_second > 0) key += fmt::format("#{}", same_second + 1);
  if (event.all_unpaid) {
    // "All unpaid" takes what termination takes; rules version 1 also took the
    // amount inside a requested withdrawal (left owing it once paid).
    record.forfeited = rules_version_ < 2 ? ForfeitAll(event.agent, false, key, event.at)
                                          : ForfeitUnpaid(event.agent, key, event.at);
  } else {
    record.named = event.commissions;
    // A pending one loses what is left; a matured one is taken back from the
    // available balance, which may go negative.
    for (const auto& id : event.commissions) {
      auto& commission = commissions_.at(id);
      const Money taken = TakeBack(commission, commission.Left(), true, key + "/" + id, event.at);
      if (taken > Money{}) record.forfeited.push_back(Forfeit{id, taken});
    }
  }
  (*agent)->violations.push_back(std::move(record));
  return {};
}

Result<void> Engine::Run(const Terminate& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: a termination needs a reason"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  if ((*agent)->terminated) {
    Refuse(event.at, "terminate " + event.agent, "already terminated");
    return {};
  }
  // Everything unpaid is forfeited: all pending amounts and a positive
  // available balance (amounts already requested go on through their withdrawal).
  TerminationRecord record;
  record.at = event.at;
  record.reason = event.reason;
  record.forfeited = ForfeitUnpaid(event.agent, "forfeit/termination/" + event.agent, event.at);
  MarkTerminated(**agent);
  CloseAffiliateWindow(**agent);
  record.reassigned = Reassign(event.at, {event.agent});
  (*agent)->termination = std::move(record);
  return {};
}

}  // namespace wakala::engine
