#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "ledger/ledger.hpp"

namespace wakala::ledger {

// Readable failure messages (found by argument-dependent lookup).
[[maybe_unused]] static void PrintTo(const AccountRef& account, std::ostream* out) {
  *out << account.ToString();
}
[[maybe_unused]] static void PrintTo(const Posting& posting, std::ostream* out) {
  *out << "{" << posting.account.ToString() << " " << posting.amount.ToString() << "}";
}

}  // namespace wakala::ledger

namespace wakala {
[[maybe_unused]] static void PrintTo(const Money& money, std::ostream* out) {
  *out << money.ToString();
}
}  // namespace wakala

namespace wakala::ledger {
namespace {

Money M(std::string_view text) {
  return Money::Parse(text, true).value();
}

Timestamp T(std::string_view text) {
  return ParseRfc3339Timestamp(text).value();
}

AccountRef Agent(const std::string& agent, AccountKind kind) {
  return AccountRef::Agent(agent, kind);
}

AccountRef Expense() {
  return AccountRef::Program(AccountKind::kCommissionExpense);
}
AccountRef TaxPayable() {
  return AccountRef::Program(AccountKind::kTaxPayable);
}

Money Sum(const Transaction& transaction) {
  Money sum;
  for (const Posting& posting : transaction.postings) sum += posting.amount;
  return sum;
}

std::string ValidationMessage(const Transaction& transaction) {
  const auto result = Validate(transaction);
  EXPECT_FALSE(result);
  if (result) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
  return result.error().message;
}

TEST(LedgerAccounts, NamesRoundTrip) {
  for (const AccountKind kind :
       {AccountKind::kPending, AccountKind::kAvailable, AccountKind::kWithdrawing, AccountKind::kPaidOut,
        AccountKind::kTaxWithheld, AccountKind::kReversed, AccountKind::kForfeited,
        AccountKind::kCommissionExpense, AccountKind::kTaxPayable}) {
    EXPECT_EQ(ParseAccountKind(AccountKindName(kind)), kind) << AccountKindName(kind);
  }
  EXPECT_EQ(AccountKindName(AccountKind::kPaidOut), "paid_out");
  EXPECT_EQ(AccountKindName(AccountKind::kCommissionExpense), "commission_expense");
  EXPECT_FALSE(ParseAccountKind("Pending"));
  EXPECT_FALSE(ParseAccountKind(""));
  EXPECT_EQ(Agent("A1", AccountKind::kPending).ToString(), "agent:A1:pending");
  EXPECT_EQ(Expense().ToString(), "program:commission_expense");
  EXPECT_TRUE(Expense().IsProgramAccount());
  EXPECT_FALSE(Agent("A1", AccountKind::kPending).IsProgramAccount());
  // Program accounts first, then by agent, then by kind.
  EXPECT_LT(Expense(), Agent("A1", AccountKind::kPending));
  EXPECT_LT(Agent("A1", AccountKind::kForfeited), Agent("A2", AccountKind::kPending));
  EXPECT_LT(Agent("A1", AccountKind::kPending), Agent("A1", AccountKind::kAvailable));
}

TEST(LedgerBuilders, EachBalancesAndMovesTheDocumentedAccounts) {
  const Timestamp at = T("2026-01-05T07:00:00Z");
  const Money x = M("500.00");
  const std::vector<Transaction> built = {
      Accrual("a", at, "A1", "INV-1/L1/sale", x),
      Maturation("m", at, "A1", "INV-1/L1/sale", x),
      Reversal("r1", at, "A1", "INV-1/L1/sale", AccountKind::kPending, x),
      Reversal("r2", at, "A1", "INV-1/L1/sale", AccountKind::kAvailable, x),
      Forfeiture("f1", at, "A1", "INV-1/L1/sale", AccountKind::kPending, x),
      Forfeiture("f2", at, "A1", "INV-1/L1/sale", AccountKind::kAvailable, x),
      WithdrawalRequest("w", at, "A1", x),
      WithdrawalPaid("p", at, "A1", x, M("25.00")),
      WithdrawalPaid("p0", at, "A1", x, Money()),
      WithdrawalRejected("j", at, "A1", x),
  };
  for (const Transaction& transaction : built) {
    EXPECT_TRUE(Validate(transaction)) << transaction.key << ": " << Validate(transaction).error().message;
    EXPECT_TRUE(Sum(transaction).IsZero()) << transaction.key;
    EXPECT_EQ(transaction.at, at);
  }

  const std::vector<Posting> accrual = {{Expense(), -x}, {Agent("A1", AccountKind::kPending), x}};
  EXPECT_EQ(built[0].postings, accrual);
  EXPECT_EQ(built[0].kind, "accrual");
  EXPECT_EQ(built[0].commission_id, "INV-1/L1/sale");
  const std::vector<Posting> maturation = {{Agent("A1", AccountKind::kPending), -x},
                                           {Agent("A1", AccountKind::kAvailable), x}};
  EXPECT_EQ(built[1].postings, maturation);
  EXPECT_EQ(built[3].postings[0].account, Agent("A1", AccountKind::kAvailable));
  EXPECT_EQ(built[3].postings[1], (Posting{Agent("A1", AccountKind::kReversed), x}));
  EXPECT_EQ(built[4].postings[1], (Posting{Agent("A1", AccountKind::kForfeited), x}));
  EXPECT_EQ(built[6].kind, "withdrawal_request");
  EXPECT_TRUE(built[6].commission_id.empty());

  const std::vector<Posting> paid = {{Agent("A1", AccountKind::kWithdrawing), -x},
                                     {Agent("A1", AccountKind::kPaidOut), x},
                                     {Agent("A1", AccountKind::kTaxWithheld), M("25.00")},
                                     {TaxPayable(), M("-25.00")}};
  EXPECT_EQ(built[7].postings, paid);
  // Zero tax: no tax pair at all, since a zero posting would not validate.
  EXPECT_EQ(built[8].postings.size(), 2u);
  const std::vector<Posting> rejected = {{Agent("A1", AccountKind::kWithdrawing), -x},
                                         {Agent("A1", AccountKind::kAvailable), x}};
  EXPECT_EQ(built[9].postings, rejected);
}

// What each movement does to the accounts, summed: must be the postings.
std::map<AccountRef, Money> NetOf(const std::vector<Movement>& movements) {
  std::map<AccountRef, Money> net;
  for (const Movement& movement : movements) {
    EXPECT_GT(movement.amount, Money()) << "a movement moves a positive amount";
    net[*movement.from] -= movement.amount;
    net[*movement.to] += movement.amount;
  }
  std::erase_if(net, [](const auto& entry) { return entry.second.IsZero(); });
  return net;
}

std::map<AccountRef, Money> NetOf(const Transaction& transaction) {
  std::map<AccountRef, Money> net;
  for (const Posting& posting : transaction.postings) net[posting.account] += posting.amount;
  return net;
}

TEST(LedgerMovements, TwoPostingsAreOneMovementAndAWithdrawalPaidWithTaxTwo) {
  const Timestamp at = T("2026-01-05T07:00:00Z");
  const auto accrual = Accrual("a", at, "A1", "INV-1/L1/sale", M("500.00"));
  const auto one = Movements(accrual);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(*one[0].from, Expense());
  EXPECT_EQ(*one[0].to, Agent("A1", AccountKind::kPending));
  EXPECT_EQ(one[0].amount, M("500.00"));

  // The gross and the tax pair as the builder meant them, not across.
  const auto paid = WithdrawalPaid("p", at, "A1", M("10000.00"), M("500.00"));
  const auto two = Movements(paid);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(*two[0].from, Agent("A1", AccountKind::kWithdrawing));
  EXPECT_EQ(*two[0].to, Agent("A1", AccountKind::kPaidOut));
  EXPECT_EQ(two[0].amount, M("10000.00"));
  EXPECT_EQ(*two[1].from, TaxPayable());
  EXPECT_EQ(*two[1].to, Agent("A1", AccountKind::kTaxWithheld));
  EXPECT_EQ(two[1].amount, M("500.00"));
}

TEST(LedgerMovements, AnyBalancedTransactionIsTheSumOfItsMovements) {
  const std::uint64_t seed = []() -> std::uint64_t {
    if (const char* text = std::getenv("WAKALA_TEST_SEED")) return std::strtoull(text, nullptr, 10);
    return static_cast<std::uint64_t>(std::random_device{}());
  }();
  std::cout << "LedgerMovements seed " << seed << " (replay with WAKALA_TEST_SEED=" << seed << ")\n";
  SCOPED_TRACE("WAKALA_TEST_SEED=" + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int round = 0; round < 500; ++round) {
    // 2 to 6 distinct accounts with random non-zero amounts, the last one balancing.
    Transaction transaction{"k", T("2026-01-05T07:00:00Z"), "manual", "", {}};
    const int count = 2 + static_cast<int>(random() % 5);
    Money sum;
    for (int i = 0; i + 1 < count; ++i) {
      Money amount = Money::Cents(1 + static_cast<std::int64_t>(random() % 100'000));
      if (random() % 2 == 0) amount = -amount;
      transaction.postings.push_back({Agent("A" + std::to_string(i), AccountKind::kAvailable), amount});
      sum += amount;
    }
    if (sum.IsZero()) continue;
    transaction.postings.push_back({Expense(), -sum});
    ASSERT_TRUE(Validate(transaction));
    const auto movements = Movements(transaction);
    EXPECT_LT(movements.size(), transaction.postings.size()) << "at most n - 1 movements";
    EXPECT_EQ(NetOf(movements), NetOf(transaction)) << "round " << round;
  }
}

TEST(LedgerValidate, RejectsEachMalformedTransactionWithAClearMessage) {
  const Timestamp at = T("2026-01-05T07:00:00Z");
  const AccountRef pending = Agent("A1", AccountKind::kPending);
  const AccountRef available = Agent("A1", AccountKind::kAvailable);

  Transaction no_key = Accrual("", at, "A1", "c", M("1.00"));
  EXPECT_EQ(ValidationMessage(no_key), "transaction of kind 'accrual' has an empty key");

  Transaction one_posting{"manual/1", at, "manual", "", {{pending, M("1.00")}}};
  EXPECT_EQ(ValidationMessage(one_posting), "transaction 'manual/1': needs at least two postings, has 1");
  Transaction no_postings{"manual/0", at, "manual", "", {}};
  EXPECT_EQ(ValidationMessage(no_postings), "transaction 'manual/0': needs at least two postings, has 0");

  Transaction zero = Accrual("accrue/INV-1/L1/sale", at, "A1", "INV-1/L1/sale", Money());
  EXPECT_EQ(ValidationMessage(zero),
            "transaction 'accrue/INV-1/L1/sale': posting 1 (program:commission_expense) has a zero amount");

  Transaction twice{
      "manual/2", at, "manual", "", {{pending, M("1.00")}, {available, M("-2.00")}, {pending, M("1.00")}}};
  EXPECT_EQ(ValidationMessage(twice),
            "transaction 'manual/2': account agent:A1:pending appears twice (postings 1 and 3)");

  Transaction unbalanced = Accrual("accrue/INV-1/L1/sale", at, "A1", "INV-1/L1/sale", M("500.00"));
  unbalanced.postings[1].amount = M("500.01");
  EXPECT_EQ(ValidationMessage(unbalanced),
            "transaction 'accrue/INV-1/L1/sale': postings sum to 0.01, not 0.00");
  unbalanced.postings[1].amount = M("499.00");
  EXPECT_EQ(ValidationMessage(unbalanced),
            "transaction 'accrue/INV-1/L1/sale': postings sum to -1.00, not 0.00");

  Transaction agentless{"manual/3",
                        at,
                        "manual",
                        "",
                        {{Expense(), M("-1.00")}, {AccountRef{"", AccountKind::kPending}, M("1.00")}}};
  EXPECT_EQ(ValidationMessage(agentless),
            "transaction 'manual/3': posting 2: pending is an agent account but has no agent id");
  Transaction program_with_agent{
      "manual/4",
      at,
      "manual",
      "",
      {{AccountRef{"A1", AccountKind::kTaxPayable}, M("-1.00")}, {pending, M("1.00")}}};
  EXPECT_EQ(ValidationMessage(program_with_agent),
            "transaction 'manual/4': posting 1: tax_payable is a program account but names agent 'A1'");

  Transaction overflow{
      "manual/5",
      at,
      "manual",
      "",
      {{pending, Money::Cents(INT64_MAX)}, {available, Money::Cents(1)}, {Expense(), M("-1.00")}}};
  EXPECT_EQ(ValidationMessage(overflow), "transaction 'manual/5': postings overflow when summed");

  // An invalid transaction is refused by Post too, and changes nothing.
  Ledger ledger;
  const auto posted = ledger.Post(unbalanced);
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(ledger.size(), 0u);
  EXPECT_TRUE(ledger.Accounts().empty());
}

TEST(LedgerPost, IdenticalRepostIsANoOp) {
  Ledger ledger;
  const Transaction accrual =
      Accrual("accrue/INV-1/L1/sale", T("2026-01-05T07:00:00Z"), "A1", "INV-1/L1/sale", M("500.00"));
  ASSERT_EQ(ledger.Post(accrual), true);
  const auto again = ledger.Post(accrual);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(*again);
  EXPECT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger.Balance(Agent("A1", AccountKind::kPending)), M("500.00"));
  EXPECT_EQ(ledger.Balance(Expense()), M("-500.00"));
  EXPECT_TRUE(ledger.Contains("accrue/INV-1/L1/sale"));
  ASSERT_NE(ledger.Find("accrue/INV-1/L1/sale"), nullptr);
  EXPECT_EQ(*ledger.Find("accrue/INV-1/L1/sale"), accrual);
  EXPECT_EQ(ledger.Find("accrue/INV-2/L1/sale"), nullptr);
  EXPECT_TRUE(CheckInvariants(ledger).empty());
}

// A post refused for an overflowing balance changes nothing, its key included:
// the same key may be posted afterwards with an amount that fits.
TEST(LedgerPost, ARefusedPostLeavesItsKeyFree) {
  Ledger ledger;
  const Timestamp at = T("2026-01-05T07:00:00Z");
  const Money huge = Money::Cents(std::numeric_limits<std::int64_t>::max() - 10);
  ASSERT_EQ(ledger.Post(Accrual("accrue/INV-1/L1/sale", at, "A1", "INV-1/L1/sale", huge)), true);
  const auto refused = ledger.Post(Accrual("accrue/INV-2/L1/sale", at, "A1", "INV-2/L1/sale", M("500.00")));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("would overflow"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(ledger.Contains("accrue/INV-2/L1/sale"));
  EXPECT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger.Post(Accrual("accrue/INV-2/L1/sale", at, "A2", "INV-2/L1/sale", M("0.05"))), true);
  EXPECT_EQ(ledger.Find("accrue/INV-2/L1/sale")->postings[1].account, Agent("A2", AccountKind::kPending));
}

TEST(LedgerPost, SameKeyWithDifferentContentIsAConflict) {
  Ledger ledger;
  const Timestamp at = T("2026-01-05T07:00:00Z");
  ASSERT_EQ(ledger.Post(Accrual("accrue/INV-1/L1/sale", at, "A1", "INV-1/L1/sale", M("500.00"))), true);

  const auto different_amount =
      ledger.Post(Accrual("accrue/INV-1/L1/sale", at, "A1", "INV-1/L1/sale", M("501.00")));
  ASSERT_FALSE(different_amount);
  EXPECT_EQ(different_amount.error().code, ErrorCode::kConflict);
  EXPECT_EQ(different_amount.error().message,
            "transaction 'accrue/INV-1/L1/sale' was already posted with different content (postings)");

  Transaction other =
      Accrual("accrue/INV-1/L1/sale", T("2026-01-06T07:00:00Z"), "A2", "INV-1/L1/sale", M("500.00"));
  other.kind = "manual";
  const auto different_everything = ledger.Post(other);
  ASSERT_FALSE(different_everything);
  EXPECT_EQ(different_everything.error().code, ErrorCode::kConflict);
  EXPECT_EQ(
      different_everything.error().message,
      "transaction 'accrue/INV-1/L1/sale' was already posted with different content (time, kind, postings)");

  EXPECT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger.Balance(Agent("A1", AccountKind::kPending)), M("500.00"));
  EXPECT_EQ(ledger.Balance(Agent("A2", AccountKind::kPending)), Money());
  EXPECT_EQ(ledger.Accounts().size(), 2u);
  EXPECT_TRUE(CheckInvariants(ledger).empty());
}

TEST(LedgerPost, FullLifeCycleWithClawBack) {
  Ledger ledger;
  const std::string id = "INV-1/L1/sale";
  const auto post = [&](Transaction transaction) {
    const std::string key = transaction.key;
    const auto result = ledger.Post(std::move(transaction));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(*result) << key;
    EXPECT_TRUE(CheckInvariants(ledger).empty()) << "after " << key;
  };

  post(Accrual("accrue/" + id, T("2026-01-05T07:00:00Z"), "A1", id, M("500.00")));
  post(Reversal("refund/R-1/" + id, T("2026-01-10T07:00:00Z"), "A1", id, AccountKind::kPending, M("125.00")));
  post(Maturation("mature/" + id, T("2026-02-19T07:00:00Z"), "A1", id, M("375.00")));
  EXPECT_EQ(BalancesOf(ledger, "A1"), (AgentBalances{.pending = Money(),
                                                     .available = M("375.00"),
                                                     .withdrawing = Money(),
                                                     .paid_out = Money(),
                                                     .tax_withheld = Money(),
                                                     .reversed = M("125.00"),
                                                     .forfeited = Money()}));

  post(WithdrawalRequest("withdraw/W-1/request", T("2026-02-20T07:00:00Z"), "A1", M("375.00")));
  EXPECT_EQ(ledger.Balance(Agent("A1", AccountKind::kWithdrawing)), M("375.00"));
  EXPECT_EQ(ledger.Balance(Agent("A1", AccountKind::kAvailable)), Money());
  post(WithdrawalPaid("withdraw/W-1/paid", T("2026-02-21T07:00:00Z"), "A1", M("375.00"), M("18.75")));

  // A chargeback after payout: the claw-back leaves available negative.
  post(Reversal("chargeback/CB-1/" + id, T("2026-03-01T07:00:00Z"), "A1", id, AccountKind::kAvailable,
                M("50.00")));

  EXPECT_EQ(BalancesOf(ledger, "A1"), (AgentBalances{.pending = Money(),
                                                     .available = M("-50.00"),
                                                     .withdrawing = Money(),
                                                     .paid_out = M("375.00"),
                                                     .tax_withheld = M("18.75"),
                                                     .reversed = M("175.00"),
                                                     .forfeited = Money()}));
  EXPECT_EQ(ledger.Balance(Expense()), M("-500.00"));
  EXPECT_EQ(ledger.Balance(TaxPayable()), M("-18.75"));
  EXPECT_EQ(ledger.size(), 6u);
  EXPECT_TRUE(CheckInvariants(ledger).empty());

  // The state on a given day, from the transactions.
  EXPECT_EQ(ledger.BalanceAsOf(Agent("A1", AccountKind::kPending), T("2026-01-31T00:00:00Z")), M("375.00"));
  EXPECT_EQ(ledger.BalanceAsOf(Agent("A1", AccountKind::kAvailable), T("2026-02-20T07:00:00Z")), Money());
  EXPECT_EQ(ledger.BalanceAsOf(Agent("A1", AccountKind::kPending), T("2026-01-05T06:59:59Z")), Money());

  const std::vector<AccountRef> accounts = {
      Expense(),
      TaxPayable(),
      Agent("A1", AccountKind::kPending),
      Agent("A1", AccountKind::kAvailable),
      Agent("A1", AccountKind::kWithdrawing),
      Agent("A1", AccountKind::kPaidOut),
      Agent("A1", AccountKind::kTaxWithheld),
      Agent("A1", AccountKind::kReversed),
  };
  EXPECT_EQ(ledger.Accounts(), accounts);
  for (const AccountRef& account : accounts) {
    EXPECT_EQ(ledger.Balance(account), ledger.RecomputeBalance(account)) << account.ToString();
  }
}

TEST(LedgerInvariants, ReportNegativePendingAndExcessTax) {
  Ledger ledger;
  const Timestamp at = T("2026-01-05T07:00:00Z");
  // Maturing what never accrued: Post accepts it, the invariants catch it.
  ASSERT_EQ(ledger.Post(Maturation("mature/X", at, "A1", "X", M("100.00"))), true);
  EXPECT_EQ(ledger.Balance(Agent("A1", AccountKind::kPending)), M("-100.00"));
  EXPECT_EQ(CheckInvariants(ledger),
            std::vector<std::string>{"account agent:A1:pending is negative: -100.00"});

  Transaction tax{"manual/tax",
                  at,
                  "manual",
                  "",
                  {{Agent("A2", AccountKind::kTaxWithheld), M("10.00")}, {TaxPayable(), M("-10.00")}}};
  ASSERT_EQ(ledger.Post(tax), true);
  EXPECT_EQ(CheckInvariants(ledger),
            (std::vector<std::string>{"account agent:A1:pending is negative: -100.00",
                                      "agent A2: tax_withheld 10.00 exceeds paid_out 0.00"}));
}

TEST(LedgerInvariants, AnEmptyLedgerIsSound) {
  Ledger ledger;
  EXPECT_TRUE(CheckInvariants(ledger).empty());
  EXPECT_EQ(ledger.Balance(Expense()), Money());
  EXPECT_EQ(BalancesOf(ledger, "A1"), AgentBalances{});
}

// ---- Random postings: the cached balances never drift from the transactions.

std::uint64_t TestSeed() {
  if (const char* text = std::getenv("WAKALA_TEST_SEED")) return std::strtoull(text, nullptr, 10);
  return std::random_device{}();
}

TEST(LedgerRandom, CachedBalancesEqualRecomputedSums) {
  const std::uint64_t seed = TestSeed();
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  std::cout << "LedgerRandom seed " << seed << " (replay with WAKALA_TEST_SEED=" << seed << ")\n";
  SCOPED_TRACE("WAKALA_TEST_SEED=" + std::to_string(seed));
  std::mt19937_64 random(seed);
  const auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };

  const std::vector<std::string> agents = {"A1", "A2", "A3"};
  const std::vector<AccountKind> agent_kinds = {
      AccountKind::kPending,     AccountKind::kAvailable, AccountKind::kWithdrawing, AccountKind::kPaidOut,
      AccountKind::kTaxWithheld, AccountKind::kReversed,  AccountKind::kForfeited};
  const auto any_account = [&]() {
    const std::int64_t choice = pick(0, 8);
    if (choice == 7) return Expense();
    if (choice == 8) return TaxPayable();
    return Agent(agents[static_cast<std::size_t>(pick(0, 2))], agent_kinds[static_cast<std::size_t>(choice)]);
  };

  Ledger ledger;
  std::map<AccountRef, Money> model;  // what the balances must be
  const Timestamp start = T("2026-01-01T00:00:00Z");
  int reposts = 0;
  int conflicts = 0;
  for (int step = 0; step < 3000; ++step) {
    const std::string key = "k/" + std::to_string(step);
    const Timestamp at = start + std::chrono::seconds(pick(0, std::int64_t{90} * 86400));
    const std::string& agent = agents[static_cast<std::size_t>(pick(0, 2))];
    const Money amount = Money::Cents(pick(1, 10'000'000));
    const AccountKind from = pick(0, 1) == 0 ? AccountKind::kPending : AccountKind::kAvailable;

    Transaction transaction;
    switch (pick(0, 9)) {
      case 0:
        transaction = Accrual(key, at, agent, key, amount);
        break;
      case 1:
        transaction = Maturation(key, at, agent, key, amount);
        break;
      case 2:
        transaction = Reversal(key, at, agent, key, from, amount);
        break;
      case 3:
        transaction = Forfeiture(key, at, agent, key, from, amount);
        break;
      case 4:
        transaction = WithdrawalRequest(key, at, agent, amount);
        break;
      case 5:
        transaction = WithdrawalPaid(key, at, agent, amount, Money::Cents(pick(0, amount.cents() / 5)));
        break;
      case 6:
        transaction = WithdrawalRejected(key, at, agent, amount);
        break;
      case 7: {
        // A generic transaction over 2–5 distinct accounts, balanced by the last.
        transaction = Transaction{key, at, "manual", "", {}};
        std::map<AccountRef, Money> chosen;
        const std::int64_t count = pick(2, 5);
        while (static_cast<std::int64_t>(chosen.size()) < count - 1) {
          chosen.emplace(any_account(), Money::Cents(pick(-1'000'000, 1'000'000)));
        }
        Money sum;
        for (auto& [account, posting_amount] : chosen) {
          if (posting_amount.IsZero()) posting_amount = Money::Cents(1);
          transaction.postings.push_back({account, posting_amount});
          sum += posting_amount;
        }
        AccountRef last = any_account();
        while (chosen.contains(last)) last = any_account();
        if (sum.IsZero()) continue;
        transaction.postings.push_back({last, -sum});
        break;
      }
      default: {
        if (ledger.size() == 0) continue;
        // A retry of an earlier transaction, identical or altered.
        Transaction earlier = ledger.transactions()[static_cast<std::size_t>(
            pick(0, static_cast<std::int64_t>(ledger.size()) - 1))];
        const bool alter = pick(0, 1) == 1;
        if (alter) earlier.at += std::chrono::seconds(1);
        const auto result = ledger.Post(earlier);
        if (alter) {
          ASSERT_FALSE(result);
          EXPECT_EQ(result.error().code, ErrorCode::kConflict);
          ++conflicts;
        } else {
          ASSERT_TRUE(result) << result.error().message;
          EXPECT_FALSE(*result);
          ++reposts;
        }
        continue;
      }
    }
    const auto result = ledger.Post(transaction);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_TRUE(*result);
    for (const Posting& posting : transaction.postings) {
      model[posting.account] += posting.amount;
      ASSERT_EQ(ledger.Balance(posting.account), model[posting.account]) << posting.account.ToString();
    }
  }

  EXPECT_GT(reposts, 0);
  EXPECT_GT(conflicts, 0);
  std::vector<AccountRef> expected_accounts;
  Money total;
  for (const auto& [account, balance] : model) {
    expected_accounts.push_back(account);
    total += balance;
    EXPECT_EQ(ledger.Balance(account), balance) << account.ToString();
    EXPECT_EQ(ledger.RecomputeBalance(account), balance) << account.ToString();
    EXPECT_EQ(ledger.BalanceAsOf(account, start + std::chrono::days(91)), balance) << account.ToString();
  }
  EXPECT_TRUE(total.IsZero());
  EXPECT_EQ(ledger.Accounts(), expected_accounts);
  // Random postings drive accounts negative (invariant 3) and tax past payout
  // (4), but never break the books themselves (1, 2).
  for (const std::string& violation : CheckInvariants(ledger)) {
    EXPECT_EQ(violation.find("cached balance"), std::string::npos) << violation;
    EXPECT_EQ(violation.find("balances sum"), std::string::npos) << violation;
  }
}

}  // namespace
}  // namespace wakala::ledger
