#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "engine/engine.hpp"

namespace wakala::engine {
namespace {

Timestamp T(std::string_view text) {
  return ParseRfc3339Timestamp(text).value();
}

std::string Eat(std::optional<Timestamp> t) {
  return t ? FormatEat(*t) : "none";
}

// NextDue is what the server's scheduler relies on: the earliest moment at
// which an advance does scheduled work. An advance one second earlier must
// change nothing; an advance to it must run the work.
class NextDueTest : public ::testing::Test {
 protected:
  NextDueTest() : engine(program::BuiltinProgram("cloudone").value(), T("2026-01-10T09:00:00+03:00")) {}

  void AddBronzeAgentWithClient() {
    AgentFacts agent;
    agent.id = "B1";
    agent.tier = program().FindTier("bronze").value();
    agent.activated_at = T("2026-01-01T00:00:00+03:00");
    agent.sip_trunk_active = true;
    agent.agreement_signed = true;
    ASSERT_TRUE(engine.Register(agent));
    ASSERT_TRUE(engine.Register(ClientFacts{"C1", "", "", ""}));
    ASSERT_TRUE(engine.Apply(
        Associate{T("2026-01-10T10:00:00+03:00"), "C1", "B1", AssociationSource::kStaffAssignment, ""}));
  }

  const program::Program& program() const { return engine.program(); }

  // Advances to one second before `due` (nothing may happen), then to `due`
  // (the due work must be done); returns the number of ledger transactions added.
  std::size_t RunDue(Timestamp due) {
    const std::size_t before = engine.ledger().size();
    const std::size_t notifications = engine.notifications().size();
    EXPECT_TRUE(engine.Apply(Advance{due - std::chrono::seconds(1)}));
    EXPECT_EQ(engine.ledger().size(), before) << "work ran before " << FormatEat(due);
    EXPECT_EQ(engine.notifications().size(), notifications);
    EXPECT_EQ(engine.NextDue(), due) << "an advance before the due time leaves it due";
    EXPECT_TRUE(engine.Apply(Advance{due}));
    EXPECT_GT(engine.NextDue().value(), due) << "the work at " << FormatEat(due) << " is done";
    return engine.ledger().size() - before;
  }

