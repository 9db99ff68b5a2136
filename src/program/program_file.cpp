// Reading and writing program files (TOML). Every error names the source,
// the line and the setting, so that a program manager can fix the file.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/calendar.hpp"
#include "core/embedded_file.hpp"
#include "program/program.hpp"

namespace wakala::program {

namespace {

// Thrown inside the reader and turned into an Error at the edge: a program file
// is read whole or not at all.
struct FileError {
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void Fail(const toml::node* node, const std::string& path, const std::string& reason) const {
    const auto line = node != nullptr ? node->source().begin.line : 0;
    throw FileError{line > 0 ? fmt::format("{}:{}: {}: {}", source_, line, path, reason)
                             : fmt::format("{}: {}: {}", source_, path, reason)};
  }

  const toml::table& Table(const toml::table& parent, const std::string& key, const std::string& path) const {
    const toml::node* node = parent.get(key);
    if (node == nullptr) Fail(&parent, Join(path, key), "missing");
    const auto* table = node->as_table();
    if (table == nullptr) Fail(node, Join(path, key), "must be a table");
    return *table;
  }

  // Refuses keys the reader does not know: a typo must not pass silently.
  void OnlyKeys(const toml::table& table, const std::string& path,
                std::initializer_list<std::string_view> keys) const {
    for (const auto& [key, node] : table) {
      if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
        Fail(&node, Join(path, std::string(key.str())), "unknown setting");
      }
    }
  }

  std::int64_t Integer(const toml::table& table, const std::string& key, const std::string& path,
                       std::int64_t min, std::int64_t max) const {
    const toml::node* node = Required(table, key, path);
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < min || value->get() > max) {
      Fail(node, Join(path, key), fmt::format("must be an integer from {} to {}", min, max));
    }
    return value->get();
  }

  bool Boolean(const toml::table& table, const std::string& key, const std::string& path) const {
    const toml::node* node = Required(table, key, path);
    const auto* value = node->as_boolean();
    if (value == nullptr) Fail(node, Join(path, key), "must be true or false");
    return value->get();
  }

  std::string String(const toml::table& table, const std::string& key, const std::string& path) const {
    const toml::node* node = Required(table, key, path);
    const auto* value = node->as_string();
    if (value == nullptr || value->get().empty()) Fail(node, Join(path, key), "must be a non-empty string");
    return value->get();
  }

  Money Amount(const toml::table& table, const std::string& key, const std::string& path) const {
    const toml::node* node = Required(table, key, path);
    const auto* value = node->as_string();
    if (value == nullptr) Fail(node, Join(path, key), "must be an amount as a string, e.g. \"10000.00\"");
    auto parsed = Money::Parse(value->get());
    if (!parsed) Fail(node, Join(path, key), parsed.error().message);
    return *parsed;
  }

  Timestamp Time(const toml::table& table, const std::string& key, const std::string& path) const {
    const toml::node* node = Required(table, key, path);
    const auto* value = node->as_string();
    if (value == nullptr) Fail(node, Join(path, key), "must be an RFC 3339 time as a string");
    auto parsed = ParseRfc3339Timestamp(value->get());
    if (!parsed) Fail(node, Join(path, key), parsed.error().message);
    return *parsed;
  }

  BasisPoints Rate(const toml::node& node, const std::string& path) const {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < 0 || value->get() > 10000) {
      Fail(&node, path, "must be a rate in basis points from 0 to 10000 (1% = 100)");
    }
    return BasisPoints{static_cast<std::int32_t>(value->get())};
  }

  TierIndex TierNamed(const Program& program, const toml::node& node, std::string_view name,
                      const std::string& path) const {
    auto tier = program.FindTier(name);
    if (!tier) {
      Fail(&node, path, fmt::format("\"{}\" — no such tier (tiers: {})", name, TierList(program)));
    }
    return *tier;
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  const toml::node* Required(const toml::table& table, const std::string& key,
                             const std::string& path) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) Fail(&table, Join(path, key), "missing");
    return node;
  }

  static std::string TierList(const Program& program) {
    std::string names;
    for (const auto& tier : program.tiers) names += (names.empty() ? "" : ", ") + tier.name;
    return names;
  }

  std::string source_;
};

