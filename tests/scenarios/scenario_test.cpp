#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "core/calendar.hpp"
#include "engine/codec.hpp"
#include "server_process.hpp"
#include "sim/generator.hpp"
#include "sim/scenario.hpp"

namespace wakala::sim {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path& Scenarios() {
  static const fs::path path = fs::path(WAKALA_SOURCE_DIR) / "tests" / "scenarios";
  return path;
}

std::string Read(const fs::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

json::object Simulate(const std::string& text) {
  auto output = RunScenario(text);
  if (!output) {
    ADD_FAILURE() << output.error().message;
    return {};
  }
  return json::parse(*output).as_object();
}

// Every key of `expected` must be in `actual` with an equal value; objects
// are compared the same way, arrays element by element and must have the same
// length. Returns the path of the first difference, or "".
std::string Mismatch(const json::value& expected, const json::value& actual, const std::string& path) {
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + json::serialize(actual);
    for (const auto& [key, value] : expected.as_object()) {
      const auto* found = actual.as_object().if_contains(key);
      if (found == nullptr) return path + "/" + std::string(key) + ": missing";
      if (auto problem = Mismatch(value, *found, path + "/" + std::string(key)); !problem.empty())
        return problem;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return path + ": expected a list, got " + json::serialize(actual);
    const auto& want = expected.as_array();
    const auto& got = actual.as_array();
    if (want.size() != got.size()) {
      return path + ": expected " + std::to_string(want.size()) + " items, got " +
             std::to_string(got.size()) + ": " + json::serialize(got);
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (auto problem = Mismatch(want[i], got[i], path + "/" + std::to_string(i)); !problem.empty())
        return problem;
    }
    return "";
  }
  if (expected != actual)
    return path + ": expected " + json::serialize(expected) + ", got " + json::serialize(actual);
  return "";
}

// ---- the provider's worked examples (../shared/scenarios/README.md) ----

TEST(SharedExamples, BronzeBasics) {
  auto out = Simulate(Read(Scenarios() / "cloudone" / "01-bronze-basics.json"));
  const auto expected = json::parse(R"({
    "agents": {"A1": {"tier": "affiliate",
      "balances": {"pending": "0.00", "available": "2375.00", "reversed": "125.00"},
      "commissions": [
        {"id": "INV-1/L1/sale", "amount": "500.00", "reversed": "125.00", "available_at": "2026-02-20T09:00:00+03:00"},
        {"id": "INV-1/L2/sale", "amount": "500.00", "available_at": "2026-02-20T09:00:00+03:00"},
        {"id": "INV-1/L2/technical", "amount": "1500.00", "rate_bp": 3000}],
      "evaluations": [{"quarter": "2026Q1", "from": "bronze", "to": "affiliate"}]}},
    "clients": {"C1": {"agent": null}},
    "ledger": {"balanced": true}})");
  EXPECT_EQ(Mismatch(expected, out, ""), "");
  // The average shown for bronze: (15,000.00 − 2,500.00) / 3.
  const auto& checks = out["agents"].at("A1").at("evaluations").at(0).at("checks").as_array();
  bool found = false;
  for (const auto& check : checks) {
    if (check.at("requirement") == "monthly_sales_avg" && check.at("tier") == "bronze") {
      EXPECT_EQ(check.at("measured"), "4166.67");
      EXPECT_EQ(check.at("met"), false);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(SharedExamples, Titanium63Percent) {
  auto out = Simulate(Read(Scenarios() / "cloudone" / "02-titanium-63-percent.json"));
  const auto expected = json::parse(R"({
    "agents": {"T1": {"tier": "titanium", "balances": {"pending": "215000.00", "available": "0.00"}}}})");
  EXPECT_EQ(Mismatch(expected, out, ""), "");
  // 20% sale + 40% technical + 3% bonus on the training line = 63%.
  std::map<std::string, std::string> amounts;
  for (const auto& commission : out["agents"].at("T1").at("commissions").as_array()) {
    amounts[std::string(commission.at("id").as_string())] = std::string(commission.at("amount").as_string());
  }
  EXPECT_EQ(amounts["INV-6/L1/sale"], "20000.00");
  EXPECT_EQ(amounts["INV-6/L1/technical"], "40000.00");
  EXPECT_EQ(amounts["bonus/T1/2026-01"], "60000.00");
  for (const char* invoice : {"INV-1", "INV-2", "INV-3", "INV-4", "INV-5"}) {
    EXPECT_EQ(amounts[std::string(invoice) + "/L1/sale"], "19000.00");
  }
  // 3% of the training line's 100,000.00 is 3,000.00 of that bonus: 63,000.00 in all.
  EXPECT_EQ(20000 + 40000 + 3000, 63000);
}

TEST(SharedExamples, AffiliateRules) {
  auto out = Simulate(Read(Scenarios() / "cloudone" / "03-affiliate-rules.json"));
  const auto expected = json::parse(R"({
    "agents": {
      "F2": {"balances": {"available": "2000.00", "pending": "0.00"},
             "commissions": [{"id": "INV-9a/L1/sale", "amount": "2000.00", "available_at": "2026-03-01T10:00:00+03:00"}]},
      "F1": {"commissions": [], "notifications": [
        {"kind": "affiliate_warning", "at": "2026-01-30T00:00:00+03:00"},
        {"kind": "affiliate_warning", "at": "2026-02-19T00:00:00+03:00"}]}},
    "clients": {"C7": {"agent": "G2", "source": "reassignment"}, "C8": {"agent": "G1", "source": "reassignment"},
                "C9": {"agent": "F2", "source": "referral_link"}}})");
  EXPECT_EQ(Mismatch(expected, out, ""), "");
  for (const auto& [id, client] : out["clients"].as_object()) {
    EXPECT_NE(client.at("agent"), "F1") << id << ": F1 keeps no client";
  }
}

TEST(SharedExamples, RepositoryCopiesMatchTheSharedOriginals) {
  const fs::path shared = fs::path(WAKALA_SOURCE_DIR) / ".." / "shared" / "scenarios";
  if (!fs::exists(shared)) GTEST_SKIP() << "no ../shared/scenarios beside this checkout";
  for (const auto& entry : fs::directory_iterator(Scenarios() / "cloudone")) {
    EXPECT_EQ(Read(entry.path()), Read(shared / entry.path().filename())) << entry.path().filename();
  }
}

// ---- the project's own scenarios, one or more per rule ----

TEST(RuleScenarios, EachGivesItsHandWorkedValues) {
  int count = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(Scenarios() / "rules")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    if (!name.ends_with(".json") || name.ends_with(".expected.json")) continue;
    SCOPED_TRACE(name);
    const fs::path expected_path = path.parent_path() / (path.stem().string() + ".expected.json");
    ASSERT_TRUE(fs::exists(expected_path)) << "every rule scenario has its expected values beside it";
    auto out = Simulate(Read(path));
    EXPECT_EQ(Mismatch(json::parse(Read(expected_path)), out, ""), "");
    EXPECT_EQ(out["ledger"].at("balanced"), true);
    ++count;
  }
  EXPECT_GE(count, 10);
}

// Rules version 1 (docs/engine.md, "Rules versions") still decides as the
// engine did before the three rule fixes, so that a store's old events replay
// as they were decided: the new rule scenarios give the old figures under it.
TEST(RulesVersions, TheFirstRulesStillDecideAsTheyDid) {
  SimulationOptions first_rules;
  first_rules.rules_version = engine::kFirstRulesVersion;
  const auto balances = [&](const char* file) {
    auto output = RunScenario(Read(Scenarios() / "rules" / file), first_rules);
    EXPECT_TRUE(output) << file << ": " << (output ? "" : output.error().message);
    return output ? json::parse(*output).at("agents").at("B1").at("balances").as_object() : json::object{};
  };
  // The affiliate rule took the one-off setup, equipment and training commissions too.
  auto affiliate = balances("14-affiliate-rule-keeps-one-off.json");
  EXPECT_EQ(affiliate["available"], "0.00");
  EXPECT_EQ(affiliate["forfeited"], "3800.00");
  // The deposit-only first invoice used the signup up: no February bonus.
  EXPECT_EQ(balances("15-deposit-first-invoice-signup.json")["pending"], "3000.00");
  // "All unpaid" took the amount inside the requested withdrawal as well.
  auto violation = balances("16-violation-all-unpaid-spares-withdrawal.json");
  EXPECT_EQ(violation["available"], "-10000.00");
  EXPECT_EQ(violation["forfeited"], "21000.00");

  SimulationOptions unknown;
  unknown.rules_version = engine::kRulesVersion + 1;
  auto refused = RunScenario(Read(Scenarios() / "rules" / "01-rounding-and-deposits.json"), unknown);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("this binary knows versions 1 to"), std::string::npos);
}