  Engine engine;
};

TEST_F(NextDueTest, AnEngineWithNothingInItIsDueAtTheNextMonthClose) {
  EXPECT_EQ(Eat(engine.NextDue()), "2026-02-01T00:00:00+03:00");
  ASSERT_TRUE(engine.Apply(Advance{T("2026-02-01T00:00:00+03:00")}));
  EXPECT_EQ(Eat(engine.NextDue()), "2026-03-01T00:00:00+03:00");
}

TEST_F(NextDueTest, AMaturationBeforeTheMonthCloseComesFirst) {
  AddBronzeAgentWithClient();
  // A subscription line paid on 10 January matures 45 days later, on 24 February.
  auto paid =
      engine.Apply(InvoicePaid{T("2026-01-10T11:00:00+03:00"),
                               "INV-1",
                               "C1",
                               {InvoiceLine{"L1", program::Category::kManagedSubscription,
                                            Money::Cents(1'000'000), std::string("SUB-1"), std::nullopt}},
                               std::nullopt});
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(Eat(engine.NextDue()), "2026-02-01T00:00:00+03:00") << "the January close comes first";
  EXPECT_EQ(RunDue(T("2026-02-01T00:00:00+03:00")), 0U) << "no bonus: the targets are not met";
  EXPECT_EQ(Eat(engine.NextDue()), "2026-02-24T11:00:00+03:00") << "then the maturation";
  EXPECT_EQ(RunDue(T("2026-02-24T11:00:00+03:00")), 1U) << "one maturation";
  EXPECT_EQ(engine.CommissionState(engine.commissions().begin()->second), "available");
  EXPECT_EQ(Eat(engine.NextDue()), "2026-03-01T00:00:00+03:00");
}

// A copy (the quarter-close dry run works on one) has indexes into its own
// state: what happens to the copy leaves the original as it was, and the
// copy's scheduled work and lookups reach its own agents, clients and commissions.
TEST_F(NextDueTest, ACopyRunsOnItsOwnStateAndLeavesTheOriginalAlone) {
  AddBronzeAgentWithClient();
  ASSERT_TRUE(
      engine.Apply(InvoicePaid{T("2026-01-10T11:00:00+03:00"),
                               "INV-1",
                               "C1",
                               {InvoiceLine{"L1", program::Category::kManagedSubscription,
                                            Money::Cents(1'000'000), std::string("SUB-1"), std::nullopt}},
                               std::nullopt}));
  Engine copy = engine;
  ASSERT_TRUE(copy.Apply(Advance{T("2026-02-24T11:00:00+03:00")}));  // the maturation, in the copy only
  ASSERT_TRUE(copy.Apply(InvoicePaid{
      T("2026-02-25T09:00:00+03:00"),
      "INV-2",
      "C1",
      {InvoiceLine{"L1", program::Category::kTalkTime, Money::Cents(500'000), std::nullopt, std::nullopt}},
      std::nullopt}));
  EXPECT_EQ(copy.CommissionState(copy.commissions().at("INV-1/L1/sale")), "available");
  EXPECT_EQ(copy.CommissionsOf("B1").size(), 2U);
  EXPECT_TRUE(copy.CheckInvariants().empty());

  EXPECT_EQ(engine.CommissionState(engine.commissions().at("INV-1/L1/sale")), "pending");
  EXPECT_EQ(engine.CommissionsOf("B1").size(), 1U);
  EXPECT_FALSE(engine.commissions().contains("INV-2/L1/sale"));
  EXPECT_EQ(Eat(engine.NextDue()), "2026-02-01T00:00:00+03:00");
  // The original still matures its own commission when its time comes.
  ASSERT_TRUE(engine.Apply(Advance{T("2026-02-24T11:00:00+03:00")}));
  EXPECT_EQ(engine.CommissionState(engine.commissions().at("INV-1/L1/sale")), "available");
  EXPECT_TRUE(engine.CheckInvariants().empty());
}

// Short invoices are checked by a scan, long ones with a set: either way a
// repeated line id refuses the whole invoice and changes nothing.
TEST_F(NextDueTest, ARepeatedLineIdRefusesShortAndLongInvoices) {
  AddBronzeAgentWithClient();
  for (const std::size_t count : {3U, 40U}) {
    std::vector<InvoiceLine> lines;
    for (std::size_t i = 0; i < count; ++i) {
      lines.push_back(InvoiceLine{"L" + std::to_string(i), program::Category::kTalkTime,
                                  Money::Cents(100'000), std::nullopt, std::nullopt});
    }
    lines.back().id = "L1";
    const std::size_t before = engine.ledger().size();
    const std::string id = "INV-" + std::to_string(count);
    auto paid = engine.Apply(InvoicePaid{T("2026-01-10T11:00:00+03:00"), id, "C1", lines, std::nullopt});
    ASSERT_FALSE(paid) << count << " lines";
    EXPECT_EQ(paid.error().message,
              "lines[" + std::to_string(count - 1) + "].id: missing or repeated (\"L1\")");
    EXPECT_EQ(engine.ledger().size(), before);
    EXPECT_FALSE(engine.invoices().contains(id));
    lines.back().id = "LAST";
    EXPECT_TRUE(engine.Apply(InvoicePaid{T("2026-01-10T11:00:00+03:00"), id, "C1", lines, std::nullopt}))
        << count << " lines";
  }
}

TEST_F(NextDueTest, AffiliateWarningsAndTheEndOfTheWindowAreDue) {
  AgentFacts affiliate;
  affiliate.id = "AF1";
  affiliate.tier = 0;
  affiliate.activated_at = T("2026-01-10T09:00:00+03:00");
  ASSERT_TRUE(engine.Register(affiliate));
  ASSERT_TRUE(engine.Apply(Advance{T("2026-03-01T00:00:00+03:00")}));  // the February close
  // Day 60 of the window, then day 80, both before the April close.
  EXPECT_EQ(Eat(engine.NextDue()), "2026-03-11T09:00:00+03:00");
  RunDue(T("2026-03-11T09:00:00+03:00"));
  ASSERT_EQ(engine.notifications().size(), 1U);
  EXPECT_EQ(engine.notifications().back().kind, "affiliate_warning");
  EXPECT_EQ(Eat(engine.NextDue()), "2026-03-31T09:00:00+03:00");
  RunDue(T("2026-03-31T09:00:00+03:00"));
  EXPECT_EQ(engine.notifications().size(), 2U);
  // Then the month and quarter close (1 April), then day 90 (10 April).
  EXPECT_EQ(Eat(engine.NextDue()), "2026-04-01T00:00:00+03:00");
  RunDue(T("2026-04-01T00:00:00+03:00"));
  EXPECT_EQ(engine.agents().at("AF1").evaluations.size(), 1U) << "the Q1 evaluation ran at the close";
  EXPECT_EQ(Eat(engine.NextDue()), "2026-04-10T09:00:00+03:00");
}

TEST_F(NextDueTest, NextDueIsAlwaysAfterTheEngineClock) {
  AddBronzeAgentWithClient();
  for (const char* at :
       {"2026-01-31T23:59:59+03:00", "2026-02-01T00:00:00+03:00", "2026-05-17T12:00:00+03:00"}) {
    ASSERT_TRUE(engine.Apply(Advance{T(at)}));
    EXPECT_GT(engine.NextDue().value(), engine.clock()) << at;
  }
}

}  // namespace
}  // namespace wakala::engine