void ReadSettings(const Reader& reader, const toml::table& root, Program& program) {
  const auto& settings = reader.Table(root, "program", "");
  reader.OnlyKeys(settings, "program",
                  {"name", "currency", "hold_days", "min_withdrawal", "affiliate_window_days",
                   "affiliate_warning_days", "referral_cookie_days", "self_referral_ip_days"});
  program.name = reader.String(settings, "name", "program");
  program.currency = reader.String(settings, "currency", "program");
  if (program.currency != "KES") {
    reader.Fail(settings.get("currency"), "program.currency", "only KES is supported");
  }
  program.hold_days = static_cast<int>(reader.Integer(settings, "hold_days", "program", 0, 3650));
  program.min_withdrawal = reader.Amount(settings, "min_withdrawal", "program");
  program.affiliate_window_days =
      static_cast<int>(reader.Integer(settings, "affiliate_window_days", "program", 1, 3650));
  program.referral_cookie_days =
      static_cast<int>(reader.Integer(settings, "referral_cookie_days", "program", 1, 3650));
  program.self_referral_ip_days =
      static_cast<int>(reader.Integer(settings, "self_referral_ip_days", "program", 0, 3650));
  const toml::node* warnings = settings.get("affiliate_warning_days");
  if (warnings == nullptr || warnings->as_array() == nullptr) {
    reader.Fail(warnings != nullptr ? warnings : &settings, "program.affiliate_warning_days",
                "must be a list of day numbers, e.g. [60, 80]");
  }
  for (const auto& day : *warnings->as_array()) {
    const auto* value = day.as_integer();
    if (value == nullptr || value->get() < 1 || value->get() >= program.affiliate_window_days) {
      reader.Fail(&day, "program.affiliate_warning_days",
                  fmt::format("each day must be from 1 to {}", program.affiliate_window_days - 1));
    }
    program.affiliate_warning_days.push_back(static_cast<int>(value->get()));
  }
  const auto& withholding = reader.Table(root, "withholding_bp", "");
  reader.OnlyKeys(withholding, "withholding_bp", {"resident", "non_resident"});
  for (const char* residency : {"resident", "non_resident"}) {
    const toml::node* node = withholding.get(residency);
    if (node == nullptr) reader.Fail(&withholding, std::string("withholding_bp.") + residency, "missing");
    program.withholding[residency] = reader.Rate(*node, std::string("withholding_bp.") + residency);
  }
}

void ReadTiers(const Reader& reader, const toml::table& root, Program& program) {
  const toml::node* node = root.get("tiers");
  if (node == nullptr || node->as_array() == nullptr || node->as_array()->empty()) {
    reader.Fail(node != nullptr ? node : &root, "tiers", "must be a list of [[tiers]], lowest first");
  }
  std::size_t index = 0;
  for (const auto& element : *node->as_array()) {
    const std::string path = fmt::format("tiers[{}]", index++);
    const auto* table = element.as_table();
    if (table == nullptr) reader.Fail(&element, path, "must be a table");
    reader.OnlyKeys(*table, path, {"name", "requirements", "benefits"});
    Tier tier;
    tier.name = reader.String(*table, "name", path);
    if (program.FindTier(tier.name)) reader.Fail(table->get("name"), path + ".name", "tier defined twice");

    const std::string req_path = path + ".requirements";
    const auto& requirements = reader.Table(*table, "requirements", path);
    reader.OnlyKeys(requirements, req_path,
                    {"sip_trunk", "sales_certified_people", "technical_level", "agreement_signed",
                     "monthly_sales", "monthly_signups"});
    tier.requirements.sip_trunk = reader.Boolean(requirements, "sip_trunk", req_path);
    tier.requirements.sales_certified_people =
        static_cast<int>(reader.Integer(requirements, "sales_certified_people", req_path, 0, 1000));
    const std::string level = reader.String(requirements, "technical_level", req_path);
    const auto parsed_level = ParseTechnicalLevel(level);
    if (!parsed_level) {
      reader.Fail(requirements.get("technical_level"), req_path + ".technical_level",
                  "must be none, basic, intermediate or advanced");
    }
    tier.requirements.technical_level = *parsed_level;
    tier.requirements.agreement_signed = reader.Boolean(requirements, "agreement_signed", req_path);
    tier.requirements.monthly_sales = reader.Amount(requirements, "monthly_sales", req_path);
    tier.requirements.monthly_signups =
        static_cast<int>(reader.Integer(requirements, "monthly_signups", req_path, 0, 100000));

    const std::string ben_path = path + ".benefits";
    const auto& benefits = reader.Table(*table, "benefits", path);
    reader.OnlyKeys(benefits, ben_path,
                    {"did_numbers", "sip_channels", "free_talk_time", "free_talk_time_period", "sales_leads",
                     "website_listing", "premium_support"});
    tier.benefits.did_numbers = static_cast<int>(reader.Integer(benefits, "did_numbers", ben_path, 0, 10000));
    tier.benefits.sip_channels =
        static_cast<int>(reader.Integer(benefits, "sip_channels", ben_path, 0, 10000));
    tier.benefits.free_talk_time = reader.Amount(benefits, "free_talk_time", ben_path);
    const std::string period = reader.String(benefits, "free_talk_time_period", ben_path);
    if (period != "month" && period != "one_off") {
      reader.Fail(benefits.get("free_talk_time_period"), ben_path + ".free_talk_time_period",
                  "must be \"month\" or \"one_off\"");
    }
    tier.benefits.talk_time_one_off = period == "one_off";
    tier.benefits.sales_leads = reader.Boolean(benefits, "sales_leads", ben_path);
    tier.benefits.website_listing = reader.Boolean(benefits, "website_listing", ben_path);
    tier.benefits.premium_support = reader.Boolean(benefits, "premium_support", ben_path);
    program.tiers.push_back(std::move(tier));
  }
}

