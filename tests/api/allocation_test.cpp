#include <algorithm>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

// Demo data plus: two clients with no agent (CL-FREE, CL-ORPHAN), a silver
// agent to receive clients, a terminated agent, and CL-SML brought to
// AG-DEMO (bronze) by a service-manager link with no referral click behind
// it, so its commissions are reversible: talk time at 5%, 2,000.00 -> 100.00
// and 4,000.00 -> 200.00. The demo's CL-MOMBASA came the same way: its
// 30,000.00 managed subscription at bronze 5% -> 1,500.00 (paid 8 Sep,
// matured 23 Oct). Program time stands at 5 Dec 2026 10:00 EAT (07:00 UTC).
class AllocationTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }

  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T09:00:00+03:00","id":"AG-SILVER-A","tier":"silver","activated_at":"2026-12-01T09:00:00+03:00","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_agent","at":"2026-12-01T09:00:00+03:00","id":"AG-GONE","tier":"bronze","activated_at":"2026-12-01T09:00:00+03:00","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T09:00:00+03:00","id":"CL-FREE","email":"it@free-clinic.example"}
{"type":"add_client","at":"2026-12-01T09:00:00+03:00","id":"CL-ORPHAN"}
{"type":"add_client","at":"2026-12-01T09:00:00+03:00","id":"CL-SML"}
{"type":"terminate","at":"2026-12-01T09:30:00+03:00","agent":"AG-GONE","reason":"gone"}
{"type":"associate","at":"2026-12-01T10:00:00+03:00","client":"CL-SML","agent":"AG-DEMO","source":"service_manager_link"}
{"type":"invoice_paid","at":"2026-12-02T10:00:00+03:00","id":"INV-SML-1","client":"CL-SML","lines":[{"id":"L1","category":"talk_time","amount":"2000.00"},{"id":"L2","category":"talk_time","amount":"4000.00"}]}
)";
  }

  static std::vector<std::string> Ids(const HttpResponse& response, const char* key = "id") {
    std::vector<std::string> ids;
    const auto page = ParseObject(response.body);
    for (const auto& item : page.at("items").as_array()) {
      ids.emplace_back(item.at(key).as_string());
    }
    return ids;
  }

  // "1234.56" -> 123456 cents (the API's amounts are decimal strings).
  static long long Cents(const json::value& amount) {
    std::string text(amount.as_string());
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) text.erase(0, 1);
    const auto dot = text.find('.');
    const long long cents = std::stoll(text.substr(0, dot)) * 100 + std::stoll(text.substr(dot + 1));
    return negative ? -cents : cents;
  }

  // A signup through AG-DEMO's link from the address the agent signed in
  // from: a self-referral by IP, flagged for staff. Returns the flag id.
  std::string FlaggedSignup(const std::string& email, const std::string& phone = "+254722111222") {
    auto agent = SignedIn(kAgentEmail, kAgentPassword);
    const std::string cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ?to=/pricing"));
    EXPECT_FALSE(cookie.empty());
    auto visitor = Client();
    visitor->SetCookie("wakala_ref", cookie);
    auto signed_up =
        visitor->Json("POST", "/api/v1/client-signups",
                      R"({"company":"Kilifi Dental","contact_name":"Jane Mwikali","email":")" + email +
                          R"(","phone":")" + phone + R"(","password":"kilifi-dental-2026"})");
    EXPECT_EQ(signed_up.status, 201) << signed_up.body;
    last_client = std::string(ParseObject(signed_up.body).at("client_id").as_string());
    auto staff = SignedIn(kStaffEmail, kStaffPassword);
    const auto flags = ParseObject(staff->Get("/api/v1/fraud-flags").body);
    for (const auto& flag : flags.at("items").as_array()) {
      if (flag.at("client_id") == json::value(last_client)) return std::string(flag.at("id").as_string());
    }
    ADD_FAILURE() << "no flag for " << last_client;
    return "";
  }

  std::string last_client;
};

