#pragma once

// The commission ledger: pure double-entry bookkeeping in memory. No I/O, no
// SQL, no JSON, no floating point; the engine decides *what* moves, this module
// makes sure every movement balances and keeps the books.
//
// Sign convention (program-rules.md §4.5–4.7). Every amount is signed cents;
// a positive posting puts money into that account. Every transaction sums to
// zero, so the sum over all accounts is always zero.
//
//   program commission_expense  debited (goes negative) by every accrual: it is
//                               the total commission the program has incurred
//   agent pending → available → withdrawing → paid_out
//                               the commission money in each state; side exits
//                               reversed and forfeited
//   agent tax_withheld / program tax_payable
//                               at payout the gross goes withdrawing → paid_out
//                               (gross), and a second pair records the tax kept:
//                               tax_withheld +t, tax_payable −t (net = gross − t)
//
//   accrual              {expense −X,             pending +X}
//   maturation           {pending −X,             available +X}
//   reversal             {pending|available −r,   reversed +r}
//   forfeiture           {pending|available −f,   forfeited +f}
//   withdrawal request   {available −g,           withdrawing +g}
//   withdrawal paid      {withdrawing −g,         paid_out +g,  tax_withheld +t, tax_payable −t}
//   withdrawal rejected  {withdrawing −g,         available +g}
//
// Only `available` may go negative for an agent: a reversal after payout is a
// claw-back that later commissions pay off (§4.5). The ledger itself never
// refuses a balance; CheckInvariants reports what the caller must not allow.

#include <boost/unordered/unordered_flat_map.hpp>
#include <compare>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace wakala::ledger {

enum class AccountKind {
  // Per agent.
  kPending,
  kAvailable,
  kWithdrawing,
  kPaidOut,
  kTaxWithheld,
  kReversed,
  kForfeited,
  // Per program (agent_id empty).
  kCommissionExpense,
  kTaxPayable,
};

// "pending", "available", "withdrawing", "paid_out", "tax_withheld", "reversed",
// "forfeited", "commission_expense", "tax_payable".
std::string_view AccountKindName(AccountKind kind);
std::optional<AccountKind> ParseAccountKind(std::string_view name);
bool IsProgramKind(AccountKind kind);

struct AccountRef {
  std::string agent_id;  // empty for program accounts
  AccountKind kind = AccountKind::kPending;

  static AccountRef Agent(std::string agent_id, AccountKind kind) { return {std::move(agent_id), kind}; }
  static AccountRef Program(AccountKind kind) { return {std::string(), kind}; }

  bool IsProgramAccount() const { return agent_id.empty(); }
  // "agent:A1:pending", "program:commission_expense".
  std::string ToString() const;

  // Program accounts (empty id) sort first, then by agent, then by kind.
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on a defaulted <=>.
  friend std::strong_ordering operator<=>(const AccountRef&, const AccountRef&) = default;
  friend bool operator==(const AccountRef&, const AccountRef&) = default;
};

struct AccountRefHash {
  std::size_t operator()(const AccountRef& account) const {
    return std::hash<std::string>{}(account.agent_id) * 31 + static_cast<std::size_t>(account.kind);
  }
};

// Heterogeneous lookup by std::string_view in hashed containers keyed by std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

struct Posting {
  AccountRef account;
  Money amount;  // signed; positive = more money in that account

  friend bool operator==(const Posting&, const Posting&) = default;
};

// Free-text transaction kinds the builders use.
namespace kinds {
inline constexpr std::string_view kAccrual = "accrual";
inline constexpr std::string_view kMaturation = "maturation";
inline constexpr std::string_view kReversal = "reversal";
inline constexpr std::string_view kForfeiture = "forfeiture";
inline constexpr std::string_view kWithdrawalRequest = "withdrawal_request";
inline constexpr std::string_view kWithdrawalPaid = "withdrawal_paid";
inline constexpr std::string_view kWithdrawalRejected = "withdrawal_rejected";
inline constexpr std::string_view kWithdrawalFailed = "withdrawal_failed";
// The part of a withdrawal a payout left (M-Pesa pays whole shillings).
inline constexpr std::string_view kWithdrawalReturned = "withdrawal_returned";
}  // namespace kinds

struct Transaction {
  std::string key;  // idempotency key, unique in the ledger, e.g. "accrue/INV-1/L1/sale"
  Timestamp at{};
  std::string kind;           // "accrual", "maturation", … or free text ("manual")
  std::string commission_id;  // may be empty (withdrawals)
  std::vector<Posting> postings;

