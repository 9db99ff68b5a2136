#include "simulate/scenario.hpp"

#include <fmt/format.h>
#include <boost/container/small_vector.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <span>

#include "commissions/engine.hpp"
#include "core/calendar.hpp"
#include "core/text.hpp"

namespace wakala::simulate {

namespace json = boost::json;
using commissions::Engine;
using program::Category;

namespace {

// Thrown while reading the scenario, caught at the edge: the message is the
// one line the CLI prints.
struct Invalid {
  std::string message;
};

class Fields {
 public:
  Fields(const json::object& object, std::string where) : object_(object), where_(std::move(where)) {}

  // An event, and one of its lines, are read on every ingest: their place
  // ("event 3 (invoice_paid): lines[1]") is formatted only for an error.
  static Fields ForEvent(const json::object& event, std::size_t index, std::string_view type,
                         Reading reading) {
    Fields fields(event, std::string());
    fields.event_ = EventPlace{index, type, std::nullopt};
    fields.reading_ = reading;
    return fields;
  }
  Fields ForLine(const json::object& line, std::size_t line_index) const {
    Fields fields(line, where_);
    fields.event_ = event_;
    fields.reading_ = reading_;
    if (fields.event_) fields.event_->line = line_index;
    return fields;
  }

  [[noreturn]] void Fail(const std::string& field, const std::string& reason) const {
    throw Invalid{where() + ": " + (field.empty() ? "" : field + ": ") + reason};
  }

  const json::value* Get(const char* key) {
    read_.emplace_back(key);
    return object_.if_contains(key);
  }

  std::string String(const char* key) { return std::string(StringView(key)); }
  // Valid while the object is: for values parsed on the spot.
  std::string_view StringView(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr) Fail(key, "missing");
    if (!value->is_string()) Fail(key, "must be a string");
    return Checked(key, value->as_string());
  }
  std::optional<std::string> OptionalString(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) Fail(key, "must be a string");
    return std::string(Checked(key, value->as_string()));
  }
  // Ids, references and names are single lines; only free text (a reason)
  // may span lines. No field holds other control characters.
  std::string_view Checked(const char* key, std::string_view text) const {
    if (reading_ == Reading::kStoredBeforeStrictInput) return text;
    const std::string_view name = key;
    const Lines lines = name == "reason" || name == "summary" ? Lines::kMany : Lines::kOne;
    if (auto problem = ControlCharacterProblem(text, lines); !problem.empty()) Fail(key, problem);
    return text;
  }
  std::optional<bool> OptionalBool(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_bool()) Fail(key, "must be true or false");
    return value->as_bool();
  }
  Money Amount(const char* key) {
    auto parsed = reading_ == Reading::kInput ? Money::Parse(StringView(key))
                                              : Money::ParseStoredBeforeStrictGrammar(StringView(key));
    if (!parsed) Fail(key, parsed.error().message);
    return *parsed;
  }
  Timestamp Time(const char* key) {
    auto parsed = ParseRfc3339Timestamp(StringView(key));
    if (!parsed) Fail(key, parsed.error().message);
    return *parsed;
  }
  const json::array& Array(const char* key, bool required = true) {
    static const json::array kEmpty;
    const auto* value = Get(key);
    if (value == nullptr) {
      if (required) Fail(key, "missing");
      return kEmpty;
    }
    if (!value->is_array()) Fail(key, "must be a list");
    return value->as_array();
  }
  void Ignore(const char* key) { read_.emplace_back(key); }
  void RejectUnknown() const {
    for (const auto& [key, value] : object_) {
      if (std::find(read_.begin(), read_.end(), std::string_view(key)) == read_.end()) {
        Fail(std::string(key), "unknown field");
      }
    }
  }
  std::string where() const {
    if (!event_) return where_;
    std::string text = fmt::format("event {} ({})", event_->index, event_->type);
    if (event_->line) text += fmt::format(": lines[{}]", *event_->line);
    return text;
  }

 private:
  struct EventPlace {
    std::size_t index;
    std::string_view type;
    std::optional<std::size_t> line;
  };

  const json::object& object_;
  std::string where_;
  std::optional<EventPlace> event_;
  Reading reading_ = Reading::kInput;
  boost::container::small_vector<std::string_view, 8> read_;  // keys are string literals
};

const json::object& AsObject(const json::value& value, const std::string& where) {
  if (!value.is_object()) throw Invalid{where + ": must be an object"};
  return value.as_object();
}

// JSON with the keys of every object sorted: two retries of one webhook
// compare equal whatever order their fields came in. Written straight into
// `out` (no sorted copy of the event): this runs for every billing event.
bool NeedsEscape(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
}