TEST_F(AllocationTest, StaffListAndAssignClientsThatHaveNoAgent) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto unassigned = staff->Get("/api/v1/clients?unassigned=true");
  ASSERT_EQ(unassigned.status, 200) << unassigned.body;
  EXPECT_EQ(Ids(unassigned), (std::vector<std::string>{"CL-FREE", "CL-ORPHAN"}));

  // The general list: every client with its agent; search and paging.
  auto all = ParseObject(staff->Get("/api/v1/clients").body);
  EXPECT_EQ(all.at("total").to_number<long long>(), 6);
  auto mombasa = ParseObject(staff->Get("/api/v1/clients?q=MOMBASA-freight").body);
  ASSERT_EQ(mombasa.at("items").as_array().size(), 1U);
  EXPECT_EQ(mombasa.at("items").at(0).at("id"), "CL-MOMBASA");
  EXPECT_EQ(mombasa.at("items").at(0).at("agent_id"), "AG-DEMO");
  EXPECT_EQ(mombasa.at("items").at(0).at("source"), "service_manager_link");
  auto second = staff->Get("/api/v1/clients?limit=2&offset=2");
  EXPECT_EQ(Ids(second), (std::vector<std::string>{"CL-KAREN", "CL-MOMBASA"}));
  EXPECT_EQ(staff->Get("/api/v1/clients?limit=0").status, 422);
  EXPECT_EQ(staff->Get("/api/v1/clients?unassigned=yes").status, 422);

  auto assigned = staff->Json("POST", "/api/v1/clients/CL-FREE/assignment", R"({"agent_id":"AG-SILVER-A"})");
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  const auto association = ParseObject(assigned.body);
  EXPECT_EQ(association.at("client_id"), "CL-FREE");
  EXPECT_EQ(association.at("agent_id"), "AG-SILVER-A");
  EXPECT_EQ(association.at("source"), "staff_assignment");
  EXPECT_EQ(association.at("reversible"), false);
  EXPECT_EQ(association.at("created_at"), "2026-12-05T07:00:00Z");
  EXPECT_TRUE(association.at("ended_at").is_null());
  // No longer offered for assignment; assigning it again is refused.
  EXPECT_EQ(Ids(staff->Get("/api/v1/clients?unassigned=true")), (std::vector<std::string>{"CL-ORPHAN"}));
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-FREE/assignment", R"({"agent_id":"AG-DEMO"})").status,
            409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-DEMO/assignment", R"({"agent_id":"AG-SILVER-A"})").status,
            409);

  // Bad input changes nothing.
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-NONE/assignment", R"({"agent_id":"AG-DEMO"})").status,
            404);
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-ORPHAN/assignment", R"({"agent_id":"AG-NONE"})").status,
            404);
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-ORPHAN/assignment", R"({"agent_id":"AG-GONE"})").status,
            409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-ORPHAN/assignment", R"({})").status, 422);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-ORPHAN/assignment", R"({"agent_id":"AG-DEMO","x":1})").status,
      422);
  EXPECT_EQ(Ids(staff->Get("/api/v1/clients?unassigned=true")), (std::vector<std::string>{"CL-ORPHAN"}));
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=client_assigned").body);
  ASSERT_EQ(audit.at("items").as_array().size(), 1U);
  EXPECT_EQ(audit.at("items").at(0).at("subject"), "client:CL-FREE");
  EXPECT_EQ(audit.at("items").at(0).at("detail").at("agent"), "AG-SILVER-A");
}