TEST(RuleScenarios, OutputIsByteForByteStable) {
  const std::string text = Read(Scenarios() / "rules" / "08-violation-and-termination.json");
  auto first = RunScenario(text);
  auto second = RunScenario(text);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
}

// ---- invalid scenarios: one precise line, nothing else ----

struct InvalidCase {
  const char* events;
  const char* message;
};

TEST(InvalidScenarios, NameTheEventTheFieldAndTheProblem) {
  const std::string head = R"({"start": "2026-01-01T00:00:00+03:00",
    "agents": [{"id": "B1", "tier": "bronze"}], "clients": [{"id": "C1"}], "events": [
    {"at": "2026-01-02T09:00:00+03:00", "type": "associate", "client": "C1", "agent": "B1", "source": "staff_assignment"},
    {"at": "2026-01-03T09:00:00+03:00", "type": "invoice_paid", "id": "INV-3", "client": "C1",
     "lines": [{"id": "L1", "category": "talk_time", "amount": "500.00"}]})";
  const InvalidCase cases[] = {
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "refund", "id": "R1", "invoice": "INV-3", "line": "L9", "amount": "1.00"})",
       "event 2 (refund): line: line \"L9\" is not on invoice \"INV-3\""},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "refund", "id": "R1", "invoice": "INV-3", "line": "L1", "amount": "500.01"})",
       "event 2 (refund): amount: 500.01 is more than the 500.00 left of line \"L1\""},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "refund", "id": "R1", "invoice": "INV-9", "line": "L1", "amount": "1.00"})",
       "event 2 (refund): invoice: no invoice \"INV-9\""},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "refund", "id": "R1", "invoice": "INV-3", "line": "L1", "amount": "-1.00"})",
       "event 2 (refund): amount: amount '-1.00' is negative"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-3", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "600.00"}]})",
       "event 2 (invoice_paid): id: \"INV-3\" was seen before with different content"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-4", "client": "C1", "lines": [{"id": "L1", "category": "hardware", "amount": "1.00"}]})",
       "event 2 (invoice_paid): lines[0]: category: unknown category \"hardware\""},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-4", "client": "C1", "lines": [{"id": "L1", "category": "managed_subscription", "amount": "1.00"}]})",
       "event 2 (invoice_paid): lines[0].subscription: required on managed_subscription lines"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-4", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "1.00", "performed_by": "B1"}]})",
       "event 2 (invoice_paid): lines[0].performed_by: only setup_fee and training_oos lines name a "
       "performer"},
      {R"(,{"at": "2026-01-01T09:00:00+03:00", "type": "advance"})",
       "event 2 (advance): events must be in time order: 2026-01-01T09:00:00+03:00 is before "
       "2026-01-03T09:00:00+03:00"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "teleport"})",
       "event 2 (teleport): type: unknown event type \"teleport\""},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "withdraw", "id": "W1", "agent": "Z9", "amount": "1.00"})",
       "event 2 (withdraw): agent: no agent \"Z9\""},
      // Staff reverse only reversible commissions (C1 is a staff assignment).
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "reverse_unreferred", "commissions": ["INV-3/L1/sale"]})",
       "event 2 (reverse_unreferred): commissions: \"INV-3/L1/sale\" is not reversible (only those of "
       "associations without referral evidence are)"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "reverse_unreferred", "commissions": ["NOPE"]})",
       "event 2 (reverse_unreferred): commissions: \"NOPE\" is not a commission"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "reverse_unreferred", "commissions": []})",
       "event 2 (reverse_unreferred): commissions: must be a non-empty list of commission ids"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "advance", "colour": "red"})",
       "event 2 (advance): colour: unknown field"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-4", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "1.00"}, 7]})",
       "event 2 (invoice_paid): lines[1]: must be an object"},
      {R"(,{"at": "2026-01-04T09:00:00+03:00", "type": "invoice_paid", "id": "INV-4", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "1.00"}, {"id": "L2", "category": "talk_time", "amount": "1.00", "tax": "0.16"}]})",
       "event 2 (invoice_paid): lines[1]: tax: unknown field"},
  };
  for (const auto& bad : cases) {
    auto output = RunScenario(head + bad.events + "]}");
    ASSERT_FALSE(output) << bad.events;
    EXPECT_EQ(output.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(output.error().message, bad.message);
  }
  auto agent_error =
      RunScenario(R"({"start": "2026-01-01T00:00:00+03:00", "agents": [{"id": "B1", "tier": "platnum"}]})");
  ASSERT_FALSE(agent_error);
  EXPECT_EQ(agent_error.error().message, "agent B1: tier: no tier \"platnum\"");
}

