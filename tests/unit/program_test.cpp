#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "core/calendar.hpp"
#include "program/program.hpp"

namespace wakala::program {
namespace {

Money M(std::string_view text) {
  return Money::Parse(text).value();
}

const Program& CloudOne() {
  static const Program program = BuiltinProgram("cloudone").value();
  return program;
}

// The built-in program is program-rules.md, number for number.
TEST(CloudOne, TiersInOrderWithTheirRequirements) {
  const auto& program = CloudOne();
  std::vector<std::string> names;
  for (const auto& tier : program.tiers) names.push_back(tier.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"affiliate", "bronze", "silver", "gold", "platinum", "titanium"}));

  struct Expected {
    int sales_people;
    TechnicalLevel technical;
    bool agreement;
    const char* monthly_sales;
    int signups;
    int bonus_bp;
  };
  const Expected expected[] = {{0, TechnicalLevel::kNone, false, "0.00", 0, 0},
                               {1, TechnicalLevel::kNone, true, "50000.00", 1, 100},
                               {1, TechnicalLevel::kBasic, true, "250000.00", 2, 150},
                               {1, TechnicalLevel::kIntermediate, true, "500000.00", 3, 200},
                               {2, TechnicalLevel::kAdvanced, true, "1000000.00", 4, 250},
                               {3, TechnicalLevel::kAdvanced, true, "2000000.00", 5, 300}};
  for (std::size_t i = 0; i < program.tiers.size(); ++i) {
    SCOPED_TRACE(program.tiers[i].name);
    const auto& r = program.tiers[i].requirements;
    EXPECT_TRUE(r.sip_trunk);
    EXPECT_EQ(r.sales_certified_people, expected[i].sales_people);
    EXPECT_EQ(r.technical_level, expected[i].technical);
    EXPECT_EQ(r.agreement_signed, expected[i].agreement);
    EXPECT_EQ(r.monthly_sales, M(expected[i].monthly_sales));
    EXPECT_EQ(r.monthly_signups, expected[i].signups);
    const auto bonus = program.rate_cards[0].BonusRate(static_cast<TierIndex>(i));
    EXPECT_EQ(bonus ? bonus->value : 0, expected[i].bonus_bp);
  }
}

TEST(CloudOne, Benefits) {
  const auto& program = CloudOne();
  const int channels[] = {1, 4, 8, 16, 24, 32};
  const char* talk_time[] = {"100.00", "1000.00", "2000.00", "3000.00", "4000.00", "5000.00"};
  for (std::size_t i = 0; i < program.tiers.size(); ++i) {
    const auto& b = program.tiers[i].benefits;
    EXPECT_EQ(b.did_numbers, 1);
    EXPECT_EQ(b.sip_channels, channels[i]);
    EXPECT_EQ(b.free_talk_time, M(talk_time[i]));
    EXPECT_EQ(b.talk_time_one_off, i == 0);
    EXPECT_EQ(b.sales_leads, i >= 3);
    EXPECT_EQ(b.website_listing, i >= 1);
    EXPECT_EQ(b.premium_support, i >= 2);
  }
}

TEST(CloudOne, RateCard) {
  const auto& program = CloudOne();
  ASSERT_EQ(program.rate_cards.size(), 1U);
  const auto& card = program.rate_cards[0];
  const auto affiliate = *program.FindTier("affiliate");
  EXPECT_EQ(card.Rate(Category::kManagedSubscription, affiliate)->value, 1000);
  EXPECT_TRUE(card.FirstInvoiceOnly(Category::kManagedSubscription, affiliate));
  for (auto category :
       {Category::kTalkTime, Category::kSetupFee, Category::kSoftwareEquipment, Category::kTrainingOos,
        Category::kCustomDevelopment, Category::kAddon, Category::kDeposit}) {
    EXPECT_FALSE(card.Rate(category, affiliate)) << CategoryName(category);
  }
  for (TierIndex tier = 1; tier <= program.TopTier(); ++tier) {
    SCOPED_TRACE(program.TierName(tier));
    EXPECT_EQ(card.Rate(Category::kManagedSubscription, tier)->value, 500);
    EXPECT_FALSE(card.FirstInvoiceOnly(Category::kManagedSubscription, tier)) << "recurring";
    EXPECT_EQ(card.Rate(Category::kTalkTime, tier)->value, 500);
    EXPECT_EQ(card.Rate(Category::kSetupFee, tier)->value, 1000);
    EXPECT_EQ(card.Rate(Category::kSoftwareEquipment, tier)->value, 1000);
    EXPECT_EQ(card.Rate(Category::kTrainingOos, tier)->value, 2000);
    EXPECT_FALSE(card.Rate(Category::kCustomDevelopment, tier)) << "manual";
    EXPECT_FALSE(card.Rate(Category::kAddon, tier)) << "manual";
    EXPECT_FALSE(card.Rate(Category::kDeposit, tier)) << "never";
  }
}