  // Exact equality, posting order included: the builders are deterministic, so
  // a genuine retry produces the same transaction.
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// ---- Builders: the engine never assembles postings by hand. Amounts are
// positive; a builder only decides which accounts move.

Transaction Accrual(std::string key, Timestamp at, const std::string& agent, const std::string& commission_id,
                    Money amount);
Transaction Maturation(std::string key, Timestamp at, const std::string& agent,
                       const std::string& commission_id, Money amount);
// `from` is AccountKind::kPending or kAvailable (after payout, available may go
// negative: a claw-back).
Transaction Reversal(std::string key, Timestamp at, const std::string& agent,
                     const std::string& commission_id, AccountKind from, Money amount);
Transaction Forfeiture(std::string key, Timestamp at, const std::string& agent,
                       const std::string& commission_id, AccountKind from, Money amount);
Transaction WithdrawalRequest(std::string key, Timestamp at, const std::string& agent, Money gross);
// A zero tax adds no tax pair (a zero posting would not validate).
Transaction WithdrawalPaid(std::string key, Timestamp at, const std::string& agent, Money gross, Money tax);
Transaction WithdrawalRejected(std::string key, Timestamp at, const std::string& agent, Money gross);
// A reserved amount back to available: `kind` is kWithdrawalFailed or kWithdrawalReturned.
Transaction WithdrawalReleased(std::string key, Timestamp at, std::string_view kind, const std::string& agent,
                               Money amount);
// The generic two-posting movement the builders above are made of:
// {from −amount, to +amount}.
Transaction Move(std::string key, Timestamp at, std::string_view kind, const std::string& commission_id,
                 AccountRef from, AccountRef to, Money amount);

// One leg of a transaction: `amount` (positive) leaves `from` and enters `to`.
struct Movement {
  const AccountRef* from = nullptr;
  const AccountRef* to = nullptr;
  Money amount;
};

// A balanced transaction as movements that sum to it (how the SQL projection
// stores it: one row per movement, balanced by construction). Each negative
// posting is paired with the positive posting of the same size if there is
// one (withdrawal paid: withdrawing → paid_out, tax_payable → tax_withheld),
// then the rest greedily in posting order. The pointers are into
// `transaction`; an unbalanced transaction yields what can be paired.
std::vector<Movement> Movements(const Transaction& transaction);

// Non-empty key; at least two postings; every account well formed (agent kinds
// have an agent id, program kinds none); no zero amount; no account twice; the
// postings sum to exactly zero. Errors are kInvalidInput and name the
// transaction and the posting.
Result<void> Validate(const Transaction& transaction);

// In memory and append-only. Keeps a running balance per account; the
// transactions remain the source of truth (RecomputeBalance).
class Ledger {
 public:
  // Validates, then: a key posted before with identical content returns false
  // and changes nothing (an idempotent retry); the same key with different
  // content is kConflict and changes nothing; otherwise appends and returns
  // true. Negative balances are not refused here (see CheckInvariants).
  Result<bool> Post(Transaction transaction);

  // Zero for an account never posted to.
  Money Balance(const AccountRef& account) const;
  // Sums the account's postings from the transactions, ignoring the cache.
  Money RecomputeBalance(const AccountRef& account) const;
  // Sum of the postings of transactions with `at` <= as_of, in any order of posting.
  Money BalanceAsOf(const AccountRef& account, Timestamp as_of) const;

  // Every account ever posted to (even if back to zero), sorted.
  std::vector<AccountRef> Accounts() const;
  const std::vector<Transaction>& transactions() const { return transactions_; }
  std::size_t size() const { return transactions_.size(); }
  bool Contains(std::string_view key) const;
  // nullptr when absent; valid until the next successful Post.
  const Transaction* Find(std::string_view key) const;

 private:
  std::vector<Transaction> transactions_;
  // Open addressing (no node per entry): looked up on every post, never
  // walked in order (Accounts() sorts).
  boost::unordered_flat_map<std::string, std::size_t, StringHash, std::equal_to<>> index_by_key_;
  boost::unordered_flat_map<AccountRef, Money, AccountRefHash> balances_;
};

// Human-readable violations, empty when the books are sound:
//   1. the sum of all balances is zero;
//   2. every cached balance equals the sum of its postings;
//   3. no agent account other than available is negative (program accounts are
//      negative by design);
//   4. for each agent, tax_withheld <= paid_out.
std::vector<std::string> CheckInvariants(const Ledger& ledger);

struct AgentBalances {
  Money pending;
  Money available;
  Money withdrawing;
  Money paid_out;
  Money tax_withheld;
  Money reversed;
  Money forfeited;

  friend bool operator==(const AgentBalances&, const AgentBalances&) = default;
};

AgentBalances BalancesOf(const Ledger& ledger, const std::string& agent);

}  // namespace wakala::ledger