void ReadTechnical(const Reader& reader, const toml::table& root, Program& program) {
  const auto& technical = reader.Table(root, "technical", "");
  reader.OnlyKeys(technical, "technical", {"min_tier"});
  const std::string min_tier = reader.String(technical, "min_tier", "technical");
  program.technical_min_tier =
      reader.TierNamed(program, *technical.get("min_tier"), min_tier, "technical.min_tier");
}

void ReadCategories(const Reader& reader, const toml::table& root, Program& program) {
  const auto& categories = reader.Table(root, "categories", "");
  for (const auto& [key, node] : categories) {
    const std::string path = "categories." + std::string(key.str());
    const auto category = ParseCategory(key.str());
    if (!category) reader.Fail(&node, path, "no such line category");
    const auto* table = node.as_table();
    if (table == nullptr) reader.Fail(&node, path, "must be a table, e.g. { recurring = true }");
    reader.OnlyKeys(*table, path, {"recurring"});
    CategoryRules rules;
    rules.recurring = reader.Boolean(*table, "recurring", path);
    if (*category == Category::kDeposit && rules.recurring) {
      reader.Fail(table->get("recurring"), path + ".recurring",
                  "refundable deposits are never commissionable, so never recurring");
    }
    program.categories[*category] = rules;
  }
  for (const Category category : kCategories) {
    if (!program.categories.contains(category)) {
      reader.Fail(&categories, "categories." + std::string(CategoryName(category)),
                  "missing (every line category says whether it is recurring)");
    }
  }
}

