// Commissions as accrued, taken back and covered by payouts (program-rules.md 4).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace wakala::engine {

namespace {

using ledger::AccountKind;
using ledger::AccountRef;
using std::chrono::days;

}  // namespace

void Engine::Accrue(Commission commission, Timestamp at) {
  if (commission.amount.IsZero()) return;  // a commission that rounds to 0.00 is not recorded
  commission.created_at = at;
  commission.available_at = at + days(program_.hold_days);
  static_cast<void>(ledger_.Post(
      ledger::Accrual("accrue/" + commission.id, at, commission.agent, commission.id, commission.amount)));
  std::string id = commission.id;
  auto& [key, stored] = *commissions_.emplace(std::move(id), std::move(commission)).first;
  maturing_.emplace(stored.available_at, key, &stored);
  commissions_of_[stored.agent].push_back(&stored);
}

Money Engine::TakeBack(Commission& commission, Money amount, bool forfeit, const std::string& key,
                       Timestamp at) {
  const Money taken = std::min(amount, commission.Left());
  if (taken <= Money{}) return Money{};
  const AccountKind from = commission.matured ? AccountKind::kAvailable : AccountKind::kPending;
  if (forfeit) {
    commission.forfeited += taken;
    static_cast<void>(
        ledger_.Post(ledger::Forfeiture(key, at, commission.agent, commission.id, from, taken)));
  } else {
    commission.reversed += taken;
    static_cast<void>(ledger_.Post(ledger::Reversal(key, at, commission.agent, commission.id, from, taken)));
  }
  return taken;
}

std::map<std::string, Money> Engine::PaidCoverage(const std::string& agent) const {
  // Paid withdrawals cover matured commissions first in, first out.
  Money remaining = ledger_.Balance(AccountRef::Agent(agent, AccountKind::kPaidOut));
  std::map<std::string, Money> paid;
  for (const Commission* commission : CommissionsOf(agent)) {
    if (!commission->matured) continue;
    const Money covered = std::clamp(remaining, Money{}, std::max(commission->Left(), Money{}));
    paid[commission->id] = covered;
    remaining -= covered;
  }
  return paid;
}

std::vector<const Commission*> Engine::CommissionsOf(const std::string& agent) const {
  std::vector<const Commission*> list;
  if (const auto ids = commissions_of_.find(agent); ids != commissions_of_.end()) {
    list.assign(ids->second.begin(), ids->second.end());
  }
  std::sort(list.begin(), list.end(), [](const Commission* a, const Commission* b) {
    return std::tie(a->available_at, a->id) < std::tie(b->available_at, b->id);
  });
  return list;
}

std::string Engine::CommissionState(const Commission& commission) const {
  if (!commission.matured || commission.Left().IsZero()) return CommissionState(commission, {});
  return CommissionState(commission, PaidCoverage(commission.agent));
}

std::string Engine::CommissionState(const Commission& commission,
                                    const std::map<std::string, Money>& coverage) const {
  if (commission.reversed == commission.amount) return "reversed";
  if (commission.Left().IsZero()) return "forfeited";
  if (!commission.matured) return "pending";
  const auto found = coverage.find(commission.id);
  return found != coverage.end() && found->second == commission.Left() ? "paid" : "available";
}

std::vector<Commission*> Engine::CommissionsById(const std::string& agent) {
  // The agent's own commissions (its index), not every commission: this runs
  // for each affiliate check, violation and termination. Id order keeps the
  // ledger in the order it always had.
  std::vector<Commission*> list;
  if (const auto ids = commissions_of_.find(agent); ids != commissions_of_.end()) {
    list.reserve(ids->second.size());
    for (Commission* commission : ids->second) {
      if (commission->Left() > Money{}) list.push_back(commission);
    }
  }
  std::sort(list.begin(), list.end(), [](const Commission* a, const Commission* b) { return a->id < b->id; });
  return list;
}

}  // namespace wakala::engine