TEST_F(AllocationTest, TransfersEndOneAssociationStartTheNextAndKeepTheReason) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto moved =
      staff->Json("POST", "/api/v1/clients/CL-DEMO/transfer",
                  R"({"agent_id":"AG-SILVER-A","reason":"client asked for on-site support in Nairobi"})");
  ASSERT_EQ(moved.status, 201) << moved.body;
  EXPECT_EQ(ParseObject(moved.body).at("agent_id"), "AG-SILVER-A");
  EXPECT_EQ(ParseObject(moved.body).at("source"), "staff_assignment");

  auto history = staff->Get("/api/v1/clients/CL-DEMO/associations");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto items = ParseObject(history.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].at("agent_id"), "AG-DEMO");
  EXPECT_EQ(items[0].at("source"), "referral_link");
  EXPECT_EQ(items[0].at("referral_url"), "https://cloudone.co/?affid=AG-DEMO");
  EXPECT_EQ(items[0].at("created_at"), "2026-08-03T07:00:00Z");
  EXPECT_EQ(items[0].at("ended_at"), "2026-12-05T07:00:00Z");
  EXPECT_TRUE(items[0].at("transfer_reason").is_null());
  EXPECT_EQ(items[1].at("agent_id"), "AG-SILVER-A");
  EXPECT_EQ(items[1].at("created_at"), "2026-12-05T07:00:00Z");
  EXPECT_TRUE(items[1].at("ended_at").is_null());
  EXPECT_EQ(items[1].at("transfer_reason"), "client asked for on-site support in Nairobi");
  // The losing agent no longer has the client; the receiving one has.
  const auto demo = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  for (const auto& association : demo.at("associations").as_array()) {
    if (association.at("client") == "CL-DEMO") {
      EXPECT_FALSE(association.at("ended_at").is_null());
    }
  }
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=client_transferred").body);
  ASSERT_EQ(audit.at("items").as_array().size(), 1U);
  EXPECT_EQ(audit.at("items").at(0).at("detail").at("from"), "AG-DEMO");
  EXPECT_EQ(audit.at("items").at(0).at("detail").at("to"), "AG-SILVER-A");
  EXPECT_EQ(audit.at("items").at(0).at("detail").at("reason"), "client asked for on-site support in Nairobi");

  // The client sees its own history, not another's.
  auto client = SignedIn(kClientEmail, kClientPassword);
  EXPECT_EQ(Ids(client->Get("/api/v1/clients/CL-DEMO/associations"), "agent_id"),
            (std::vector<std::string>{"AG-DEMO", "AG-SILVER-A"}));
  EXPECT_EQ(client->Get("/api/v1/clients/CL-KAREN/associations").status, 404);
  EXPECT_EQ(staff->Get("/api/v1/clients/CL-NONE/associations").status, 404);

  // Bad transfers change nothing.
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-MOMBASA/transfer", R"({"agent_id":"AG-SILVER-A"})").status,
      422);
  EXPECT_EQ(
      staff
          ->Json("POST", "/api/v1/clients/CL-MOMBASA/transfer", R"({"agent_id":"AG-SILVER-A","reason":"  "})")
          .status,
      422);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-MOMBASA/transfer", R"({"agent_id":"AG-DEMO","reason":"r"})")
          .status,
      422);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-MOMBASA/transfer", R"({"agent_id":"AG-NONE","reason":"r"})")
          .status,
      404);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-MOMBASA/transfer", R"({"agent_id":"AG-GONE","reason":"r"})")
          .status,
      409);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-ORPHAN/transfer", R"({"agent_id":"AG-SILVER-A","reason":"r"})")
          .status,
      409);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/clients/CL-NONE/transfer", R"({"agent_id":"AG-SILVER-A","reason":"r"})")
          .status,
      404);
  EXPECT_EQ(
      ParseObject(staff->Get("/api/v1/clients/CL-MOMBASA/associations").body).at("items").as_array().size(),
      1U);
}

TEST_F(AllocationTest, DismissingAFlagAssociatesTheClientWithTheClickAsEvidence) {
  const std::string flag = FlaggedSignup("jane@kilifi-dental.example");
  const std::string client_id = last_client;
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto dismissed = staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/dismiss",
                               R"({"reason":"the agent's office wifi is shared with the clinic"})");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  const auto body = ParseObject(dismissed.body);
  EXPECT_EQ(body.at("status"), "dismissed");
  EXPECT_EQ(body.at("reason"), "the agent's office wifi is shared with the clinic");
  // A FlagDecision is a FraudFlag too (docs/openapi.json): the same fields as the list.
  EXPECT_EQ(body.at("decision_reason"), "the agent's office wifi is shared with the clinic");
  EXPECT_EQ(body.at("association").at("agent_id"), "AG-DEMO");
  EXPECT_EQ(body.at("association").at("source"), "referral_link");
  EXPECT_EQ(body.at("association").at("referral_url"), "/r/NVS7DEMQ -> /pricing");
  EXPECT_EQ(body.at("association").at("reversible"), false);

  auto history = ParseObject(staff->Get("/api/v1/clients/" + client_id + "/associations").body);
  ASSERT_EQ(history.at("items").as_array().size(), 1U);
  EXPECT_EQ(history.at("items").at(0).at("agent_id"), "AG-DEMO");
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array().empty());
  EXPECT_EQ(Ids(staff->Get("/api/v1/fraud-flags?status=dismissed")), (std::vector<std::string>{flag}));

  // A decided flag stays decided.
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/dismiss", "").status, 409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm", R"({"reason":"r"})").status, 409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/flag_none/dismiss", "").status, 404);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/clients/" + client_id + "/associations").body)
                .at("items")
                .as_array()
                .size(),
            1U);
}