TEST(CanonicalJson, SortsKeysAtEveryLevelAndLeavesOutTheNamedTopLevelKeys) {
  const auto event =
      json::parse(R"({"type": "invoice_paid", "at": "2026-01-04T09:00:00+03:00", "id": "INV-\"1",
    "occurred_at": "2026-01-03T09:00:00+03:00", "lines": [{"id": "L1", "amount": "1.00", "category": "talk_time"},
    {"category": "deposit", "id": "L2", "amount": "2.00", "meta": {"z": null, "a": [true, 1.5]}}], "client": "C1"})")
          .as_object();
  EXPECT_EQ(engine::CanonicalJson(event, {"at", "occurred_at"}),
            R"({"client":"C1","id":"INV-\"1","lines":[{"amount":"1.00","category":"talk_time","id":"L1"},)"
            R"({"amount":"2.00","category":"deposit","id":"L2","meta":{"a":[true,1.5E0],"z":null}}],)"
            R"("type":"invoice_paid"})");
  // The same content in another order, at another time: the same text.
  const auto retried = json::parse(R"({"client": "C1", "id": "INV-\"1", "type": "invoice_paid",
    "at": "2026-02-01T00:00:00+03:00", "lines": [{"category": "talk_time", "amount": "1.00", "id": "L1"},
    {"meta": {"a": [true, 1.5], "z": null}, "amount": "2.00", "id": "L2", "category": "deposit"}]})")
                           .as_object();
  EXPECT_EQ(engine::CanonicalJson(retried, {"at", "occurred_at"}),
            engine::CanonicalJson(event, {"at", "occurred_at"}));
  // Strings are written as Boost.JSON writes them, whatever they hold.
  for (const std::string& text : std::vector<std::string>{
           "plain", "with \"quotes\"", "back\\slash", "tab\there", "Nairobi \u00e9 \u20ac",
           std::string("nul\0in", 6), "del\x7f", "slash/", ""}) {
    json::object holder;
    holder[text] = text;
    EXPECT_EQ(engine::CanonicalJson(holder),
              "{" + json::serialize(json::string(text)) + ":" + json::serialize(json::string(text)) + "}")
        << text;
  }
}

