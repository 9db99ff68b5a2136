#include "engine/codec.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "engine/engine.hpp"
#include "engine/json_fields.hpp"

namespace wakala::engine {

namespace json = boost::json;
using json_input::AsObject;
using json_input::Fields;
using json_input::InvalidJson;

bool NeedsJsonEscape(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
}

namespace {

// ---- canonical JSON ---------------------------------------------------------
// The keys of every object sorted: two retries of one webhook compare equal
// whatever order their fields came in. Written straight into `out` (no sorted
// copy of the event): this runs for every billing event.

// A string as Boost.JSON writes it.
void AppendJsonString(std::string& out, std::string_view text) {
  if (NeedsJsonEscape(text)) {
    out += json::serialize(json::string_view(text));
  } else {
    out.append(1, '"').append(text).append(1, '"');
  }
}

void AppendCanonical(std::string& out, const json::value& value);

void AppendCanonical(std::string& out, const json::object& object,
                     std::initializer_list<std::string_view> skip = {}) {
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
    if (NeedsJsonEscape(entries[i]->key())) {
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
  } else if (value.is_string() && !NeedsJsonEscape(value.as_string())) {
    out.append(1, '"').append(value.as_string()).append(1, '"');  // what serialize writes, without its string
  } else {
    out += json::serialize(value);
  }
}

// ---- agents, clients, certifications --------------------------------------------

Certification ReadCertification(const json::value& value, const std::string& where, Timestamp from) {
  Fields fields(AsObject(value, where), where);
  Certification certification;
  const std::string kind = fields.String("kind");
  const auto parsed_kind = ParseCertificationKind(kind);
  if (!parsed_kind) fields.Fail("kind", "must be sales, 3cx, yeastar or yealink");
  certification.kind = *parsed_kind;
  const auto level = fields.OptionalString("level");
  const bool levelled =
      *parsed_kind == CertificationKind::k3cx || *parsed_kind == CertificationKind::kYeastar;
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

// An agent or a client declared up front ("agents[3]"): its object and id.
struct Declared {
  const json::object& object;
  std::string id;
};
Declared ReadDeclared(const json::value& value, std::string_view list, std::size_t index) {
  const std::string where = fmt::format("{}[{}]", list, index);
  const auto& object = AsObject(value, where);
  return Declared{object, Fields(object, where).String("id")};
}

AgentFacts ReadAgent(const json::value& value, std::size_t index, const program::Program& program,
                     Timestamp start) {
  const auto declared = ReadDeclared(value, "agents", index);
  Fields named(declared.object, "agent " + declared.id);  // its errors name it: "agent AG-1: tier: …"
  named.Ignore("id");
  AgentFacts agent;
  agent.id = declared.id;
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
    Person person;
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

ClientFacts ReadClient(const json::value& value, std::size_t index) {
  const auto declared = ReadDeclared(value, "clients", index);
  Fields named(declared.object, "client " + declared.id);
  named.Ignore("id");
  ClientFacts client;
  client.id = declared.id;
  client.email = named.OptionalString("email").value_or("");
  client.phone = named.OptionalString("phone").value_or("");
  client.kra_pin = named.OptionalString("kra_pin").value_or("");
  named.RejectUnknown();
  return client;
}

// ---- events: JSON to command -------------------------------------------------

Category CategoryField(Fields& fields, const char* key) {
  const std::string_view name = fields.StringView(key);
  const auto category = program::ParseCategory(name);
  if (!category) fields.Fail(key, "unknown category \"" + std::string(name) + "\"");
  return *category;
}

std::vector<std::string> CommissionIds(Fields& fields, const json::value& list) {
  std::vector<std::string> ids;
  for (const auto& id : list.as_array()) {
    if (!id.is_string()) fields.Fail("commissions", "must list commission ids as strings");
    ids.emplace_back(id.as_string());
  }
  return ids;
}

Command DecodeRegistration(const json::object& event, std::string_view type, Timestamp at,
                           const program::Program& program, std::size_t index) {
  // The server's log registers agents and clients as events; a scenario
  // may too, besides its agents/clients lists.
  json::object facts = event;
  facts.erase("at");
  facts.erase("type");
  if (type == "add_agent") return AddAgent{at, ReadAgent(facts, index, program, at)};
  return AddClient{at, ReadClient(facts, index)};
}

std::vector<InvoiceLine> DecodeLines(Fields& fields) {
  std::vector<InvoiceLine> lines;
  const auto& items = fields.Array("lines");
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object())
      throw InvalidJson{fmt::format("{}: lines[{}]: must be an object", fields.where(), i)};
    Fields line_fields = fields.ForLine(items[i].as_object(), i);
    InvoiceLine line;
    line.id = line_fields.String("id");
    line.category = CategoryField(line_fields, "category");
    line.amount = line_fields.Amount("amount");
    line.subscription = line_fields.OptionalString("subscription");
    line.performed_by = line_fields.OptionalString("performed_by");
    line_fields.RejectUnknown();
    lines.push_back(std::move(line));
  }
  return lines;
}

// A late event's own time, booked at `at`: kept as it came, for the record.
std::optional<std::string> OccurredAt(Fields& fields) {
  const auto* value = fields.Get("occurred_at");
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

AssociationSource SourceField(Fields& fields) {
  const auto source = ParseSource(fields.String("source"));
  if (!source || *source == AssociationSource::kReassignment) {
    fields.Fail("source", "must be staff_assignment, referral_link, service_manager_link or quote");
  }
  return *source;
}

// reverse_unreferred: absent (all of the agent's, or everyone's) or a non-empty list.
std::vector<std::string> NamedCommissions(Fields& fields) {
  const auto* commissions = fields.Get("commissions");
  if (commissions == nullptr) return {};
  if (!commissions->is_array() || commissions->as_array().empty()) {
    fields.Fail("commissions", "must be a non-empty list of commission ids");
  }
  return CommissionIds(fields, *commissions);
}

// The fields are read in the order of the braced list that builds the event
// (left to right, as C++ guarantees), so the first problem named is the
// first field in the scenario format's order; then nothing else may be there.
template <typename Event>
Command Finish(const Fields& fields, Event event) {
  fields.RejectUnknown();
  return event;
}

Command DecodeCertify(Fields& fields, Timestamp at) {
  Certify event{at, fields.String("agent"), fields.String("person"), {}};
  json::object certification;
  for (const char* key : {"kind", "level", "valid_until"}) {
    if (const auto* value = fields.Get(key)) certification[key] = *value;
  }
  fields.RejectUnknown();
  event.certification = ReadCertification(certification, fields.where(), at);
  return event;
}

Command DecodeViolation(Fields& fields, Timestamp at) {
  Violation event{at, fields.String("agent"), false, {}, fields.String("reason")};
  const auto* commissions = fields.Get("commissions");
  if (commissions != nullptr && commissions->is_string() && commissions->as_string() == "all_unpaid") {
    event.all_unpaid = true;
  } else if (commissions != nullptr && commissions->is_array()) {
    event.commissions = CommissionIds(fields, *commissions);
  } else {
    fields.Fail("commissions", "must be \"all_unpaid\" or a list of commission ids");
  }
  return Finish(fields, std::move(event));
}

Command Decode(const json::object& event, const program::Program& program, std::size_t index,
               Reading reading) {
  const std::string type = event.contains("type") && event.at("type").is_string()
                               ? std::string(event.at("type").as_string())
                               : std::string("?");
  Fields fields = Fields::ForEvent(event, index, type, reading);
  fields.Ignore("type");
  if (type == "?") fields.Fail("type", "missing or not a string");
  const Timestamp at = fields.Time("at");
  Fields& f = fields;
  if (type == "add_agent" || type == "add_client") return DecodeRegistration(event, type, at, program, index);
  if (type == "associate") {
    return Finish(f, Associate{at, f.String("client"), f.String("agent"), SourceField(f),
                               f.OptionalString("referral_url").value_or("")});
  }
  if (type == "revoke") return Finish(f, Revoke{at, f.String("client")});
  if (type == "invoice_paid")
    return Finish(f, InvoicePaid{at, f.String("id"), f.String("client"), DecodeLines(f), OccurredAt(f)});
  if (type == "refund" || type == "chargeback") {
    return Finish(f, Refund{at, f.String("id"), f.String("invoice"), f.String("line"), f.Amount("amount"),
                            type == "chargeback", OccurredAt(f)});
  }
  if (type == "certify") return DecodeCertify(f, at);
  if (type == "remove_person") return Finish(f, RemovePerson{at, f.String("agent"), f.String("person")});
  if (type == "set_agent") {
    return Finish(f, SetAgent{at, f.String("agent"), f.OptionalBool("sip_trunk_active"),
                              f.OptionalBool("agreement_signed"), f.OptionalString("residency")});
  }
  if (type == "override_tier")
    return Finish(f, OverrideTier{at, f.String("agent"), f.String("tier"), f.String("reason")});
  if (type == "manual_commission") {
    return Finish(f, ManualCommission{at, f.String("id"), f.String("agent"), f.Amount("amount"),
                                      CategoryField(f, "category"), f.String("reason")});
  }
  if (type == "reverse_unreferred") {
    return Finish(
        f, ReverseUnreferred{at, f.OptionalString("agent"), NamedCommissions(f), f.OptionalString("reason")});
  }
  if (type == "violation") return DecodeViolation(f, at);
  if (type == "terminate") return Finish(f, Terminate{at, f.String("agent"), f.String("reason")});
  if (type == "withdraw")
    return Finish(f, Withdraw{at, f.String("id"), f.String("agent"), f.Amount("amount")});
  if (type == "withdrawal_approved") return Finish(f, WithdrawalApproved{at, f.String("id")});
  if (type == "withdrawal_paid") {
    WithdrawalPaid paid{at, f.String("id"), f.String("reference"), std::nullopt};
    if (const auto gross = f.OptionalString("gross")) {
      auto parsed = Money::Parse(*gross);
      if (!parsed) f.Fail("gross", parsed.error().message);
      paid.gross = *parsed;
    }
    return Finish(f, std::move(paid));
  }
  if (type == "withdrawal_failed") return Finish(f, WithdrawalFailed{at, f.String("id"), f.String("reason")});
  if (type == "withdrawal_rejected")
    return Finish(f, WithdrawalRejected{at, f.String("id"), f.String("reason")});
  if (type == "advance") return Finish(f, Advance{at});
  fields.Fail("type", "unknown event type \"" + type + "\"");
}

// ---- events: command to JSON ----------------------------------------------------

json::object Header(std::string_view type, Timestamp at) {
  return json::object{{"type", type}, {"at", FormatEat(at)}};
}

// An event's type and time, then `fields` in their order.
json::object Event(std::string_view type, Timestamp at, const json::object& fields) {
  json::object out = Header(type, at);
  for (const auto& [key, value] : fields) out[key] = value;
  return out;
}

json::object EncodeLine(const InvoiceLine& line) {
  json::object item{{"id", line.id},
                    {"category", program::CategoryName(line.category)},
                    {"amount", line.amount.ToString()}};
  if (line.subscription) item["subscription"] = *line.subscription;
  if (line.performed_by) item["performed_by"] = *line.performed_by;
  return item;
}

json::object EncodeBilling(const InvoicePaid& event) {
  json::object out = Header("invoice_paid", event.at);
  out["id"] = event.id;
  out["client"] = event.client;
  json::array lines;
  for (const auto& line : event.lines) lines.emplace_back(EncodeLine(line));
  out["lines"] = std::move(lines);
  if (event.occurred_at) out["occurred_at"] = *event.occurred_at;
  return out;
}

json::object EncodeBilling(const Refund& event) {
  json::object out = Header(event.chargeback ? "chargeback" : "refund", event.at);
  out["id"] = event.id;
  out["invoice"] = event.invoice;
  out["line"] = event.line;
  out["amount"] = event.amount.ToString();
  if (event.occurred_at) out["occurred_at"] = *event.occurred_at;
  return out;
}

json::object EncodeCertification(const Certification& certification) {
  json::object out{{"kind", CertificationKindName(certification.kind)}};
  if (certification.level != TechnicalLevel::kNone)
    out["level"] = program::TechnicalLevelName(certification.level);
  out["valid_until"] = FormatDate(certification.valid_until);
  return out;
}

json::array StringList(const std::vector<std::string>& items) {
  json::array list;
  for (const auto& item : items) list.emplace_back(item);
  return list;
}

struct Encoder {
  const program::Program& program;

  json::object operator()(const AddAgent& event) const {
    const AgentFacts& agent = event.agent;
    json::object out = Header("add_agent", event.at);
    out["id"] = agent.id;
    out["tier"] = program.TierName(agent.tier);
    out["activated_at"] = FormatEat(agent.activated_at);
    out["residency"] = agent.residency;
    out["sip_trunk_active"] = agent.sip_trunk_active;
    out["agreement_signed"] = agent.agreement_signed;
    out["email"] = agent.email;
    out["phone"] = agent.phone;
    out["kra_pin"] = agent.kra_pin;
    if (!agent.people.empty()) {
      json::array people;
      for (const auto& person : agent.people) {
        json::array certifications;
        for (const auto& certification : person.certifications)
          certifications.emplace_back(EncodeCertification(certification));
        people.emplace_back(json::object{{"id", person.id}, {"certifications", std::move(certifications)}});
      }
      out["people"] = std::move(people);
    }
    return out;
  }
  json::object operator()(const AddClient& event) const {
    return Event("add_client", event.at,
                 {{"id", event.client.id},
                  {"email", event.client.email},
                  {"phone", event.client.phone},
                  {"kra_pin", event.client.kra_pin}});
  }
  json::object operator()(const Associate& event) const {
    json::object out = Header("associate", event.at);
    out["client"] = event.client;
    out["agent"] = event.agent;
    out["source"] = SourceName(event.source);
    if (!event.referral_url.empty()) out["referral_url"] = event.referral_url;
    return out;
  }
  json::object operator()(const Revoke& event) const {
    return Event("revoke", event.at, {{"client", event.client}});
  }
  json::object operator()(const InvoicePaid& event) const { return EncodeBilling(event); }
  json::object operator()(const Refund& event) const { return EncodeBilling(event); }
  json::object operator()(const Certify& event) const {
    json::object out = Header("certify", event.at);
    out["agent"] = event.agent;
    out["person"] = event.person;
    for (auto& [key, value] : EncodeCertification(event.certification)) out[key] = value;
    return out;
  }
  json::object operator()(const RemovePerson& event) const {
    return Event("remove_person", event.at, {{"agent", event.agent}, {"person", event.person}});
  }
  json::object operator()(const SetAgent& event) const {
    json::object out = Header("set_agent", event.at);
    out["agent"] = event.agent;
    if (event.sip_trunk_active) out["sip_trunk_active"] = *event.sip_trunk_active;
    if (event.agreement_signed) out["agreement_signed"] = *event.agreement_signed;
    if (event.residency) out["residency"] = *event.residency;
    return out;
  }
  json::object operator()(const OverrideTier& event) const {
    return Event("override_tier", event.at,
                 {{"agent", event.agent}, {"tier", event.tier}, {"reason", event.reason}});
  }
  json::object operator()(const ManualCommission& event) const {
    return Event("manual_commission", event.at,
                 {{"id", event.id},
                  {"agent", event.agent},
                  {"amount", event.amount.ToString()},
                  {"category", program::CategoryName(event.category)},
                  {"reason", event.reason}});
  }
  json::object operator()(const ReverseUnreferred& event) const {
    json::object out = Header("reverse_unreferred", event.at);
    if (event.agent) out["agent"] = *event.agent;
    if (!event.commissions.empty()) out["commissions"] = StringList(event.commissions);
    if (event.reason) out["reason"] = *event.reason;
    return out;
  }
  json::object operator()(const Violation& event) const {
    return Event("violation", event.at,
                 {{"agent", event.agent},
                  {"reason", event.reason},
                  {"commissions", event.all_unpaid ? json::value("all_unpaid")
                                                   : json::value(StringList(event.commissions))}});
  }
  json::object operator()(const Terminate& event) const {
    return Event("terminate", event.at, {{"agent", event.agent}, {"reason", event.reason}});
  }
  json::object operator()(const Withdraw& event) const {
    return Event("withdraw", event.at,
                 {{"id", event.id}, {"agent", event.agent}, {"amount", event.amount.ToString()}});
  }
  json::object operator()(const WithdrawalApproved& event) const {
    return Event("withdrawal_approved", event.at, {{"id", event.id}});
  }
  json::object operator()(const WithdrawalPaid& event) const {
    json::object fields{{"id", event.id}, {"reference", event.reference}};
    if (event.gross) fields["gross"] = event.gross->ToString();
    return Event("withdrawal_paid", event.at, fields);
  }
  json::object operator()(const WithdrawalFailed& event) const {
    return Event("withdrawal_failed", event.at, {{"id", event.id}, {"reason", event.reason}});
  }
  json::object operator()(const WithdrawalRejected& event) const {
    return Event("withdrawal_rejected", event.at, {{"id", event.id}, {"reason", event.reason}});
  }
  json::object operator()(const Advance& event) const { return Header("advance", event.at); }
};

}  // namespace

std::string CanonicalJson(const json::object& object, std::initializer_list<std::string_view> skip) {
  std::string text;
  text.reserve(256);
  AppendCanonical(text, object, skip);
  return text;
}

// Times are not content: a webhook retried later, or booked late with its
// original time kept in occurred_at, is still the same event. Written straight
// from the command, keys in sorted order: this runs for every billing event,
// and equals CanonicalJson of its encoding without "at" and "occurred_at"
// (a test holds the two together).
std::string BillingFingerprint(const InvoicePaid& event) {
  std::string out;
  out.reserve(128 + 96 * event.lines.size());
  out += "{\"client\":";
  AppendJsonString(out, event.client);
  out += ",\"id\":";
  AppendJsonString(out, event.id);
  out += ",\"lines\":[";
  for (std::size_t i = 0; i < event.lines.size(); ++i) {
    const InvoiceLine& line = event.lines[i];
    out += i == 0 ? "{\"amount\":" : ",{\"amount\":";
    AppendJsonString(out, line.amount.ToString());
    out += ",\"category\":";
    AppendJsonString(out, program::CategoryName(line.category));
    out += ",\"id\":";
    AppendJsonString(out, line.id);
    if (line.performed_by) {
      out += ",\"performed_by\":";
      AppendJsonString(out, *line.performed_by);
    }
    if (line.subscription) {
      out += ",\"subscription\":";
      AppendJsonString(out, *line.subscription);
    }
    out += '}';
  }
  out += "],\"type\":\"invoice_paid\"}";
  return out;
}

std::string BillingFingerprint(const Refund& event) {
  std::string out;
  out.reserve(160);
  out += "{\"amount\":";
  AppendJsonString(out, event.amount.ToString());
  out += ",\"id\":";
  AppendJsonString(out, event.id);
  out += ",\"invoice\":";
  AppendJsonString(out, event.invoice);
  out += ",\"line\":";
  AppendJsonString(out, event.line);
  out += event.chargeback ? ",\"type\":\"chargeback\"}" : ",\"type\":\"refund\"}";
  return out;
}

std::string_view CommandType(const Command& command) {
  static constexpr std::array<std::string_view, std::variant_size_v<Command>> kTypes{
      "add_agent",         "add_client",
      "associate",         "revoke",
      "invoice_paid",      "refund",
      "certify",           "remove_person",
      "set_agent",         "override_tier",
      "manual_commission", "reverse_unreferred",
      "violation",         "terminate",
      "withdraw",          "withdrawal_approved",
      "withdrawal_paid",   "withdrawal_rejected",
      "withdrawal_failed", "advance"};
  if (const auto* refund = std::get_if<Refund>(&command); refund != nullptr && refund->chargeback)
    return "chargeback";
  return kTypes.at(command.index());
}

Result<Command> DecodeEvent(const json::object& event, const program::Program& program, std::size_t index,
                            Reading reading) {
  try {
    return Decode(event, program, index, reading);
  } catch (const InvalidJson& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

json::object EncodeEvent(const Command& command, const program::Program& program) {
  return std::visit(Encoder{program}, command);
}

Result<AgentFacts> DecodeAgent(const json::value& value, std::size_t index, const program::Program& program,
                               Timestamp start) {
  try {
    return ReadAgent(value, index, program, start);
  } catch (const InvalidJson& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

Result<ClientFacts> DecodeClient(const json::value& value, std::size_t index) {
  try {
    return ReadClient(value, index);
  } catch (const InvalidJson& invalid) {
    return Fail(Error::Invalid(invalid.message));
  }
}

Result<void> ApplyCommand(Engine& engine, const Command& command, std::size_t index) {
  auto applied = engine.Apply(command);
  if (!applied) {
    return Fail(Error::Invalid(
        fmt::format("event {} ({}): {}", index, CommandType(command), applied.error().message)));
  }
  return {};
}

Result<void> ApplyEvent(Engine& engine, const json::object& event, std::size_t index, Reading reading) {
  auto command = DecodeEvent(event, engine.program(), index, reading);
  if (!command) return Fail(command.error());
  return ApplyCommand(engine, *command, index);
}

}  // namespace wakala::engine
