#include "ledger/ledger.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

namespace wakala::ledger {

namespace {

constexpr std::array<AccountKind, 9> kAllKinds = {
    AccountKind::kPending,   AccountKind::kAvailable,         AccountKind::kWithdrawing,
    AccountKind::kPaidOut,   AccountKind::kTaxWithheld,       AccountKind::kReversed,
    AccountKind::kForfeited, AccountKind::kCommissionExpense, AccountKind::kTaxPayable,
};

// Money has no overflow checks of its own; the ledger adds up arbitrary
// postings, so it checks every sum it keeps.
bool AddOverflows(Money a, Money b, Money& sum) {
  std::int64_t cents = 0;
  if (__builtin_add_overflow(a.cents(), b.cents(), &cents)) return true;
  sum = Money::Cents(cents);
  return false;
}

std::string Prefix(const Transaction& transaction) {
  return fmt::format("transaction '{}'", transaction.key);
}

}  // namespace

std::string_view AccountKindName(AccountKind kind) {
  switch (kind) {
    case AccountKind::kPending:
      return "pending";
    case AccountKind::kAvailable:
      return "available";
    case AccountKind::kWithdrawing:
      return "withdrawing";
    case AccountKind::kPaidOut:
      return "paid_out";
    case AccountKind::kTaxWithheld:
      return "tax_withheld";
    case AccountKind::kReversed:
      return "reversed";
    case AccountKind::kForfeited:
      return "forfeited";
    case AccountKind::kCommissionExpense:
      return "commission_expense";
    case AccountKind::kTaxPayable:
      return "tax_payable";
  }
  return "unknown";
}

std::optional<AccountKind> ParseAccountKind(std::string_view name) {
  for (const AccountKind kind : kAllKinds) {
    if (AccountKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool IsProgramKind(AccountKind kind) {
  return kind == AccountKind::kCommissionExpense || kind == AccountKind::kTaxPayable;
}

std::string AccountRef::ToString() const {
  // Concatenated, not formatted: the SQL projection names two accounts per movement.
  const std::string_view kind_name = AccountKindName(kind);
  std::string text;
  if (IsProgramAccount()) {
    text.reserve(8 + kind_name.size());
    text.append("program:").append(kind_name);
  } else {
    text.reserve(7 + agent_id.size() + kind_name.size());
    text.append("agent:").append(agent_id).append(":").append(kind_name);
  }
  return text;
}

// ---- Builders

Transaction Move(std::string key, Timestamp at, std::string_view kind, const std::string& commission_id,
                 AccountRef from, AccountRef to, Money amount) {
  Transaction transaction{std::move(key), at, std::string(kind), commission_id, {}};
  transaction.postings.push_back(Posting{std::move(from), -amount});
  transaction.postings.push_back(Posting{std::move(to), amount});
  return transaction;
}

Transaction Accrual(std::string key, Timestamp at, const std::string& agent, const std::string& commission_id,
                    Money amount) {
  return Move(std::move(key), at, kinds::kAccrual, commission_id,
              AccountRef::Program(AccountKind::kCommissionExpense),
              AccountRef::Agent(agent, AccountKind::kPending), amount);
}

Transaction Maturation(std::string key, Timestamp at, const std::string& agent,
                       const std::string& commission_id, Money amount) {
  return Move(std::move(key), at, kinds::kMaturation, commission_id,
              AccountRef::Agent(agent, AccountKind::kPending),
              AccountRef::Agent(agent, AccountKind::kAvailable), amount);
}

Transaction Reversal(std::string key, Timestamp at, const std::string& agent,
                     const std::string& commission_id, AccountKind from, Money amount) {
  return Move(std::move(key), at, kinds::kReversal, commission_id, AccountRef::Agent(agent, from),
              AccountRef::Agent(agent, AccountKind::kReversed), amount);
}

Transaction Forfeiture(std::string key, Timestamp at, const std::string& agent,
                       const std::string& commission_id, AccountKind from, Money amount) {
  return Move(std::move(key), at, kinds::kForfeiture, commission_id, AccountRef::Agent(agent, from),
              AccountRef::Agent(agent, AccountKind::kForfeited), amount);
}

Transaction WithdrawalRequest(std::string key, Timestamp at, const std::string& agent, Money gross) {
  return Move(std::move(key), at, kinds::kWithdrawalRequest, std::string(),
              AccountRef::Agent(agent, AccountKind::kAvailable),
              AccountRef::Agent(agent, AccountKind::kWithdrawing), gross);
}

Transaction WithdrawalPaid(std::string key, Timestamp at, const std::string& agent, Money gross, Money tax) {
  Transaction transaction = Move(std::move(key), at, kinds::kWithdrawalPaid, std::string(),
                                 AccountRef::Agent(agent, AccountKind::kWithdrawing),
                                 AccountRef::Agent(agent, AccountKind::kPaidOut), gross);
  if (!tax.IsZero()) {
    transaction.postings.push_back(Posting{AccountRef::Agent(agent, AccountKind::kTaxWithheld), tax});
    transaction.postings.push_back(Posting{AccountRef::Program(AccountKind::kTaxPayable), -tax});
  }
  return transaction;
}

Transaction WithdrawalRejected(std::string key, Timestamp at, const std::string& agent, Money gross) {
  return Move(std::move(key), at, kinds::kWithdrawalRejected, std::string(),
              AccountRef::Agent(agent, AccountKind::kWithdrawing),
              AccountRef::Agent(agent, AccountKind::kAvailable), gross);
}

Transaction WithdrawalReleased(std::string key, Timestamp at, std::string_view kind, const std::string& agent,
                               Money amount) {
  return Move(std::move(key), at, kind, std::string(), AccountRef::Agent(agent, AccountKind::kWithdrawing),
              AccountRef::Agent(agent, AccountKind::kAvailable), amount);
}

// ---- Validation

Result<void> Validate(const Transaction& transaction) {
  if (transaction.key.empty()) {
    return Fail(Error::Invalid(fmt::format("transaction of kind '{}' has an empty key", transaction.kind)));
  }
  // Formatted only for an error: every post is validated.
  const auto where = [&transaction] { return Prefix(transaction); };
  if (transaction.postings.size() < 2) {
    return Fail(Error::Invalid(
        fmt::format("{}: needs at least two postings, has {}", where(), transaction.postings.size())));
  }
  Money sum;
  for (std::size_t i = 0; i < transaction.postings.size(); ++i) {
    const Posting& posting = transaction.postings[i];
    const AccountRef& account = posting.account;
    const std::string_view kind_name = AccountKindName(account.kind);
    if (IsProgramKind(account.kind) && !account.IsProgramAccount()) {
      return Fail(Error::Invalid(fmt::format("{}: posting {}: {} is a program account but names agent '{}'",
                                             where(), i + 1, kind_name, account.agent_id)));
    }
    if (!IsProgramKind(account.kind) && account.IsProgramAccount()) {
      return Fail(Error::Invalid(fmt::format("{}: posting {}: {} is an agent account but has no agent id",
                                             where(), i + 1, kind_name)));
    }
    if (posting.amount.IsZero()) {
      return Fail(Error::Invalid(
          fmt::format("{}: posting {} ({}) has a zero amount", where(), i + 1, account.ToString())));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (transaction.postings[j].account == account) {
        return Fail(Error::Invalid(fmt::format("{}: account {} appears twice (postings {} and {})", where(),
                                               account.ToString(), j + 1, i + 1)));
      }
    }
    if (AddOverflows(sum, posting.amount, sum)) {
      return Fail(Error::Invalid(fmt::format("{}: postings overflow when summed", where())));
    }
  }
  if (!sum.IsZero()) {
    return Fail(Error::Invalid(fmt::format("{}: postings sum to {}, not 0.00", where(), sum.ToString())));
  }
  return {};
}

// ---- Ledger

Result<bool> Ledger::Post(Transaction transaction) {
  if (auto valid = Validate(transaction); !valid) return Fail(std::move(valid.error()));

  // One hash lookup: the key's slot is taken now and given back if the post fails.
  const auto [slot, inserted] = index_by_key_.try_emplace(transaction.key, transactions_.size());
  if (!inserted) {
    const Transaction* existing = &transactions_[slot->second];
    if (*existing == transaction) return false;
    // Say what differs, so a caller that reused a key by mistake can see it.
    std::vector<std::string_view> differences;
    if (existing->at != transaction.at) differences.emplace_back("time");
    if (existing->kind != transaction.kind) differences.emplace_back("kind");
    if (existing->commission_id != transaction.commission_id) differences.emplace_back("commission id");
    if (existing->postings != transaction.postings) differences.emplace_back("postings");
    return Fail(Error::Conflict(fmt::format("{} was already posted with different content ({})",
                                            Prefix(transaction), fmt::join(differences, ", "))));
  }

  // Check every new balance before touching any, so that a failure changes nothing.
  boost::container::small_vector<Money, 4> new_balances;
  for (const Posting& posting : transaction.postings) {
    Money updated;
    if (AddOverflows(Balance(posting.account), posting.amount, updated)) {
      index_by_key_.erase(slot);
      return Fail(Error::Invalid(fmt::format("{}: the balance of {} would overflow", Prefix(transaction),
                                             posting.account.ToString())));
    }
    new_balances.push_back(updated);
  }
  for (std::size_t i = 0; i < transaction.postings.size(); ++i) {
    balances_[transaction.postings[i].account] = new_balances[i];
  }
  transactions_.push_back(std::move(transaction));
  return true;
}

Money Ledger::Balance(const AccountRef& account) const {
  const auto found = balances_.find(account);
  return found == balances_.end() ? Money() : found->second;
}

Money Ledger::RecomputeBalance(const AccountRef& account) const {
  Money sum;
  for (const Transaction& transaction : transactions_) {
    for (const Posting& posting : transaction.postings) {
      if (posting.account == account) sum += posting.amount;
    }
  }
  return sum;
}

Money Ledger::BalanceAsOf(const AccountRef& account, Timestamp as_of) const {
  Money sum;
  for (const Transaction& transaction : transactions_) {
    if (transaction.at > as_of) continue;
    for (const Posting& posting : transaction.postings) {
      if (posting.account == account) sum += posting.amount;
    }
  }
  return sum;
}

std::vector<AccountRef> Ledger::Accounts() const {
  std::vector<AccountRef> accounts;
  accounts.reserve(balances_.size());
  for (const auto& [account, balance] : balances_) accounts.push_back(account);
  std::sort(accounts.begin(), accounts.end());
  return accounts;
}

bool Ledger::Contains(std::string_view key) const {
  return index_by_key_.find(key) != index_by_key_.end();
}

const Transaction* Ledger::Find(std::string_view key) const {
  const auto found = index_by_key_.find(key);
  return found == index_by_key_.end() ? nullptr : &transactions_[found->second];
}

// ---- Invariants

std::vector<Movement> Movements(const Transaction& transaction) {
  struct Leg {
    const AccountRef* account;
    Money left;  // positive: what is still to be paired
  };
  boost::container::small_vector<Leg, 2> outs;
  boost::container::small_vector<Leg, 2> ins;
  for (const auto& posting : transaction.postings) {
    if (posting.amount.IsNegative()) outs.push_back({&posting.account, -posting.amount});
    if (posting.amount > Money()) ins.push_back({&posting.account, posting.amount});
  }
  std::vector<Movement> movements;
  movements.reserve(std::max(outs.size(), ins.size()));
  // Exact pairs first: they read as the builder meant them.
  for (auto& out : outs) {
    for (auto& in : ins) {
      if (in.left > Money() && in.left == out.left) {
        movements.push_back({out.account, in.account, out.left});
        out.left = in.left = Money();
        break;
      }
    }
  }
  auto in = ins.begin();
  for (auto& out : outs) {
    while (out.left > Money() && in != ins.end()) {
      if (in->left <= Money()) {
        ++in;
        continue;
      }
      const Money amount = std::min(out.left, in->left);
      movements.push_back({out.account, in->account, amount});
      out.left = out.left - amount;
      in->left = in->left - amount;
    }
  }
  return movements;
}

std::vector<std::string> CheckInvariants(const Ledger& ledger) {
  std::vector<std::string> violations;

  // One pass over the transactions rather than RecomputeBalance per account.
  std::map<AccountRef, Money> recomputed;
  for (const Transaction& transaction : ledger.transactions()) {
    for (const Posting& posting : transaction.postings) recomputed[posting.account] += posting.amount;
  }

  std::set<AccountRef> accounts;
  for (const AccountRef& account : ledger.Accounts()) accounts.insert(account);
  for (const auto& [account, sum] : recomputed) accounts.insert(account);

  Money total;
  bool total_overflowed = false;
  std::set<std::string> agents;
  for (const AccountRef& account : accounts) {
    const Money cached = ledger.Balance(account);
    const auto found = recomputed.find(account);
    const Money expected = found == recomputed.end() ? Money() : found->second;
    if (cached != expected) {
      violations.push_back(
          fmt::format("account {}: cached balance {} differs from the sum of its postings {}",
                      account.ToString(), cached.ToString(), expected.ToString()));
    }
    if (!total_overflowed && AddOverflows(total, cached, total)) total_overflowed = true;
    if (!account.IsProgramAccount()) {
      agents.insert(account.agent_id);
      if (account.kind != AccountKind::kAvailable && cached.IsNegative()) {
        violations.push_back(
            fmt::format("account {} is negative: {}", account.ToString(), cached.ToString()));
      }
    }
  }
  if (total_overflowed) {
    violations.emplace_back("the sum of all balances overflows");
  } else if (!total.IsZero()) {
    violations.push_back(fmt::format("balances sum to {}, not 0.00", total.ToString()));
  }

  for (const std::string& agent : agents) {
    const Money tax = ledger.Balance(AccountRef::Agent(agent, AccountKind::kTaxWithheld));
    const Money paid = ledger.Balance(AccountRef::Agent(agent, AccountKind::kPaidOut));
    if (tax > paid) {
      violations.push_back(fmt::format("agent {}: tax_withheld {} exceeds paid_out {}", agent, tax.ToString(),
                                       paid.ToString()));
    }
  }
  return violations;
}

AgentBalances BalancesOf(const Ledger& ledger, const std::string& agent) {
  const auto of = [&](AccountKind kind) { return ledger.Balance(AccountRef::Agent(agent, kind)); };
  return AgentBalances{
      of(AccountKind::kPending),   of(AccountKind::kAvailable),   of(AccountKind::kWithdrawing),
      of(AccountKind::kPaidOut),   of(AccountKind::kTaxWithheld), of(AccountKind::kReversed),
      of(AccountKind::kForfeited),
  };
}

}  // namespace wakala::ledger
