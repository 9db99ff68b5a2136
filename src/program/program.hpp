#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace wakala::program {

// Invoice line categories (program-rules.md §2.2).
enum class Category {
  kManagedSubscription,
  kTalkTime,
  kSetupFee,
  kSoftwareEquipment,
  kTrainingOos,
  kCustomDevelopment,
  kAddon,
  kDeposit,
};
inline constexpr std::array kCategories{Category::kManagedSubscription,
                                        Category::kTalkTime,
                                        Category::kSetupFee,
                                        Category::kSoftwareEquipment,
                                        Category::kTrainingOos,
                                        Category::kCustomDevelopment,
                                        Category::kAddon,
                                        Category::kDeposit};
std::string_view CategoryName(Category category);
std::optional<Category> ParseCategory(std::string_view name);
// Lines a performing agent may be named on (technical work).
bool IsTechnicalWork(Category category);

// Technical certification levels; each satisfies the ones below it.
enum class TechnicalLevel { kNone, kBasic, kIntermediate, kAdvanced };
std::string_view TechnicalLevelName(TechnicalLevel level);
std::optional<TechnicalLevel> ParseTechnicalLevel(std::string_view name);

using TierIndex = int;  // position in Program::tiers, lowest first

struct Requirements {
  bool sip_trunk = false;
  int sales_certified_people = 0;
  TechnicalLevel technical_level = TechnicalLevel::kNone;
  bool agreement_signed = false;
  Money monthly_sales;  // average over the quarter's active months, at least
  int monthly_signups = 0;
};

struct Benefits {
  int did_numbers = 0;
  int sip_channels = 0;
  Money free_talk_time;
  bool talk_time_one_off = false;  // false: every month
  bool sales_leads = false;
  bool website_listing = false;
  bool premium_support = false;
};

// What the program says about a line category as a whole, whatever the tier
// or rate card.
struct CategoryRules {
  // Its sale commissions are "recurring commissions" (program-rules.md §3.3:
  // the ones the affiliate 90-day rule forfeits), at every tier where its rate
  // is not first_invoice_only.
  bool recurring = false;
};

struct Tier {
  std::string name;
  Requirements requirements;
  Benefits benefits;
};

struct RateCard {
  std::string version;
  Timestamp effective_from{};
  // rates[category][tier]: the rate, or none (earns nothing).
  std::map<Category, std::vector<std::optional<BasisPoints>>> rates;
  // first_invoice_only[category][tier]: the rate applies only to the first
  // paid invoice of a new subscription.
  std::map<Category, std::vector<bool>> first_invoice_only;
  // Technical work by the highest valid certification level of the performer.
  std::map<TechnicalLevel, BasisPoints> technical;
  // Monthly target bonus per tier, on the month's sales volume.
  std::vector<std::optional<BasisPoints>> bonus;

  std::optional<BasisPoints> Rate(Category category, TierIndex tier) const;
  bool FirstInvoiceOnly(Category category, TierIndex tier) const;
  std::optional<BasisPoints> TechnicalRate(TechnicalLevel level) const;
  std::optional<BasisPoints> BonusRate(TierIndex tier) const;
};

// A whole agent program as data: everything program-rules.md fixes.
struct Program {
  std::string name;
  std::string currency = "KES";
  std::vector<Tier> tiers;
  std::vector<RateCard> rate_cards;  // effective_from ascending, each complete (inheritance resolved)
  std::map<Category, CategoryRules> categories;  // every category
  TierIndex technical_min_tier = 0;
  int hold_days = 45;
  Money min_withdrawal;
  std::map<std::string, BasisPoints> withholding;  // by residency: "resident", "non_resident"
  int affiliate_window_days = 90;
  std::vector<int> affiliate_warning_days;
  int referral_cookie_days = 90;
  int self_referral_ip_days = 30;

  std::optional<TierIndex> FindTier(std::string_view name) const;
  const std::string& TierName(TierIndex tier) const { return tiers.at(static_cast<std::size_t>(tier)).name; }
  TierIndex TopTier() const { return static_cast<TierIndex>(tiers.size()) - 1; }
  // The card in force at `t`: the latest with effective_from ≤ t (the first
  // card also covers anything earlier).
  const RateCard& CardAt(Timestamp t) const;
  const RateCard* FindCard(std::string_view version) const;
  // Whether a sale commission on `category` at a rate that is `first_invoice_only`
  // or not is a recurring commission (forfeited by the affiliate 90-day rule).
  bool IsRecurringSale(Category category, bool first_invoice_only) const;
};

// Parses and checks a program file. Errors name the source, line and what is
// wrong: `program.toml:42: rate_cards[0].rates_bp.setup_fee: "platnum" — no such tier`.
Result<Program> ParseProgram(std::string_view toml_text, std::string_view source_name);
Result<Program> LoadProgramFile(const std::string& path);

// A program compiled into the binary ("cloudone").
Result<Program> BuiltinProgram(std::string_view name);
std::vector<std::string> BuiltinProgramNames();

// The program as a TOML file that ParseProgram reads back to the same program.
std::string FormatProgram(const Program& program);

// Checks that hold across the whole program (tier order, rates ≤ 100%, …);
// also used after scenario overrides. Returns "" or the first problem.
std::string CheckProgram(const Program& program);

}  // namespace wakala::program