// §3.3 Decision: the recurring commissions are the sale commissions on
// managed_subscription and talk_time at a rate that is not one-off.
TEST(CloudOne, RecurringCategoriesAreProgramData) {
  const auto& program = CloudOne();
  for (const Category category : kCategories) {
    SCOPED_TRACE(CategoryName(category));
    const bool recurring = category == Category::kManagedSubscription || category == Category::kTalkTime;
    EXPECT_EQ(program.categories.at(category).recurring, recurring);
    EXPECT_EQ(program.IsRecurringSale(category, false), recurring);
    EXPECT_FALSE(program.IsRecurringSale(category, true)) << "a one-off rate never recurs";
  }
  EXPECT_NE(
      FormatProgram(program).find("\n[categories]\nmanaged_subscription = { recurring = true }\n"
                                  "talk_time = { recurring = true }\nsetup_fee = { recurring = false }\n"),
      std::string::npos)
      << "wakala program show prints the flags";
}

TEST(ProgramFile, EveryCategorySaysWhetherItIsRecurring) {
  std::string text = FormatProgram(CloudOne());
  const std::string addon = "addon = { recurring = false }\n";
  text.erase(text.find(addon), addon.size());
  auto parsed = ParseProgram(text, "program.toml");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("categories.addon: missing"), std::string::npos)
      << parsed.error().message;

  Program program = CloudOne();
  program.categories.erase(Category::kTalkTime);
  EXPECT_EQ(CheckProgram(program),
            "categories.talk_time: missing (every line category says whether it is recurring)");
  program = CloudOne();
  program.categories[Category::kDeposit].recurring = true;
  EXPECT_NE(CheckProgram(program).find("deposits are never commissionable"), std::string::npos);
}

TEST(CloudOne, SettingsTechnicalRatesAndTax) {
  const auto& program = CloudOne();
  EXPECT_EQ(program.hold_days, 45);
  EXPECT_EQ(program.min_withdrawal, M("10000.00"));
  EXPECT_EQ(program.withholding.at("resident").value, 500);
  EXPECT_EQ(program.withholding.at("non_resident").value, 2000);
  EXPECT_EQ(program.affiliate_window_days, 90);
  EXPECT_EQ(program.affiliate_warning_days, (std::vector<int>{60, 80}));
  EXPECT_EQ(program.referral_cookie_days, 90);
  EXPECT_EQ(program.self_referral_ip_days, 30);
  const auto& card = program.rate_cards[0];
  EXPECT_EQ(card.TechnicalRate(TechnicalLevel::kBasic)->value, 2000);
  EXPECT_EQ(card.TechnicalRate(TechnicalLevel::kIntermediate)->value, 3000);
  EXPECT_EQ(card.TechnicalRate(TechnicalLevel::kAdvanced)->value, 4000);
  EXPECT_EQ(program.TierName(program.technical_min_tier), "bronze");
  // The headline: titanium sells and delivers training, meets its targets.
  const auto titanium = *program.FindTier("titanium");
  EXPECT_EQ(card.Rate(Category::kTrainingOos, titanium)->value +
                card.TechnicalRate(TechnicalLevel::kAdvanced)->value + card.BonusRate(titanium)->value,
            6300);
}

TEST(ProgramFile, ShowReadsBackToTheSameProgram) {
  const std::string shown = FormatProgram(CloudOne());
  auto reread = ParseProgram(shown, "shown.toml");
  ASSERT_TRUE(reread) << reread.error().message;
  EXPECT_EQ(FormatProgram(*reread), shown);
}

TEST(ProgramFile, UnknownBuiltinListsTheKnownOnes) {
  auto missing = BuiltinProgram("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "no built-in program \"nope\" (built in: cloudone)");
}

// Each bad file is refused with file, line, setting and reason.
struct BadFile {
  const char* find;
  const char* replace;
  const char* expected;
};

