#include "program/program.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wakala::program {

namespace {
constexpr std::array<std::string_view, 8> kCategoryNames{
    "managed_subscription", "talk_time",          "setup_fee", "software_equipment",
    "training_oos",         "custom_development", "addon",     "deposit"};
constexpr std::array<std::string_view, 4> kLevelNames{"none", "basic", "intermediate", "advanced"};
}  // namespace

std::string_view CategoryName(Category category) {
  return kCategoryNames.at(static_cast<std::size_t>(category));
}

std::optional<Category> ParseCategory(std::string_view name) {
  for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
    if (kCategoryNames[i] == name) return static_cast<Category>(i);
  }
  return std::nullopt;
}

bool IsTechnicalWork(Category category) {
  return category == Category::kSetupFee || category == Category::kTrainingOos;
}

std::string_view TechnicalLevelName(TechnicalLevel level) {
  return kLevelNames.at(static_cast<std::size_t>(level));
}

std::optional<TechnicalLevel> ParseTechnicalLevel(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<TechnicalLevel>(i);
  }
  return std::nullopt;
}

std::optional<BasisPoints> RateCard::Rate(Category category, TierIndex tier) const {
  const auto found = rates.find(category);
  if (found == rates.end() || tier < 0 || static_cast<std::size_t>(tier) >= found->second.size()) {
    return std::nullopt;
  }
  return found->second[static_cast<std::size_t>(tier)];
}

bool RateCard::FirstInvoiceOnly(Category category, TierIndex tier) const {
  const auto found = first_invoice_only.find(category);
  if (found == first_invoice_only.end() || tier < 0 ||
      static_cast<std::size_t>(tier) >= found->second.size()) {
    return false;
  }
  return found->second[static_cast<std::size_t>(tier)];
}

std::optional<BasisPoints> RateCard::TechnicalRate(TechnicalLevel level) const {
  const auto found = technical.find(level);
  if (found == technical.end()) return std::nullopt;
  return found->second;
}

std::optional<BasisPoints> RateCard::BonusRate(TierIndex tier) const {
  if (tier < 0 || static_cast<std::size_t>(tier) >= bonus.size()) return std::nullopt;
  return bonus[static_cast<std::size_t>(tier)];
}

std::optional<TierIndex> Program::FindTier(std::string_view tier_name) const {
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    if (tiers[i].name == tier_name) return static_cast<TierIndex>(i);
  }
  return std::nullopt;
}

const RateCard& Program::CardAt(Timestamp t) const {
  const RateCard* card = &rate_cards.front();
  for (const auto& candidate : rate_cards) {
    if (candidate.effective_from <= t) card = &candidate;
  }
  return *card;
}

const RateCard* Program::FindCard(std::string_view version) const {
  for (const auto& card : rate_cards) {
    if (card.version == version) return &card;
  }
  return nullptr;
}

bool Program::IsRecurringSale(Category category, bool first_invoice_only) const {
  if (first_invoice_only) return false;  // a one-off rate (the affiliate's 10%) never recurs
  const auto found = categories.find(category);
  return found != categories.end() && found->second.recurring;
}

std::string CheckProgram(const Program& program) {
  if (program.tiers.empty()) return "a program needs at least one tier";
  for (const Category category : kCategories) {
    const auto found = program.categories.find(category);
    if (found == program.categories.end()) {
      return fmt::format("categories.{}: missing (every line category says whether it is recurring)",
                         CategoryName(category));
    }
    if (category == Category::kDeposit && found->second.recurring) {
      return "categories.deposit: refundable deposits are never commissionable, so never recurring";
    }
  }
  for (std::size_t i = 0; i < program.tiers.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (program.tiers[i].name == program.tiers[j].name) {
        return fmt::format("tier \"{}\" is defined twice", program.tiers[i].name);
      }
    }
  }
  if (program.rate_cards.empty()) return "a program needs at least one rate card";
  for (std::size_t i = 0; i < program.rate_cards.size(); ++i) {
    const auto& card = program.rate_cards[i];
    if (i > 0 && card.effective_from <= program.rate_cards[i - 1].effective_from) {
      return fmt::format("rate card \"{}\" must take effect after \"{}\"", card.version,
                         program.rate_cards[i - 1].version);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (program.rate_cards[j].version == card.version) {
        return fmt::format("rate card \"{}\" is defined twice", card.version);
      }
    }
    for (const auto& [category, per_tier] : card.rates) {
      if (per_tier.size() != program.tiers.size()) {
        return fmt::format("rate card \"{}\": {} has {} tiers, the program {}", card.version,
                           CategoryName(category), per_tier.size(), program.tiers.size());
      }
      for (const auto& rate : per_tier) {
        if (rate && (rate->value < 0 || rate->value > 10000)) {
          return fmt::format("rate card \"{}\": {} rate must be 0 to 10000 bp", card.version,
                             CategoryName(category));
        }
        if (rate && category == Category::kDeposit) {
          return fmt::format("rate card \"{}\": refundable deposits are never commissionable", card.version);
        }
      }
    }
  }
  for (const auto& card : program.rate_cards) {
    for (const auto& [level, rate] : card.technical) {
      if (rate.value < 0 || rate.value > 10000) return "technical rates must be 0 to 10000 bp";
    }
    if (!card.bonus.empty() && card.bonus.size() != program.tiers.size()) {
      return fmt::format("rate card \"{}\": bonus rates do not match the tiers", card.version);
    }
    for (const auto& rate : card.bonus) {
      if (rate && (rate->value < 0 || rate->value > 10000)) return "bonus rates must be 0 to 10000 bp";
    }
  }
  if (program.technical_min_tier < 0 || program.technical_min_tier > program.TopTier()) {
    return "technical.min_tier is not a tier of the program";
  }
  if (program.hold_days < 0 || program.hold_days > 3650) return "hold_days must be 0 to 3650";
  if (program.min_withdrawal.IsNegative()) return "min_withdrawal must not be negative";
  if (!program.withholding.contains("resident") || !program.withholding.contains("non_resident")) {
    return "withholding_bp needs both resident and non_resident";
  }
  for (const auto& [residency, rate] : program.withholding) {
    if (rate.value < 0 || rate.value > 10000) return "withholding rates must be 0 to 10000 bp";
  }
  if (program.affiliate_window_days < 1) return "affiliate_window_days must be at least 1";
  for (int day : program.affiliate_warning_days) {
    if (day < 1 || day >= program.affiliate_window_days) {
      return fmt::format("affiliate warning day {} must fall inside the {}-day window", day,
                         program.affiliate_window_days);
    }
  }
  if (!std::is_sorted(program.affiliate_warning_days.begin(), program.affiliate_warning_days.end())) {
    return "affiliate_warning_days must be in increasing order";
  }
  if (program.referral_cookie_days < 1) return "referral_cookie_days must be at least 1";
  return "";
}

}  // namespace wakala::program