void ReadRateCards(const Reader& reader, const toml::table& root, Program& program) {
  const toml::node* node = root.get("rate_cards");
  if (node == nullptr || node->as_array() == nullptr || node->as_array()->empty()) {
    reader.Fail(node != nullptr ? node : &root, "rate_cards",
                "must be a list of [[rate_cards]], oldest first");
  }
  std::size_t index = 0;
  for (const auto& element : *node->as_array()) {
    const std::string path = fmt::format("rate_cards[{}]", index++);
    const auto* table = element.as_table();
    if (table == nullptr) reader.Fail(&element, path, "must be a table");
    reader.OnlyKeys(
        *table, path,
        {"version", "effective_from", "rates_bp", "first_invoice_only", "technical_bp", "bonus_bp"});
    // A card starts from the one before it and replaces what it names.
    RateCard card = program.rate_cards.empty() ? RateCard{} : program.rate_cards.back();
    if (card.bonus.empty()) card.bonus.assign(program.tiers.size(), std::nullopt);
    card.version = reader.String(*table, "version", path);
    card.effective_from = reader.Time(*table, "effective_from", path);
    if (!program.rate_cards.empty() && card.effective_from <= program.rate_cards.back().effective_from) {
      reader.Fail(table->get("effective_from"), path + ".effective_from",
                  "must be later than the card before it (cards are listed oldest first)");
    }
    if (program.FindCard(card.version) != nullptr) {
      reader.Fail(table->get("version"), path + ".version", "version defined twice");
    }
    const toml::table empty;
    const auto* rates_node = table->get("rates_bp");
    if (rates_node != nullptr && rates_node->as_table() == nullptr) {
      reader.Fail(rates_node, path + ".rates_bp", "must be a table of categories");
    }
    const auto& rates = rates_node != nullptr ? *rates_node->as_table() : empty;
    for (const auto& [category_key, per_tier_node] : rates) {
      const std::string category_path = path + ".rates_bp." + std::string(category_key.str());
      const auto category = ParseCategory(category_key.str());
      if (!category) reader.Fail(&per_tier_node, category_path, "no such line category");
      if (*category == Category::kDeposit) {
        reader.Fail(&per_tier_node, category_path, "refundable deposits are never commissionable");
      }
      const auto* per_tier = per_tier_node.as_table();
      if (per_tier == nullptr) reader.Fail(&per_tier_node, category_path, "must map tier names to rates");
      auto& slots = card.rates[*category];
      if (slots.empty()) slots.assign(program.tiers.size(), std::nullopt);
      for (const auto& [tier_key, rate_node] : *per_tier) {
        const std::string rate_path = category_path + "." + std::string(tier_key.str());
        const TierIndex tier = reader.TierNamed(program, rate_node, tier_key.str(), rate_path);
        slots[static_cast<std::size_t>(tier)] = reader.Rate(rate_node, rate_path);
      }
    }
    if (const toml::node* first_only = table->get("first_invoice_only")) {
      const auto* first_table = first_only->as_table();
      if (first_table == nullptr) reader.Fail(first_only, path + ".first_invoice_only", "must be a table");
      for (const auto& [category_key, list_node] : *first_table) {
        const std::string category_path = path + ".first_invoice_only." + std::string(category_key.str());
        const auto category = ParseCategory(category_key.str());
        if (!category) reader.Fail(&list_node, category_path, "no such line category");
        const auto* list = list_node.as_array();
        if (list == nullptr) reader.Fail(&list_node, category_path, "must be a list of tier names");
        auto& flags = card.first_invoice_only[*category];
        flags.assign(program.tiers.size(), false);  // the list replaces the earlier one
        for (const auto& tier_node : *list) {
          const auto* tier_name = tier_node.as_string();
          if (tier_name == nullptr) reader.Fail(&tier_node, category_path, "must be a list of tier names");
          flags[static_cast<std::size_t>(
              reader.TierNamed(program, tier_node, tier_name->get(), category_path))] = true;
        }
      }
    }
    if (const toml::node* technical = table->get("technical_bp")) {
      const auto* levels = technical->as_table();
      if (levels == nullptr) reader.Fail(technical, path + ".technical_bp", "must map levels to rates");
      for (const auto& [level_key, rate_node] : *levels) {
        const std::string level_path = path + ".technical_bp." + std::string(level_key.str());
        const auto level = ParseTechnicalLevel(level_key.str());
        if (!level || *level == TechnicalLevel::kNone) {
          reader.Fail(&rate_node, level_path, "must be basic, intermediate or advanced");
        }
        card.technical[*level] = reader.Rate(rate_node, level_path);
      }
    }
    if (const toml::node* bonus = table->get("bonus_bp")) {
      const auto* tiers = bonus->as_table();
      if (tiers == nullptr) reader.Fail(bonus, path + ".bonus_bp", "must map tier names to rates");
      for (const auto& [tier_key, rate_node] : *tiers) {
        const std::string rate_path = path + ".bonus_bp." + std::string(tier_key.str());
        const TierIndex tier = reader.TierNamed(program, rate_node, tier_key.str(), rate_path);
        card.bonus[static_cast<std::size_t>(tier)] = reader.Rate(rate_node, rate_path);
      }
    }
    program.rate_cards.push_back(std::move(card));
  }
}

}  // namespace

Result<Program> ParseProgram(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    return Fail(Error::Invalid(fmt::format("{}:{}:{}: {}", source_name, error.source().begin.line,
                                           error.source().begin.column, error.description())));
  }
  const Reader reader(source_name);
  Program program;
  try {
    reader.OnlyKeys(root, "",
                    {"program", "withholding_bp", "technical", "categories", "tiers", "rate_cards"});
    ReadSettings(reader, root, program);
    ReadTiers(reader, root, program);
    ReadTechnical(reader, root, program);
    ReadCategories(reader, root, program);
    ReadRateCards(reader, root, program);
  } catch (const FileError& error) {
    return Fail(Error::Invalid(error.message));
  }
  if (auto problem = CheckProgram(program); !problem.empty()) {
    return Fail(Error::Invalid(fmt::format("{}: {}", source_name, problem)));
  }
  return program;
}

Result<Program> LoadProgramFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return Fail(Error::Invalid(path + ": cannot read the program file"));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return ParseProgram(text.str(), path);
}

std::vector<std::string> BuiltinProgramNames() {
  std::vector<std::string> names;
  for (const auto& file : embedded::programs::Files()) {
    std::string name(file.name);
    names.push_back(name.substr(0, name.rfind(".toml")));
  }
  return names;
}