TEST(ProgramFile, ErrorsNameLineSettingAndReason) {
  const std::string good = FormatProgram(CloudOne());
  const BadFile cases[] = {
      {"setup_fee = { bronze = 1000, silver = 1000", "setup_fee = { bronze = 1000, platnum = 1000",
       "rate_cards[0].rates_bp.setup_fee.platnum: \"platnum\" — no such tier"},
      {"hold_days = 45", "hold_days = \"45\"", "program.hold_days: must be an integer from 0 to 3650"},
      {"min_withdrawal = \"10000.00\"", "min_withdrawal = \"10000.001\"",
       "program.min_withdrawal: amount '10000.001' has more than two decimal places"},
      {"talk_time = { bronze = 500", "talk_time = { bronze = 50000",
       "rate_cards[0].rates_bp.talk_time.bronze: must be a rate in basis points from 0 to 10000"},
      {"  advanced = 4000", "  expert = 4000",
       "rate_cards[0].technical_bp.expert: must be basic, intermediate or advanced"},
      {"  gold = 200", "  golden = 200", "rate_cards[0].bonus_bp.golden: \"golden\" — no such tier"},
      {"  [rate_cards.rates_bp]\n", "  [rate_cards.rates_bp]\n  deposit = { bronze = 100 }\n",
       "rate_cards[0].rates_bp.deposit: refundable deposits are never commissionable"},
      {"technical_level = \"basic\"", "technical_level = \"expert\"",
       "tiers[2].requirements.technical_level: must be none, basic, intermediate or advanced"},
      {"referral_cookie_days = 90", "referral_cookie_days = 90\nreferal_days = 3",
       "program.referal_days: unknown setting"},
      {"affiliate_warning_days = [60, 80]", "affiliate_warning_days = [60, 95]",
       "program.affiliate_warning_days: each day must be from 1 to 89"},
      {"effective_from = \"2025-01-01T00:00:00+03:00\"", "effective_from = \"2025-01-01\"",
       "rate_cards[0].effective_from: '2025-01-01' is not an RFC 3339 time"},
      {"talk_time = { recurring = true }", "talk_time = { recurring = \"yes\" }",
       "categories.talk_time.recurring: must be true or false"},
      {"deposit = { recurring = false }", "deposit = { recurring = true }",
       "categories.deposit.recurring: refundable deposits are never commissionable, so never recurring"},
      {"addon = { recurring = false }", "addons = { recurring = false }",
       "categories.addons: no such line category"},
      {"addon = { recurring = false }", "addon = { recurring = false, one_off = true }",
       "categories.addon.one_off: unknown setting"},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.replace);
    std::string text = good;
    const auto at = text.find(bad.find);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::strlen(bad.find), bad.replace);
    auto parsed = ParseProgram(text, "program.toml");
    ASSERT_FALSE(parsed);
    const std::string& message = parsed.error().message;
    EXPECT_TRUE(message.starts_with("program.toml:")) << message;
    EXPECT_NE(message.find(bad.expected), std::string::npos) << message;
    // The line number points at the offending line.
    const int line = std::stoi(message.substr(13));
    const int expected_line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    EXPECT_GE(line, expected_line - 1) << message;
    EXPECT_LE(line, expected_line + 1) << message;
  }
}

TEST(ProgramFile, SyntaxErrorHasLineAndColumn) {
  auto parsed = ParseProgram("[program\nname = 1", "broken.toml");
  ASSERT_FALSE(parsed);
  EXPECT_TRUE(parsed.error().message.starts_with("broken.toml:1:")) << parsed.error().message;
}

TEST(RateCards, CardInForceAtATime) {
  std::string text = FormatProgram(CloudOne());
  text +=
      "\n[[rate_cards]]\nversion = \"2026-03\"\neffective_from = \"2026-03-01T00:00:00+03:00\"\n"
      "  [rate_cards.rates_bp]\n  managed_subscription = { bronze = 400 }\n";
  auto program = ParseProgram(text, "two-cards.toml");
  ASSERT_TRUE(program) << program.error().message;
  const auto before = ParseRfc3339Timestamp("2026-02-28T23:59:59+03:00").value();
  const auto after = ParseRfc3339Timestamp("2026-03-01T00:00:00+03:00").value();
  const auto early = ParseRfc3339Timestamp("2019-01-01T00:00:00+03:00").value();
  EXPECT_EQ(program->CardAt(before).version, "2025-01");
  EXPECT_EQ(program->CardAt(after).version, "2026-03");
  EXPECT_EQ(program->CardAt(early).version, "2025-01") << "the first card covers earlier times";
  const auto* march = program->FindCard("2026-03");
  EXPECT_EQ(march->Rate(Category::kManagedSubscription, 1)->value, 400);
  EXPECT_EQ(march->Rate(Category::kManagedSubscription, 0)->value, 1000) << "inherited from the card before";
  EXPECT_EQ(march->Rate(Category::kTrainingOos, 5)->value, 2000) << "inherited";
  EXPECT_EQ(march->BonusRate(5)->value, 300) << "inherited";

  std::string out_of_order =
      FormatProgram(CloudOne()) +
      "\n[[rate_cards]]\nversion = \"2024\"\neffective_from = \"2024-01-01T00:00:00+03:00\"\n"
      "  [rate_cards.rates_bp]\n";
  auto refused = ParseProgram(out_of_order, "order.toml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("must be later than the card before it"), std::string::npos);
}

}  // namespace
}  // namespace wakala::program