void AppendCanonical(std::string& out, const json::value& value);

void AppendCanonical(std::string& out, const json::object& object,
                     std::span<const std::string_view> skip = {}) {
  std::vector<const json::key_value_pair*> entries;
  entries.reserve(object.size());
  for (const auto& entry : object) {
    if (std::find(skip.begin(), skip.end(), std::string_view(entry.key())) == skip.end())
      entries.push_back(&entry);
  }
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
  out += '{';
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ',';
    if (NeedsEscape(entries[i]->key())) {
      out += json::serialize(entries[i]->key());
    } else {
      out.append(1, '"').append(entries[i]->key()).append(1, '"');
    }
    out += ':';
    AppendCanonical(out, entries[i]->value());
  }
  out += '}';
}

void AppendCanonical(std::string& out, const json::value& value) {
  if (value.is_object()) {
    AppendCanonical(out, value.as_object());
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.as_array().size(); ++i) {
      if (i > 0) out += ',';
      AppendCanonical(out, value.as_array()[i]);
    }
    out += ']';
  } else if (value.is_string() && !NeedsEscape(value.as_string())) {
    out.append(1, '"').append(value.as_string()).append(1, '"');  // what serialize writes, without its string
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

std::string Fingerprint(const json::object& event) {
  // Times are not content: a webhook retried later, or booked late with its
  // original time kept in occurred_at, is still the same event.
  static constexpr std::array<std::string_view, 2> kTimes{"at", "occurred_at"};
  std::string text;
  text.reserve(256);
  AppendCanonical(text, event, kTimes);
  return text;
}

namespace {

// ---- program -------------------------------------------------------------

BasisPoints Rate(const json::value& value, const std::string& where) {
  if (!value.is_int64() || value.as_int64() < 0 || value.as_int64() > 10000) {
    throw Invalid{where + ": must be a rate in basis points from 0 to 10000"};
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
        if (!category) throw Invalid{path + ": no such line category"};
        if (*category == Category::kDeposit) throw Invalid{path + ": deposits are never commissionable"};
        auto& slots = card.rates[*category];
        if (slots.empty()) slots.assign(program.tiers.size(), std::nullopt);
        for (const auto& [tier_name, rate] : AsObject(per_tier, path)) {
          const auto tier = program.FindTier(tier_name);
          if (!tier) throw Invalid{path + "." + std::string(tier_name) + ": no such tier"};
          slots[static_cast<std::size_t>(*tier)] = Rate(rate, path + "." + std::string(tier_name));
        }
      }
    }
    if (const auto* technical = card_fields.Get("technical_bp")) {
      for (const auto& [level_name, rate] : AsObject(*technical, where + ".technical_bp")) {
        const auto level = program::ParseTechnicalLevel(level_name);
        if (!level || *level == program::TechnicalLevel::kNone) {
          throw Invalid{where + ".technical_bp." + std::string(level_name) +
                        ": must be basic, intermediate or advanced"};
        }
        card.technical[*level] = Rate(rate, where + ".technical_bp." + std::string(level_name));
      }
    }
    if (const auto* bonus = card_fields.Get("bonus_bp")) {
      for (const auto& [tier_name, rate] : AsObject(*bonus, where + ".bonus_bp")) {
        const auto tier = program.FindTier(tier_name);
        if (!tier) throw Invalid{where + ".bonus_bp." + std::string(tier_name) + ": no such tier"};
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
    throw Invalid{"program.overrides: " + problem};
  }
}

// ---- agents and clients ----------------------------------------------------

commissions::Certification ReadCertification(const json::value& value, const std::string& where,
                                             Timestamp from) {
  Fields fields(AsObject(value, where), where);
  commissions::Certification certification;
  const std::string kind = fields.String("kind");
  const auto parsed_kind = commissions::ParseCertificationKind(kind);
  if (!parsed_kind) fields.Fail("kind", "must be sales, 3cx, yeastar or yealink");
  certification.kind = *parsed_kind;
  const auto level = fields.OptionalString("level");
  const bool levelled = *parsed_kind == commissions::CertificationKind::k3cx ||
                        *parsed_kind == commissions::CertificationKind::kYeastar;
  if (levelled) {
    if (!level) fields.Fail("level", "required for 3cx and yeastar (basic, intermediate or advanced)");
    const auto parsed_level = program::ParseTechnicalLevel(*level);
    if (!parsed_level || *parsed_level == program::TechnicalLevel::kNone) {
      fields.Fail("level", "must be basic, intermediate or advanced");
    }
    certification.level = *parsed_level;
  } else if (level) {
    fields.Fail("level", "only 3cx and yeastar certifications have a level");
  }
  auto until = ParseDate(fields.String("valid_until"));
  if (!until) fields.Fail("valid_until", until.error().message);
  certification.valid_until = *until;
  certification.valid_from = from;
  fields.RejectUnknown();
  return certification;
}

commissions::AgentFacts ReadAgent(const json::value& value, std::size_t index,
                                  const program::Program& program, Timestamp start) {
  const std::string where = fmt::format("agents[{}]", index);
  const auto& object = AsObject(value, where);
  Fields fields(object, where);
  commissions::AgentFacts agent;
  agent.id = fields.String("id");
  Fields named(object, "agent " + agent.id);
  named.Ignore("id");
  const std::string tier = named.OptionalString("tier").value_or(program.TierName(0));
  const auto parsed_tier = program.FindTier(tier);
  if (!parsed_tier) named.Fail("tier", "no tier \"" + tier + "\"");
  agent.tier = *parsed_tier;
  agent.activated_at = start;
  if (named.Get("activated_at") != nullptr) agent.activated_at = named.Time("activated_at");
  agent.residency = named.OptionalString("residency").value_or("resident");
  if (agent.residency != "resident" && agent.residency != "non_resident") {
    named.Fail("residency", "must be resident or non_resident");
  }
  agent.sip_trunk_active = named.OptionalBool("sip_trunk_active").value_or(false);
  agent.agreement_signed = named.OptionalBool("agreement_signed").value_or(false);
  agent.email = named.OptionalString("email").value_or("");
  agent.phone = named.OptionalString("phone").value_or("");
  agent.kra_pin = named.OptionalString("kra_pin").value_or("");
  const auto& people = named.Array("people", false);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::string person_where = fmt::format("agent {}: people[{}]", agent.id, i);
    Fields person_fields(AsObject(people[i], person_where), person_where);
    commissions::Person person;
    person.id = person_fields.String("id");
    const auto& certifications = person_fields.Array("certifications", false);
    for (std::size_t c = 0; c < certifications.size(); ++c) {
      person.certifications.push_back(
          ReadCertification(certifications[c], fmt::format("{}.certifications[{}]", person_where, c), start));
    }
    person_fields.RejectUnknown();
    agent.people.push_back(std::move(person));
  }
  named.RejectUnknown();
  return agent;
}

commissions::ClientFacts ReadClient(const json::value& value, std::size_t index) {
  const std::string where = fmt::format("clients[{}]", index);
  const auto& object = AsObject(value, where);
  Fields fields(object, where);
  commissions::ClientFacts client;
  client.id = fields.String("id");
  Fields named(object, "client " + client.id);
  named.Ignore("id");
  client.email = named.OptionalString("email").value_or("");
  client.phone = named.OptionalString("phone").value_or("");
  client.kra_pin = named.OptionalString("kra_pin").value_or("");
  named.RejectUnknown();
  return client;
}

// ---- events -------------------------------------------------------------------

void Check(const Result<void>& result, const Fields& fields) {
  if (!result) throw Invalid{fields.where() + ": " + result.error().message};
}

void RunEvent(Engine& engine, const json::object& event, std::size_t index, Reading reading) {
  const std::string type = event.contains("type") && event.at("type").is_string()
                               ? std::string(event.at("type").as_string())
                               : std::string("?");
  Fields fields = Fields::ForEvent(event, index, type, reading);
  fields.Ignore("type");
  if (type == "?") fields.Fail("type", "missing or not a string");
  const Timestamp at = fields.Time("at");
  const auto category_of = [&](Fields& f, const char* key) {
    const std::string_view name = f.StringView(key);
    const auto category = program::ParseCategory(name);
    if (!category) f.Fail(key, "unknown category \"" + std::string(name) + "\"");
    return *category;
  };

  if (type == "add_agent" || type == "add_client") {
    // The server's log registers agents and clients as events; a scenario
    // may too, besides its agents/clients lists.
    json::object facts = event;
    facts.erase("at");
    facts.erase("type");
    Result<void> added = type == "add_agent" ? engine.AddAgent(ReadAgent(facts, index, engine.program(), at))
                                             : engine.AddClient(ReadClient(facts, index));
    if (!added) fields.Fail("", added.error().message);
    if (auto ran = engine.Advance(at); !ran) fields.Fail("at", ran.error().message);
    return;
  }
  if (type == "associate") {
    const std::string client = fields.String("client");
    const std::string agent = fields.String("agent");
    const std::string source_name = fields.String("source");
    const auto source = commissions::ParseSource(source_name);
    if (!source || *source == commissions::AssociationSource::kReassignment) {
      fields.Fail("source", "must be staff_assignment, referral_link or service_manager_link");
    }
    const std::string url = fields.OptionalString("referral_url").value_or("");
    fields.RejectUnknown();
    Check(engine.Associate(at, client, agent, *source, url), fields);
  } else if (type == "revoke") {
    const std::string client = fields.String("client");
    fields.RejectUnknown();
    Check(engine.Revoke(at, client), fields);
  } else if (type == "invoice_paid") {
    const std::string id = fields.String("id");
    const std::string client = fields.String("client");
    std::vector<commissions::InvoiceLine> lines;
    const auto& items = fields.Array("lines");
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object())
        throw Invalid{fmt::format("{}: lines[{}]: must be an object", fields.where(), i)};
      Fields line_fields = fields.ForLine(items[i].as_object(), i);
      commissions::InvoiceLine line;
      line.id = line_fields.String("id");
      line.category = category_of(line_fields, "category");
      line.amount = line_fields.Amount("amount");
      line.subscription = line_fields.OptionalString("subscription");
      line.performed_by = line_fields.OptionalString("performed_by");
      line_fields.RejectUnknown();
      lines.push_back(std::move(line));
    }
    fields.Ignore("occurred_at");  // a late event's own time; booked at `at`
    fields.RejectUnknown();
    Check(engine.InvoicePaid(at, id, client, lines, Fingerprint(event)), fields);
  } else if (type == "refund" || type == "chargeback") {
    const std::string id = fields.String("id");
    const std::string invoice = fields.String("invoice");
    const std::string line = fields.String("line");
    const Money amount = fields.Amount("amount");
    fields.Ignore("occurred_at");  // a late event's own time; booked at `at`
    fields.RejectUnknown();
    Check(engine.Refund(at, id, invoice, line, amount, type == "chargeback", Fingerprint(event)), fields);
  } else if (type == "certify") {
    const std::string agent = fields.String("agent");
    const std::string person = fields.String("person");
    json::object certification;
    for (const char* key : {"kind", "level", "valid_until"}) {
      if (const auto* value = fields.Get(key)) certification[key] = *value;
    }
    fields.RejectUnknown();
    Check(engine.Certify(at, agent, person, ReadCertification(certification, fields.where(), at)), fields);
  } else if (type == "remove_person") {
    const std::string agent = fields.String("agent");
    const std::string person = fields.String("person");
    fields.RejectUnknown();
    Check(engine.RemovePerson(at, agent, person), fields);
  } else if (type == "set_agent") {
    const std::string agent = fields.String("agent");
    const auto trunk = fields.OptionalBool("sip_trunk_active");
    const auto agreement = fields.OptionalBool("agreement_signed");
    const auto residency = fields.OptionalString("residency");
    fields.RejectUnknown();
    Check(engine.SetAgent(at, agent, trunk, agreement, residency), fields);
  } else if (type == "override_tier") {
    const std::string agent = fields.String("agent");
    const std::string tier = fields.String("tier");
    const std::string reason = fields.String("reason");
    fields.RejectUnknown();
    Check(engine.OverrideTier(at, agent, tier, reason), fields);
  } else if (type == "manual_commission") {
    const std::string id = fields.String("id");
    const std::string agent = fields.String("agent");
    const Money amount = fields.Amount("amount");
    const Category category = category_of(fields, "category");
    const std::string reason = fields.String("reason");
    fields.RejectUnknown();
    Check(engine.ManualCommission(at, id, agent, amount, category, reason), fields);
  } else if (type == "reverse_unreferred") {
    const auto agent = fields.OptionalString("agent");
    std::vector<std::string> ids;
    if (const auto* commissions = fields.Get("commissions")) {
      if (!commissions->is_array() || commissions->as_array().empty()) {
        fields.Fail("commissions", "must be a non-empty list of commission ids");
      }
      for (const auto& id : commissions->as_array()) {
        if (!id.is_string()) fields.Fail("commissions", "must list commission ids as strings");
        ids.emplace_back(id.as_string());
      }
    }
    static_cast<void>(fields.OptionalString("reason"));  // staff's reason, kept in the log for the record
    fields.RejectUnknown();
    Check(engine.ReverseUnreferred(at, agent, ids), fields);
  } else if (type == "violation") {
    const std::string agent = fields.String("agent");
    const std::string reason = fields.String("reason");
    const auto* commissions = fields.Get("commissions");
    bool all_unpaid = false;
    std::vector<std::string> ids;
    if (commissions != nullptr && commissions->is_string() && commissions->as_string() == "all_unpaid") {
      all_unpaid = true;
    } else if (commissions != nullptr && commissions->is_array()) {
      for (const auto& id : commissions->as_array()) {
        if (!id.is_string()) fields.Fail("commissions", "must list commission ids as strings");
        ids.emplace_back(id.as_string());
      }
    } else {
      fields.Fail("commissions", "must be \"all_unpaid\" or a list of commission ids");
    }
    fields.RejectUnknown();
    Check(engine.Violation(at, agent, all_unpaid, ids, reason), fields);
  } else if (type == "terminate") {
    const std::string agent = fields.String("agent");
    const std::string reason = fields.String("reason");
    fields.RejectUnknown();
    Check(engine.Terminate(at, agent, reason), fields);
  } else if (type == "withdraw") {
    const std::string id = fields.String("id");
    const std::string agent = fields.String("agent");
    const Money amount = fields.Amount("amount");
    fields.RejectUnknown();
    Check(engine.Withdraw(at, id, agent, amount), fields);
  } else if (type == "withdrawal_approved") {
    const std::string id = fields.String("id");
    fields.RejectUnknown();
    Check(engine.WithdrawalApproved(at, id), fields);
  } else if (type == "withdrawal_paid") {
    const std::string id = fields.String("id");
    const std::string reference = fields.String("reference");
    fields.RejectUnknown();
    Check(engine.WithdrawalPaid(at, id, reference), fields);
  } else if (type == "withdrawal_rejected") {
    const std::string id = fields.String("id");
    const std::string reason = fields.String("reason");
    fields.RejectUnknown();
    Check(engine.WithdrawalRejected(at, id, reason), fields);
  } else if (type == "advance") {
    fields.RejectUnknown();
    Check(engine.Advance(at), fields);
  } else {
    fields.Fail("type", "unknown event type \"" + type + "\"");
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
          {"kind", commissions::CommissionKindName(commission->kind)},
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
      json::array checks;
      for (const auto& check : evaluation.checks) {
        checks.push_back(json::object{{"requirement", check.requirement},
                                      {"tier", check.tier},
                                      {"measured", check.measured},
                                      {"threshold", check.threshold},
                                      {"met", check.met}});
      }
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
                                 {"source", commissions::SourceName(association.source)},
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
  } else if (value.is_string() && !NeedsEscape(value.as_string())) {
    out.append(1, '"').append(value.as_string()).append(1, '"');  // what serialize writes, without its string
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

Result<void> ApplyEvent(commissions::Engine& engine, const boost::json::object& event, std::size_t index,
                        Reading reading) {
  try {
    RunEvent(engine, event, index, reading);
    return {};
  } catch (const Invalid& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

Result<std::string> RunScenario(std::string_view json_text, const SimulationOptions& options) {
  try {
    boost::system::error_code ec;
    const json::value document = json::parse(json_text, ec);
    if (ec) throw Invalid{"scenario: not valid JSON: " + ec.message()};
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
      if (!loaded) throw Invalid{"program.base: " + loaded.error().message};
      program = std::move(*loaded);
      if (overrides != nullptr) ApplyOverrides(program, *overrides);
    }

    if (options.rules_version < commissions::kFirstRulesVersion ||
        options.rules_version > commissions::kRulesVersion) {
      throw Invalid{fmt::format("rules version {}: this binary knows versions {} to {}",
                                options.rules_version, commissions::kFirstRulesVersion,
                                commissions::kRulesVersion)};
    }
    Engine engine(program, start);
    engine.UseRules(options.rules_version);
    const auto& agents = fields.Array("agents", false);
    for (std::size_t i = 0; i < agents.size(); ++i) {
      auto added = engine.AddAgent(ReadAgent(agents[i], i, program, start));
      if (!added) throw Invalid{fmt::format("agents[{}]: {}", i, added.error().message)};
    }
    const auto& clients = fields.Array("clients", false);
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto added = engine.AddClient(ReadClient(clients[i], i));
      if (!added) throw Invalid{fmt::format("clients[{}]: {}", i, added.error().message)};
    }
    const auto& events = fields.Array("events", false);
    fields.RejectUnknown();
    for (std::size_t i = 0; i < events.size(); ++i) {
      RunEvent(engine, AsObject(events[i], fmt::format("event {}", i)), i, Reading::kInput);
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
  } catch (const Invalid& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

}  // namespace wakala::simulate
