#include "sim/scenario.hpp"

#include <fmt/format.h>
#include <boost/container/small_vector.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <span>

#include "core/calendar.hpp"
#include "core/text.hpp"
#include "engine/codec.hpp"
#include "engine/engine.hpp"
#include "engine/json_fields.hpp"
#include "engine/json_views.hpp"

namespace wakala::sim {

namespace json = boost::json;
using engine::Engine;
using engine::json_input::AsObject;
using engine::json_input::Fields;
using engine::json_input::InvalidJson;
using program::Category;

namespace {

// ---- program -------------------------------------------------------------

BasisPoints Rate(const json::value& value, const std::string& where) {
  if (!value.is_int64() || value.as_int64() < 0 || value.as_int64() > 10000) {
    throw InvalidJson{where + ": must be a rate in basis points from 0 to 10000"};
  }
  return BasisPoints{static_cast<std::int32_t>(value.as_int64())};
}

void ApplyOverrides(program::Program& program, const json::object& overrides) {
  Fields fields(overrides, "program.overrides");
  auto days = [&](const char* key, int& target) {
    if (const auto* value = fields.Get(key)) {
      if (!value->is_int64() || value->as_int64() < 0 || value->as_int64() > 3650) {
        fields.Fail(key, "must be a number of days from 0 to 3650");
      }
      target = static_cast<int>(value->as_int64());
    }
  };
  days("hold_days", program.hold_days);
  days("affiliate_window_days", program.affiliate_window_days);
  days("referral_cookie_days", program.referral_cookie_days);
  if (fields.Get("min_withdrawal") != nullptr) program.min_withdrawal = fields.Amount("min_withdrawal");
  if (const auto* withholding = fields.Get("withholding_bp")) {
    const auto& table = AsObject(*withholding, "program.overrides.withholding_bp");
    for (const auto& [residency, rate] : table) {
      if (residency != "resident" && residency != "non_resident") {
        fields.Fail("withholding_bp." + std::string(residency), "must be resident or non_resident");
      }
      program.withholding[std::string(residency)] =
          Rate(rate, "program.overrides.withholding_bp." + std::string(residency));
    }
  }
  const auto& cards = fields.Array("rate_cards", false);
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const std::string where = fmt::format("program.overrides.rate_cards[{}]", i);
    Fields card_fields(AsObject(cards[i], where), where);
    const std::string version = card_fields.String("version");
    const Timestamp effective_from = card_fields.Time("effective_from");
    if (program.FindCard(version) != nullptr)
      card_fields.Fail("version", "\"" + version + "\" exists already");
    // Starts from the card in force before it and replaces the rates it names.
    program::RateCard card = program.CardAt(effective_from);
    card.version = version;
    card.effective_from = effective_from;
    if (const auto* rates = card_fields.Get("rates_bp")) {
      for (const auto& [category_name, per_tier] : AsObject(*rates, where + ".rates_bp")) {
        const std::string path = where + ".rates_bp." + std::string(category_name);
        const auto category = program::ParseCategory(category_name);
        if (!category) throw InvalidJson{path + ": no such line category"};
        if (*category == Category::kDeposit) throw InvalidJson{path + ": deposits are never commissionable"};
        auto& slots = card.rates[*category];
        if (slots.empty()) slots.assign(program.tiers.size(), std::nullopt);
        for (const auto& [tier_name, rate] : AsObject(per_tier, path)) {
          const auto tier = program.FindTier(tier_name);
          if (!tier) throw InvalidJson{path + "." + std::string(tier_name) + ": no such tier"};
          slots[static_cast<std::size_t>(*tier)] = Rate(rate, path + "." + std::string(tier_name));
        }
      }
    }
    if (const auto* technical = card_fields.Get("technical_bp")) {
      for (const auto& [level_name, rate] : AsObject(*technical, where + ".technical_bp")) {
        const auto level = program::ParseTechnicalLevel(level_name);
        if (!level || *level == program::TechnicalLevel::kNone) {
          throw InvalidJson{where + ".technical_bp." + std::string(level_name) +
                            ": must be basic, intermediate or advanced"};
        }
        card.technical[*level] = Rate(rate, where + ".technical_bp." + std::string(level_name));
      }
    }
    if (const auto* bonus = card_fields.Get("bonus_bp")) {
      for (const auto& [tier_name, rate] : AsObject(*bonus, where + ".bonus_bp")) {
        const auto tier = program.FindTier(tier_name);
        if (!tier) throw InvalidJson{where + ".bonus_bp." + std::string(tier_name) + ": no such tier"};
        card.bonus[static_cast<std::size_t>(*tier)] =
            Rate(rate, where + ".bonus_bp." + std::string(tier_name));
      }
    }
    card_fields.RejectUnknown();
    auto position =
        std::find_if(program.rate_cards.begin(), program.rate_cards.end(),
                     [&](const auto& existing) { return existing.effective_from > effective_from; });
    program.rate_cards.insert(position, std::move(card));
  }
  fields.RejectUnknown();
  if (auto problem = program::CheckProgram(program); !problem.empty()) {
    throw InvalidJson{"program.overrides: " + problem};
  }
}

// ---- output -------------------------------------------------------------------

json::object Balances(const ledger::AgentBalances& b) {
  return json::object{{"pending", b.pending.ToString()},           {"available", b.available.ToString()},
                      {"withdrawing", b.withdrawing.ToString()},   {"paid_out", b.paid_out.ToString()},
                      {"tax_withheld", b.tax_withheld.ToString()}, {"reversed", b.reversed.ToString()},
                      {"forfeited", b.forfeited.ToString()}};
}

json::object Output(const Engine& engine) {
  const auto& program = engine.program();
  json::object agents;
  for (const auto& [id, agent] : engine.agents()) {
    json::array commissions;
    const auto coverage = engine.PaidCoverage(id);
    for (const auto* commission : engine.CommissionsOf(id)) {
      json::object item{
          {"id", commission->id},
          {"kind", engine::CommissionKindName(commission->kind)},
          {"category", commission->category ? json::value(program::CategoryName(*commission->category))
                                            : json::value(nullptr)},
          {"base", commission->base.ToString()},
          {"rate_bp", commission->rate ? json::value(commission->rate->value) : json::value(nullptr)},
          {"amount", commission->amount.ToString()},
          {"state", engine.CommissionState(*commission, coverage)},
          {"available_at", FormatEat(commission->available_at)},
          {"reversed", commission->reversed.ToString()},
          {"forfeited", commission->forfeited.ToString()}};
      commissions.push_back(std::move(item));
    }
    json::array evaluations;
    for (const auto& evaluation : agent.evaluations) {
      json::array checks = engine::CheckResultsJson(evaluation.checks);
      json::object item{{"quarter", evaluation.quarter},
                        {"at", FormatEat(evaluation.at)},
                        {"from", evaluation.from},
                        {"to", evaluation.to}};
      if (!evaluation.reason.empty()) item["reason"] = evaluation.reason;
      item["checks"] = std::move(checks);
      evaluations.push_back(std::move(item));
    }
    json::array notifications;
    for (const auto& notification : engine.notifications()) {
      if (notification.agent != id) continue;
      notifications.push_back(json::object{
          {"kind", notification.kind}, {"at", FormatEat(notification.at)}, {"detail", notification.detail}});
    }
    json::object entry{{"tier", program.TierName(agent.facts.tier)},
                       {"terminated", agent.terminated},
                       {"balances", Balances(ledger::BalancesOf(engine.ledger(), id))},
                       {"commissions", std::move(commissions)},
                       {"evaluations", std::move(evaluations)},
                       {"notifications", std::move(notifications)}};
    agents[id] = std::move(entry);
  }
  json::object clients;
  for (const auto& [id, client] : engine.clients()) {
    if (client.association) {
      const auto& association = engine.associations()[*client.association];
      clients[id] = json::object{{"agent", association.agent},
                                 {"source", engine::SourceName(association.source)},
                                 {"rate_card", association.rate_card}};
    } else {
      clients[id] = json::object{{"agent", nullptr}, {"source", nullptr}, {"rate_card", nullptr}};
    }
  }
  json::object withdrawals;
  for (const auto& [id, withdrawal] : engine.withdrawals()) {
    json::object item{{"agent", withdrawal.agent},
                      {"state", withdrawal.state},
                      {"gross", withdrawal.gross.ToString()},
                      {"tax_withheld", withdrawal.tax.ToString()},
                      {"net", withdrawal.net.ToString()}};
    if (!withdrawal.reason.empty()) item["reason"] = withdrawal.reason;
    withdrawals[id] = std::move(item);
  }
  json::array flags;
  for (const auto& flag : engine.flags()) {
    flags.push_back(json::object{
        {"kind", flag.kind}, {"agent", flag.agent}, {"client", flag.client}, {"at", FormatEat(flag.at)}});
  }
  json::array refusals;
  for (const auto& refusal : engine.refusals()) {
    refusals.push_back(
        json::object{{"at", FormatEat(refusal.at)}, {"event", refusal.event}, {"reason", refusal.reason}});
  }
  json::object tax;
  for (const auto& [agent, months] : engine.TaxWithheldByMonth()) {
    json::object by_month;
    for (const auto& [month, amount] : months) by_month[month.ToString()] = amount.ToString();
    tax[agent] = std::move(by_month);
  }
  const auto problems = ledger::CheckInvariants(engine.ledger());
  return json::object{
      {"clock", FormatEat(engine.clock())},
      {"agents", std::move(agents)},
      {"clients", std::move(clients)},
      {"withdrawals", std::move(withdrawals)},
      {"flags", std::move(flags)},
      {"refusals", std::move(refusals)},
      {"tax_withheld", std::move(tax)},
      {"ledger", json::object{{"balanced", problems.empty()}, {"transactions", engine.ledger().size()}}}};
}

// Two-space indented JSON, keys in insertion order: stable bytes.
void Pretty(const json::value& value, std::string& out, int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  if (value.is_object() && !value.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, item] : value.as_object()) {
      out += first ? "" : ",\n";
      first = false;
      out += indent + "  " + json::serialize(json::string(key)) + ": ";
      Pretty(item, out, depth + 1);
    }
    out += "\n" + indent + "}";
  } else if (value.is_array() && !value.as_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : value.as_array()) {
      out += first ? "" : ",\n";
      first = false;
      out += indent + "  ";
      Pretty(item, out, depth + 1);
    }
    out += "\n" + indent + "]";
  } else if (value.is_string() && !engine::NeedsJsonEscape(value.as_string())) {
    out.append(1, '"').append(value.as_string()).append(1, '"');  // what serialize writes, without its string
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

Result<std::string> RunScenario(std::string_view json_text, const SimulationOptions& options) {
  try {
    boost::system::error_code ec;
    const json::value document = json::parse(json_text, ec);
    if (ec) throw InvalidJson{"scenario: not valid JSON: " + ec.message()};
    Fields fields(AsObject(document, "scenario"), "scenario");
    fields.Ignore("description");  // the hand-worked explanation of a test scenario
    const Timestamp start = fields.Time("start");

    program::Program program;
    {
      const auto* spec = fields.Get("program");
      std::string base = "cloudone";
      const json::object* overrides = nullptr;
      if (spec != nullptr) {
        Fields program_fields(AsObject(*spec, "program"), "program");
        base = program_fields.OptionalString("base").value_or("cloudone");
        if (const auto* value = program_fields.Get("overrides"))
          overrides = &AsObject(*value, "program.overrides");
        program_fields.RejectUnknown();
      }
      auto loaded = program::BuiltinProgram(base);
      if (!loaded) throw InvalidJson{"program.base: " + loaded.error().message};
      program = std::move(*loaded);
      if (overrides != nullptr) ApplyOverrides(program, *overrides);
    }

    if (options.rules_version < engine::kFirstRulesVersion || options.rules_version > engine::kRulesVersion) {
      throw InvalidJson{fmt::format("rules version {}: this binary knows versions {} to {}",
                                    options.rules_version, engine::kFirstRulesVersion,
                                    engine::kRulesVersion)};
    }
    Engine engine(program, start);
    engine.UseRules(options.rules_version);
    const auto& agents = fields.Array("agents", false);
    for (std::size_t i = 0; i < agents.size(); ++i) {
      auto facts = engine::DecodeAgent(agents[i], i, program, start);
      if (!facts) return Fail(facts.error());
      auto added = engine.Register(std::move(*facts));
      if (!added) throw InvalidJson{fmt::format("agents[{}]: {}", i, added.error().message)};
    }
    const auto& clients = fields.Array("clients", false);
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto facts = engine::DecodeClient(clients[i], i);
      if (!facts) return Fail(facts.error());
      auto added = engine.Register(std::move(*facts));
      if (!added) throw InvalidJson{fmt::format("clients[{}]: {}", i, added.error().message)};
    }
    const auto& events = fields.Array("events", false);
    fields.RejectUnknown();
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto applied = engine::ApplyEvent(engine, AsObject(events[i], fmt::format("event {}", i)), i);
      if (!applied) return Fail(applied.error());
      if (options.check_invariants) {
        if (auto problems = engine.CheckInvariants(); !problems.empty()) {
          return Fail(Error::Internal(fmt::format("event {}: invariant broken: {}", i, problems.front())));
        }
      }
    }
    std::string out;
    Pretty(Output(engine), out, 0);
    out += "\n";
    return out;
  } catch (const InvalidJson& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

}  // namespace wakala::sim