Result<Program> BuiltinProgram(std::string_view name) {
  for (const auto& file : embedded::programs::Files()) {
    if (file.name == std::string(name) + ".toml") {
      return ParseProgram(file.content, "builtin:" + std::string(file.name));
    }
  }
  std::string known;
  for (const auto& program_name : BuiltinProgramNames()) known += (known.empty() ? "" : ", ") + program_name;
  return Fail(Error::Invalid(fmt::format("no built-in program \"{}\" (built in: {})", name, known)));
}

std::string FormatProgram(const Program& program) {
  std::string out = fmt::format(
      "# The effective program \"{}\" (wakala program show).\n\n[program]\nname = \"{}\"\ncurrency = \"{}\"\n"
      "hold_days = {}\nmin_withdrawal = \"{}\"\naffiliate_window_days = {}\naffiliate_warning_days = [{}]\n"
      "referral_cookie_days = {}\nself_referral_ip_days = {}\n\n[withholding_bp]\nresident = "
      "{}\nnon_resident = {}\n\n"
      "[technical]\nmin_tier = \"{}\"\n",
      program.name, program.name, program.currency, program.hold_days, program.min_withdrawal.ToString(),
      program.affiliate_window_days, fmt::join(program.affiliate_warning_days, ", "),
      program.referral_cookie_days, program.self_referral_ip_days, program.withholding.at("resident").value,
      program.withholding.at("non_resident").value, program.TierName(program.technical_min_tier));
  out += "\n[categories]\n";
  for (const auto& [category, rules] : program.categories) {
    out += fmt::format("{} = {{ recurring = {} }}\n", CategoryName(category), rules.recurring);
  }
  for (const auto& tier : program.tiers) {
    const auto& r = tier.requirements;
    const auto& b = tier.benefits;
    out += fmt::format(
        "\n[[tiers]]\nname = \"{}\"\n  [tiers.requirements]\n  sip_trunk = {}\n"
        "  sales_certified_people = {}\n  technical_level = \"{}\"\n  agreement_signed = {}\n"
        "  monthly_sales = \"{}\"\n  monthly_signups = {}\n  [tiers.benefits]\n  did_numbers = {}\n"
        "  sip_channels = {}\n  free_talk_time = \"{}\"\n  free_talk_time_period = \"{}\"\n  sales_leads = "
        "{}\n"
        "  website_listing = {}\n  premium_support = {}\n",
        tier.name, r.sip_trunk, r.sales_certified_people, TechnicalLevelName(r.technical_level),
        r.agreement_signed, r.monthly_sales.ToString(), r.monthly_signups, b.did_numbers, b.sip_channels,
        b.free_talk_time.ToString(), b.talk_time_one_off ? "one_off" : "month", b.sales_leads,
        b.website_listing, b.premium_support);
  }
  for (const auto& card : program.rate_cards) {
    out +=
        fmt::format("\n[[rate_cards]]\nversion = \"{}\"\neffective_from = \"{}\"\n  [rate_cards.rates_bp]\n",
                    card.version, FormatEat(card.effective_from));
    for (const auto& [category, per_tier] : card.rates) {
      std::vector<std::string> entries;
      for (std::size_t i = 0; i < per_tier.size(); ++i) {
        if (per_tier[i]) entries.push_back(fmt::format("{} = {}", program.tiers[i].name, per_tier[i]->value));
      }
      out += fmt::format("  {} = {{ {} }}\n", CategoryName(category), fmt::join(entries, ", "));
    }
    std::string first_only;
    for (const auto& [category, flags] : card.first_invoice_only) {
      std::vector<std::string> tiers;
      for (std::size_t i = 0; i < flags.size(); ++i) {
        if (flags[i]) tiers.push_back("\"" + program.tiers[i].name + "\"");
      }
      if (!tiers.empty())
        first_only += fmt::format("  {} = [{}]\n", CategoryName(category), fmt::join(tiers, ", "));
    }
    if (!first_only.empty()) out += "  [rate_cards.first_invoice_only]\n" + first_only;
    // Each card is written complete, so that the file reads back the same.
    if (!card.technical.empty()) {
      out += "  [rate_cards.technical_bp]\n";
      for (const auto& [level, rate] : card.technical) {
        out += fmt::format("  {} = {}\n", TechnicalLevelName(level), rate.value);
      }
    }
    std::string bonus;
    for (std::size_t i = 0; i < card.bonus.size(); ++i) {
      if (card.bonus[i]) bonus += fmt::format("  {} = {}\n", program.tiers[i].name, card.bonus[i]->value);
    }
    if (!bonus.empty()) out += "  [rate_cards.bonus_bp]\n" + bonus;
  }
  return out;
}

}  // namespace wakala::program