engine::Command Decoded(std::string_view text) {
  const auto program = program::BuiltinProgram("cloudone").value();
  return engine::DecodeEvent(json::parse(text).as_object(), program, 0).value();
}

TEST(BillingFingerprint, IsTheEventsContentWhateverItsTimesOrFieldOrderOrAbsentOptionals) {
  const auto fingerprint = [](std::string_view text) {
    return engine::BillingFingerprint(std::get<engine::InvoicePaid>(Decoded(text)));
  };
  const std::string first = fingerprint(R"({"type": "invoice_paid", "at": "2026-01-04T09:00:00+03:00",
    "id": "I1", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "10.00"}]})");
  EXPECT_EQ(first,
            R"({"client":"C1","id":"I1","lines":[{"amount":"10.00","category":"talk_time","id":"L1"}],)"
            R"("type":"invoice_paid"})");
  EXPECT_EQ(fingerprint(
                R"({"lines": [{"amount": "10.00", "id": "L1", "category": "talk_time", "subscription": null}],
    "client": "C1", "id": "I1", "at": "2026-03-01T00:00:00+03:00", "occurred_at": "2026-01-04T09:00:00+03:00",
    "type": "invoice_paid"})"),
            first)
      << "a retry later, booked late, in another order, with an optional given as null";
  EXPECT_NE(fingerprint(R"({"type": "invoice_paid", "at": "2026-01-04T09:00:00+03:00",
    "id": "I1", "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "10.01"}]})"),
            first);
  EXPECT_NE(fingerprint(R"({"type": "invoice_paid", "at": "2026-01-04T09:00:00+03:00", "id": "I1",
    "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "10.00", "subscription": "S1"}]})"),
            first);
  const auto refund = engine::BillingFingerprint(std::get<engine::Refund>(Decoded(
      R"({"type": "refund", "at": "2026-01-04T09:00:00+03:00", "id": "R1", "invoice": "I1", "line": "L1",
      "amount": "1.00"})")));
  const auto chargeback = engine::BillingFingerprint(std::get<engine::Refund>(Decoded(
      R"({"type": "chargeback", "at": "2026-01-04T09:00:00+03:00", "id": "R1", "invoice": "I1", "line": "L1",
      "amount": "1.00"})")));
  EXPECT_NE(refund, chargeback) << "a refund and a chargeback of one id are different events";
}

// Every event of generated histories, encoded as the server's log stores it
// and decoded again, is the same command: the log replays what was decided.
TEST(EventCodec, EncodingAndDecodingAgainGivesTheSameEvent) {
  const auto program = program::BuiltinProgram("cloudone").value();
  // A fresh first seed per run, printed; WAKALA_TEST_SEED replays one.
  const char* fixed_seed = std::getenv("WAKALA_TEST_SEED");
  const std::uint64_t first_seed =
      fixed_seed != nullptr ? std::strtoull(fixed_seed, nullptr, 10) : std::random_device{}();
  std::cout << "event codec: seeds from " << first_seed << " (replay: WAKALA_TEST_SEED=" << first_seed
            << ")\n";
  std::size_t events_checked = 0;
  std::set<std::string> types;
  for (std::uint64_t seed = first_seed; seed < first_seed + 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto scenario = json::parse(GenerateScenario(seed)).as_object();
    std::size_t index = 0;
    for (const auto& value : scenario.at("events").as_array()) {
      const auto decoded = engine::DecodeEvent(value.as_object(), program, index++);
      ASSERT_TRUE(decoded) << decoded.error().message;
      const auto encoded = engine::EncodeEvent(*decoded, program);
      const auto again = engine::DecodeEvent(encoded, program, index);
      ASSERT_TRUE(again) << again.error().message << " in " << json::serialize(encoded);
      EXPECT_EQ(json::serialize(engine::EncodeEvent(*again, program)), json::serialize(encoded));
      EXPECT_EQ(engine::CommandType(*again), value.as_object().at("type").as_string());
      const auto canonical = engine::CanonicalJson(encoded, {"at", "occurred_at"});
      if (const auto* paid = std::get_if<engine::InvoicePaid>(&*again)) {
        EXPECT_EQ(engine::BillingFingerprint(*paid), canonical);
      } else if (const auto* refund = std::get_if<engine::Refund>(&*again)) {
        EXPECT_EQ(engine::BillingFingerprint(*refund), canonical);
      }
      types.emplace(engine::CommandType(*again));
      ++events_checked;
    }
  }
  EXPECT_GT(events_checked, 1000U);
  EXPECT_GE(types.size(), 15U) << "the generator covers most event types";
}

TEST(EventCodec, AgentsWithPeopleAndClientsSurviveTheLog) {
  const auto program = program::BuiltinProgram("cloudone").value();
  const auto decoded = Decoded(R"({"type": "add_agent", "at": "2026-01-04T09:00:00+03:00", "id": "A1",
    "tier": "gold", "residency": "non_resident", "sip_trunk_active": true, "email": "a@example.com",
    "people": [{"id": "P1", "certifications": [{"kind": "3cx", "level": "advanced", "valid_until": "2027-01-31"},
    {"kind": "sales", "valid_until": "2026-12-31"}]}]})");
  const auto encoded = engine::EncodeEvent(decoded, program);
  const auto again = engine::DecodeEvent(encoded, program, 0).value();
  const auto& agent = std::get<engine::AddAgent>(again).agent;
  EXPECT_EQ(program.TierName(agent.tier), "gold");
  EXPECT_EQ(agent.residency, "non_resident");
  EXPECT_TRUE(agent.sip_trunk_active);
  EXPECT_FALSE(agent.agreement_signed);
  EXPECT_EQ(agent.email, "a@example.com");
  ASSERT_EQ(agent.people.size(), 1U);
  ASSERT_EQ(agent.people[0].certifications.size(), 2U);
  EXPECT_EQ(agent.people[0].certifications[0].level, program::TechnicalLevel::kAdvanced);
  EXPECT_EQ(FormatDate(agent.people[0].certifications[1].valid_until), "2026-12-31");
}

