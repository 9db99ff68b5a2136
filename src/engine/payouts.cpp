// Withdrawals: request, approval, payout with withholding tax, rejection (program-rules.md 5).

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

Result<void> Engine::Run(const Withdraw& event) {
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (event.id.empty()) return Fail(Error::Invalid("id: missing"));
  if (withdrawals_.contains(event.id))
    return Fail(Error::Invalid("id: withdrawal \"" + event.id + "\" exists already"));
  if (event.amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  Withdrawal withdrawal;
  withdrawal.id = event.id;
  withdrawal.agent = event.agent;
  withdrawal.gross = event.amount;
  withdrawal.requested_at = event.at;
  const Money available = ledger_.Balance(AccountRef::Agent(event.agent, AccountKind::kAvailable));
  if ((*agent)->terminated) {
    withdrawal.reason = "agent is terminated";
  } else if (event.amount < program_.min_withdrawal) {
    withdrawal.reason = "below the minimum withdrawal of " + program_.min_withdrawal.ToString();
  } else if (event.amount > available) {
    withdrawal.reason = "more than the available balance of " + available.ToString();
  }
  if (!withdrawal.reason.empty()) {
    withdrawal.state = "refused";  // gross keeps what was asked; nothing moved
    withdrawals_.emplace(event.id, withdrawal);
    withdrawals_by_request_.emplace(event.at, event.id);
    return {};
  }
  withdrawal.state = "requested";
  withdrawal.tax = ApplyRate(event.amount, program_.withholding.at((*agent)->facts.residency));
  withdrawal.net = event.amount - withdrawal.tax;
  static_cast<void>(
      ledger_.Post(ledger::WithdrawalRequest("withdraw/" + event.id, event.at, event.agent, event.amount)));
  withdrawals_.emplace(event.id, withdrawal);
  withdrawals_by_request_.emplace(event.at, event.id);
  return {};
}

Result<void> Engine::Run(const WithdrawalApproved& event) {
  auto found = withdrawals_.find(event.id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + event.id + "\""));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  if (found->second.state != "requested") {
    Refuse(event.at, "withdrawal_approved " + event.id, "withdrawal is " + found->second.state);
    return {};
  }
  found->second.state = "approved";
  approved_withdrawals_.insert(event.id);
  return {};
}

std::map<std::string, std::map<EatMonth, Money>> Engine::TaxWithheldByMonth() const {
  std::map<std::string, std::map<EatMonth, Money>> report;
  for (const auto& transaction : ledger_.transactions()) {
    for (const auto& posting : transaction.postings) {
      if (posting.account.kind == ledger::AccountKind::kTaxWithheld) {
        report[posting.account.agent_id][EatMonth::Of(transaction.at)] += posting.amount;
      }
    }
  }
  return report;
}

Result<void> Engine::Run(const WithdrawalPaid& event) {
  auto found = withdrawals_.find(event.id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + event.id + "\""));
  if (Trim(event.reference).empty())
    return Fail(Error::Invalid("reference: a payout needs its M-Pesa or bank reference"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  Withdrawal& withdrawal = found->second;
  if (withdrawal.state != "requested" && withdrawal.state != "approved") {
    Refuse(event.at, "withdrawal_paid " + event.id, "withdrawal is " + withdrawal.state);
    return {};
  }
  if (event.gross && (*event.gross <= Money{} || *event.gross > withdrawal.gross)) {
    return Fail(Error::Invalid("gross: a payout pays more than 0.00 and at most the withdrawal's " +
                               withdrawal.gross.ToString()));
  }
  // Tax is computed at payout on the residency of that moment, on what is paid.
  const Money paid = event.gross.value_or(withdrawal.gross);
  withdrawal.returned = withdrawal.gross - paid;
  withdrawal.gross = paid;
  withdrawal.residency = agents_.at(withdrawal.agent).facts.residency;
  withdrawal.tax = ApplyRate(withdrawal.gross, program_.withholding.at(withdrawal.residency));
  withdrawal.net = withdrawal.gross - withdrawal.tax;
  withdrawal.state = "paid";
  approved_withdrawals_.erase(event.id);
  withdrawal.reference = event.reference;
  withdrawal.paid_at = event.at;
  withdrawals_by_payment_.emplace(event.at, event.id);
  static_cast<void>(ledger_.Post(ledger::WithdrawalPaid("withdrawal_paid/" + event.id, event.at,
                                                        withdrawal.agent, withdrawal.gross, withdrawal.tax)));
  if (!withdrawal.returned.IsZero()) {
    static_cast<void>(ledger_.Post(ledger::WithdrawalReleased("withdrawal_returned/" + event.id, event.at,
                                                              ledger::kinds::kWithdrawalReturned,
                                                              withdrawal.agent, withdrawal.returned)));
  }
  return {};
}

Result<void> Engine::Run(const WithdrawalRejected& event) {
  auto found = withdrawals_.find(event.id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + event.id + "\""));
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: a rejection needs a reason"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  Withdrawal& withdrawal = found->second;
  if (withdrawal.state != "requested" && withdrawal.state != "approved") {
    Refuse(event.at, "withdrawal_rejected " + event.id, "withdrawal is " + withdrawal.state);
    return {};
  }
  withdrawal.state = "rejected";
  approved_withdrawals_.erase(event.id);
  withdrawal.reason = event.reason;
  withdrawal.tax = Money{};
  withdrawal.net = Money{};
  static_cast<void>(ledger_.Post(ledger::WithdrawalRejected("withdrawal_rejected/" + event.id, event.at,
                                                            withdrawal.agent, withdrawal.gross)));
  return {};
}

Result<void> Engine::Run(const WithdrawalFailed& event) {
  auto found = withdrawals_.find(event.id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + event.id + "\""));
  if (Trim(event.reason).empty()) return Fail(Error::Invalid("reason: a failed payout needs its reason"));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  Withdrawal& withdrawal = found->second;
  if (withdrawal.state != "requested" && withdrawal.state != "approved") {
    Refuse(event.at, "withdrawal_failed " + event.id, "withdrawal is " + withdrawal.state);
    return {};
  }
  withdrawal.state = "failed";
  approved_withdrawals_.erase(event.id);
  withdrawal.reason = event.reason;
  withdrawal.tax = Money{};
  withdrawal.net = Money{};
  static_cast<void>(ledger_.Post(ledger::WithdrawalReleased("withdrawal_failed/" + event.id, event.at,
                                                            ledger::kinds::kWithdrawalFailed,
                                                            withdrawal.agent, withdrawal.gross)));
  return {};
}

}  // namespace wakala::engine