TEST_F(AllocationTest, AFlagOnTheAgentsOwnPhoneCannotBeDismissed) {
  // AG-DEMO's own phone: the engine refuses the referral by rule, so the
  // dismissal is refused and the flag stays open for confirmation.
  const std::string flag = FlaggedSignup("shell@shell.example", "+254700100200");
  const std::string client_id = last_client;
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto dismissed = staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/dismiss", "");
  EXPECT_EQ(dismissed.status, 409) << dismissed.body;
  EXPECT_EQ(Ids(staff->Get("/api/v1/fraud-flags")), (std::vector<std::string>{flag}));
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/clients/" + client_id + "/associations").body)
                  .at("items")
                  .as_array()
                  .empty());
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm", R"({"reason":"own phone"})").status,
      200);
}

TEST_F(AllocationTest, ConfirmingAFlagRecordsAViolationThatForfeitsNothing) {
  const std::string flag = FlaggedSignup("jane@kilifi-dental.example");
  const std::string client_id = last_client;
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto before = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body).at("balances");
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm", R"({})").status, 422);
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm", R"({"reason":" "})").status, 422);
  auto confirmed = staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm",
                               R"({"reason":"the agent signed its own company up"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const auto body = ParseObject(confirmed.body);
  EXPECT_EQ(body.at("status"), "confirmed");
  EXPECT_EQ(body.at("reason"), "the agent signed its own company up");
  EXPECT_EQ(body.at("decision_reason"), "the agent signed its own company up");
  EXPECT_FALSE(body.at("decided_by").is_null());

  const auto agent = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  const auto& violations = agent.at("violations").as_array();
  ASSERT_EQ(violations.size(), 1U);
  EXPECT_EQ(violations[0].at("reason"),
            json::value("self_referral (fraud flag " + flag + "): the agent signed its own company up"));
  EXPECT_EQ(violations[0].at("forfeited_total"), "0.00");
  EXPECT_EQ(agent.at("balances"), before);  // nothing forfeited
  // The client stays without an agent, offered for assignment.
  const auto unassigned = Ids(staff->Get("/api/v1/clients?unassigned=true"));
  EXPECT_NE(std::find(unassigned.begin(), unassigned.end(), client_id), unassigned.end());
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/confirm", R"({"reason":"again"})").status,
            409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/" + flag + "/dismiss", "").status, 409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/fraud-flags/flag_none/confirm", R"({"reason":"r"})").status, 404);
  EXPECT_EQ(Ids(staff->Get("/api/v1/fraud-flags?status=confirmed")), (std::vector<std::string>{flag}));
  // The queue shows the decision: who, when, why.
  const auto decided = ParseObject(staff->Get("/api/v1/fraud-flags?status=confirmed").body).at("items").at(0);
  EXPECT_EQ(decided.at("decision_reason"), "the agent signed its own company up");
  EXPECT_FALSE(decided.at("decided_by").is_null());
  EXPECT_FALSE(decided.at("decided_at").is_null());
}