TEST(EventCodec, RefusesWhatTheScenarioFormatRefusesNamingTheEvent) {
  const auto program = program::BuiltinProgram("cloudone").value();
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"type": "withdraw", "at": "2026-01-04T09:00:00+03:00", "id": "W1", "agent": "A1", "amount": "1.5"})",
       "event 7 (withdraw): amount: "},
      {R"({"type": "withdraw", "at": "2026-01-04T09:00:00+03:00", "id": "W1", "agent": "A1"})",
       "event 7 (withdraw): amount: missing"},
      {R"({"type": "revoke", "at": "2026-01-04T09:00:00+03:00", "client": "C1", "extra": 1})",
       "event 7 (revoke): extra: unknown field"},
      {R"({"type": "withdrawl", "at": "2026-01-04T09:00:00+03:00"})",
       "event 7 (withdrawl): type: unknown event type \"withdrawl\""},
      {R"({"type": "terminate", "at": "2026-01-04T09:00:00+03:00", "agent": "A\u0000", "reason": "r"})",
       "event 7 (terminate): agent: "},
  };
  for (const auto& [text, message] : cases) {
    const auto decoded = engine::DecodeEvent(json::parse(text).as_object(), program, 7);
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidInput);
    EXPECT_TRUE(decoded.error().message.starts_with(message)) << decoded.error().message;
  }
}