TEST_F(AllocationTest, StaffReverseReversibleCommissionsOneByOneOrInBulk) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto listed = staff->Get("/api/v1/reversible-commissions?agent_id=AG-DEMO");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Ids(listed),
            (std::vector<std::string>{"INV-MSA-0901/L1/sale", "INV-SML-1/L1/sale", "INV-SML-1/L2/sale"}));
  const auto items = ParseObject(listed.body).at("items").as_array();
  EXPECT_EQ(items[0].at("left"), "1500.00");
  EXPECT_EQ(items[0].at("state"), "available");
  EXPECT_EQ(items[0].at("client_id"), "CL-MOMBASA");
  EXPECT_EQ(items[1].at("left"), "100.00");
  EXPECT_EQ(items[1].at("state"), "pending");
  EXPECT_EQ(items[2].at("left"), "200.00");
  // Every agent's: AG-LAKESIDE's client came with a referral URL, so only AG-DEMO has any.
  EXPECT_EQ(Ids(staff->Get("/api/v1/reversible-commissions")).size(), 3U);
  EXPECT_TRUE(Ids(staff->Get("/api/v1/reversible-commissions?agent_id=AG-LAKESIDE")).empty());
  EXPECT_EQ(staff->Get("/api/v1/reversible-commissions?agent_id=AG-NONE").status, 404);

  const auto balances = [&] { return ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body).at("balances"); };
  const auto before = balances();

  // One by one.
  auto one =
      staff->Json("POST", "/api/v1/reversible-commissions/reverse",
                  R"({"commission_ids":["INV-SML-1/L1/sale"],"reason":"no referral click behind the link"})");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(ParseObject(one.body).at("reversed"),
            json::parse(R"([{"commission_id":"INV-SML-1/L1/sale","amount":"100.00"}])"));
  EXPECT_EQ(ParseObject(one.body).at("reversed_total"), "100.00");
  const auto after_one = balances();
  EXPECT_EQ(Cents(after_one.at("pending")), Cents(before.at("pending")) - 10000);
  EXPECT_EQ(Cents(after_one.at("reversed")), Cents(before.at("reversed")) + 10000);
  EXPECT_EQ(after_one.at("available"), before.at("available"));
  const auto relisted = ParseObject(staff->Get("/api/v1/reversible-commissions?agent_id=AG-DEMO").body);
  EXPECT_EQ(relisted.at("items").at(1).at("state"), "reversed");
  EXPECT_EQ(relisted.at("items").at(1).at("left"), "0.00");

  // Refused, and nothing changes: reversed already, not reversible, unknown,
  // named twice, no reason, both or neither of the two ways.
  for (const char* bad : {R"({"commission_ids":["INV-SML-1/L1/sale"],"reason":"again"})",
                          R"({"commission_ids":["INV-DEMO-0801/L1/sale"],"reason":"r"})",
                          R"({"commission_ids":["NOPE"],"reason":"r"})",
                          R"({"commission_ids":["INV-SML-1/L2/sale","INV-SML-1/L2/sale"],"reason":"r"})",
                          R"({"commission_ids":["INV-SML-1/L2/sale"]})",
                          R"({"commission_ids":["INV-SML-1/L2/sale"],"reason":""})",
                          R"({"commission_ids":["INV-SML-1/L2/sale"],"agent_id":"AG-DEMO","reason":"r"})",
                          R"({"reason":"r"})"}) {
    EXPECT_EQ(staff->Json("POST", "/api/v1/reversible-commissions/reverse", bad).status, 422) << bad;
  }
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/reversible-commissions/reverse", R"({"agent_id":"AG-NONE","reason":"r"})")
          .status,
      404);
  EXPECT_EQ(balances(), after_one);

  // In bulk: the rest of the agent's, the matured one out of available.
  auto bulk = staff->Json("POST", "/api/v1/reversible-commissions/reverse",
                          R"({"agent_id":"AG-DEMO","reason":"clean-up of unreferred associations"})");
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(ParseObject(bulk.body).at("reversed"),
            json::parse(R"([{"commission_id":"INV-MSA-0901/L1/sale","amount":"1500.00"},)"
                        R"({"commission_id":"INV-SML-1/L2/sale","amount":"200.00"}])"));
  EXPECT_EQ(ParseObject(bulk.body).at("reversed_total"), "1700.00");
  const auto after_bulk = balances();
  EXPECT_EQ(Cents(after_bulk.at("available")), Cents(before.at("available")) - 150000);
  EXPECT_EQ(Cents(after_bulk.at("pending")), Cents(before.at("pending")) - 30000);
  EXPECT_EQ(Cents(after_bulk.at("reversed")), Cents(before.at("reversed")) + 180000);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/reversible-commissions/reverse", R"({"agent_id":"AG-DEMO","reason":"r"})")
          .status,
      422);
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=commissions_reversed").body);
  ASSERT_EQ(audit.at("items").as_array().size(), 2U);
  for (const auto& entry : audit.at("items").as_array()) EXPECT_EQ(entry.at("subject"), "agent:AG-DEMO");
}

}  // namespace
}  // namespace wakala::testing