TEST(SimulateCommand, PrintsTheStateOrOnePreciseLineWithExitTwo) {
  std::string output;
  EXPECT_EQ(testing::RunWakala(
                "simulate " + (Scenarios() / "cloudone" / "02-titanium-63-percent.json").string(), output),
            0);
  EXPECT_NE(output.find("\"pending\": \"215000.00\""), std::string::npos) << output;

  const fs::path bad = fs::temp_directory_path() / "wakala-bad-scenario.json";
  std::ofstream(bad)
      << R"({"start": "2026-01-01T00:00:00+03:00", "events": [{"at": "yesterday", "type": "advance"}]})";
  EXPECT_EQ(testing::RunWakala("simulate " + bad.string(), output), 2);
  EXPECT_EQ(
      output,
      "event 0 (advance): at: 'yesterday' is not an RFC 3339 time like \"2026-01-05T10:00:00+03:00\"\n");
}

// The seed printed by `simulate --random` is the one that was used, so the
// line can be pasted back to replay the history.
TEST(SimulateCommand, RandomPrintsTheSeedItUsed) {
  std::string output;
  ASSERT_EQ(testing::RunWakala("simulate --random --seed 4242 --print-scenario", output), 0) << output;
  const std::string announced =
      "wakala simulate: random scenario, seed 4242 (replay with --random --seed 4242)\n";
  EXPECT_EQ(output, announced + GenerateScenario(4242) + "\n");
}

}  // namespace
}  // namespace wakala::sim
