#include "api_fixture.hpp"
#include "storage/agent_store.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

// On top of the demo history (see agent_money_test.cpp for AG-DEMO's figures):
//   AG-NEWBIE, an affiliate activated 2026-12-01 09:00 EAT: its 90-day window
//     ends 2027-03-01 09:00 EAT, 81 days after the clock of 2026-12-10 09:00;
//   AG-SILVER-A and AG-SILVER-B (silver, the highest tier with agents), A
//     with one client (CL-EXTRA), B with none;
//   W-S-1: AG-DEMO asks for 10,000.00 (requested, not paid).
// At 2026-12-10 09:00 EAT AG-DEMO has available 26,020 − 10,000 = 16,020.00,
// withdrawing 10,000.00 and pending 8,650.00 (INV-DEMO-1101: L1 2,250.00 and
// L2 6,400.00, maturing 2026-12-20); AG-LAKESIDE has available 3,000.00 (its
// one-off on INV-KAREN-0901) and its window closed on 2026-11-30 with a sale.
class StaffAgentsTest : public ApiTest {
 protected:
  // Program time: the last event of the history below, whatever day the test runs.
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-10T09:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T09:00:00+03:00","id":"AG-NEWBIE","tier":"affiliate","activated_at":"2026-12-01T09:00:00+03:00","email":"hello@newbie.example"}
{"type":"add_agent","at":"2026-12-01T09:00:00+03:00","id":"AG-SILVER-A","tier":"silver","activated_at":"2026-12-01T09:00:00+03:00","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_agent","at":"2026-12-01T09:00:00+03:00","id":"AG-SILVER-B","tier":"silver","activated_at":"2026-12-01T09:00:00+03:00","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T09:00:00+03:00","id":"CL-EXTRA"}
{"type":"associate","at":"2026-12-01T10:00:00+03:00","client":"CL-EXTRA","agent":"AG-SILVER-A","source":"staff_assignment"}
{"type":"withdraw","at":"2026-12-02T10:00:00+03:00","id":"W-S-1","agent":"AG-DEMO","amount":"10000.00"}
{"type":"advance","at":"2026-12-10T09:00:00+03:00"}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    // A referral id to search by (the demo agents predate referral ids).
    auto db = storage::Database::Open(database->url(), 1);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Write([](soci::session& session) -> Result<void> {
      storage::SqlAgentStore(session).SetReferralId("AG-LAKESIDE", "CO-LAKE42");
      return {};
    }));
  }

  static std::vector<std::string> Ids(const HttpResponse& response) {
    std::vector<std::string> ids;
    const auto page = ParseObject(response.body);
    for (const auto& item : page.at("items").as_array()) {
      ids.emplace_back(item.at("id").as_string());
    }
    return ids;
  }

  static json::object Balances(HttpClient& staff, const std::string& agent_id) {
    auto detail = staff.Get("/api/v1/agents/" + agent_id);
    EXPECT_EQ(detail.status, 200) << detail.body;
    return ParseObject(detail.body).at("balances").as_object();
  }

  static HttpResponse PostManual(HttpClient& staff, const std::string& agent_id, const std::string& key,
                                 const std::string& body) {
    std::vector<std::string> headers{"Content-Type: application/json", "X-CSRF-Token: " + staff.csrf_token};
    if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
    return staff.Send("POST", "/api/v1/agents/" + agent_id + "/manual-commissions", body, headers);
  }

  static json::array Audit(HttpClient& staff, const std::string& action) {
    auto audit = staff.Get("/api/v1/audit-log?action=" + action);
    EXPECT_EQ(audit.status, 200) << audit.body;
    return ParseObject(audit.body).at("items").as_array();
  }
};

TEST_F(StaffAgentsTest, ListSearchesFiltersAndPages) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto all = staff->Get("/api/v1/agents");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto page = ParseObject(all.body);
  EXPECT_EQ(page.at("total"), 5);
  EXPECT_EQ(page.at("as_of"), "2026-12-10T06:00:00Z");
  EXPECT_EQ(Ids(all),
            (std::vector<std::string>{"AG-DEMO", "AG-LAKESIDE", "AG-NEWBIE", "AG-SILVER-A", "AG-SILVER-B"}));
  const auto& rows = page.at("items").as_array();
  const auto& demo = rows[0];
  EXPECT_EQ(demo.at("name"), "Nairobi Voice Solutions");
  EXPECT_EQ(demo.at("email"), "sales@nairobivoice.example");  // the seeded public contact
  EXPECT_EQ(demo.at("referral_id"), "NVS7DEMQ");
  EXPECT_EQ(demo.at("tier"), "bronze");
  EXPECT_EQ(demo.at("status"), "active");
  EXPECT_EQ(demo.at("activated_at"), "2026-07-31T21:00:00Z");
  EXPECT_TRUE(demo.at("affiliate_clock").is_null());
  EXPECT_EQ(demo.at("balances").at("available"), "16020.00");
  EXPECT_EQ(demo.at("balances").at("pending"), "8650.00");
  const auto& lakeside = rows[1];
  EXPECT_EQ(lakeside.at("referral_id"), "CO-LAKE42");
  EXPECT_EQ(lakeside.at("tier"), "affiliate");
  EXPECT_TRUE(lakeside.at("affiliate_clock").is_null()) << "its window closed with a sale on 2026-11-30";
  EXPECT_EQ(lakeside.at("balances").at("available"), "3000.00");
  const auto& newbie = rows[2];
  EXPECT_TRUE(newbie.at("name").is_null()) << "known to the engine only";
  EXPECT_EQ(newbie.at("email"), "hello@newbie.example");
  const auto& clock = newbie.at("affiliate_clock");
  EXPECT_EQ(clock.at("window_started_at"), "2026-12-01T06:00:00Z");
  EXPECT_EQ(clock.at("window_ends_at"), "2027-03-01T06:00:00Z");
  EXPECT_EQ(clock.at("days_left"), 81);
  EXPECT_EQ(clock.at("sale_made"), false);

  const auto ids = [&](const std::string& query) {
    auto response = staff->Get("/api/v1/agents?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    return Ids(response);
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(ids("q=kisumu"), Names{"AG-LAKESIDE"});                    // name, any case
  EXPECT_EQ(ids("q=VOICE"), Names{"AG-DEMO"});                         // name
  EXPECT_EQ(ids("q=newbie.EXAMPLE"), Names{"AG-NEWBIE"});              // email
  EXPECT_EQ(ids("q=lake42"), Names{"AG-LAKESIDE"});                    // referral id
  EXPECT_EQ(ids("q=silver-"), (Names{"AG-SILVER-A", "AG-SILVER-B"}));  // id
  EXPECT_EQ(ids("q=nobody"), Names{});
  EXPECT_EQ(ids("tier=affiliate"), (Names{"AG-LAKESIDE", "AG-NEWBIE"}));
  EXPECT_EQ(ids("tier=silver&q=b"), Names{"AG-SILVER-B"});
  EXPECT_EQ(ids("tier=gold"), Names{});
  EXPECT_EQ(ids("status=terminated"), Names{});
  EXPECT_EQ(ids("status=active").size(), 5U);
  EXPECT_EQ(ids("due_within_days=81"), Names{"AG-NEWBIE"});
  EXPECT_EQ(ids("due_within_days=80"), Names{});
  auto paged = staff->Get("/api/v1/agents?limit=2&offset=2");
  EXPECT_EQ(Ids(paged), (Names{"AG-NEWBIE", "AG-SILVER-A"}));
  EXPECT_EQ(ParseObject(paged.body).at("total"), 5);

  auto bad = staff->Get("/api/v1/agents?tier=diamond&status=gone");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ProblemFields(bad), (Names{"tier", "status"}));
  auto bad_numbers = staff->Get("/api/v1/agents?limit=0&offset=-1&due_within_days=soon");
  EXPECT_EQ(bad_numbers.status, 422);
  EXPECT_EQ(ProblemFields(bad_numbers), (Names{"due_within_days", "limit", "offset"}));
}

TEST_F(StaffAgentsTest, DetailShowsProfileBalancesAndHistory) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto response = staff->Get("/api/v1/agents/AG-DEMO");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto detail = ParseObject(response.body);
  EXPECT_EQ(detail.at("name"), "Nairobi Voice Solutions");
  EXPECT_EQ(detail.at("phone"), "+254700100200");
  EXPECT_EQ(detail.at("tier"), "bronze");
  EXPECT_EQ(detail.at("status"), "active");
  EXPECT_EQ(detail.at("sip_trunk_active"), true);  // as the demo history set it
  EXPECT_EQ(detail.at("agreement_signed"), true);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/agents/AG-LAKESIDE").body).at("agreement_signed"), false);
  const auto& balances = detail.at("balances");
  EXPECT_EQ(balances.at("available"), "16020.00");
  EXPECT_EQ(balances.at("withdrawing"), "10000.00");
  EXPECT_EQ(balances.at("pending"), "8650.00");
  EXPECT_EQ(balances.at("forfeited"), "0.00");
  // Q3 2026: August and September active, 142,000.00 of sales and 2 signups
  // hold bronze (silver needs 250,000.00 a month).
  const auto& tiers = detail.at("tier_history").as_array();
  ASSERT_EQ(tiers.size(), 1U);
  EXPECT_EQ(tiers[0].at("quarter"), "2026Q3");
  EXPECT_EQ(tiers[0].at("at"), "2026-09-30T21:00:00Z");
  EXPECT_EQ(tiers[0].at("from"), "bronze");
  EXPECT_EQ(tiers[0].at("to"), "bronze");
  EXPECT_TRUE(tiers[0].at("reason").is_null());
  const auto& associations = detail.at("associations").as_array();
  ASSERT_EQ(associations.size(), 2U);
  EXPECT_EQ(associations[0].at("client"), "CL-DEMO");
  EXPECT_EQ(associations[0].at("source"), "referral_link");
  EXPECT_EQ(associations[0].at("created_at"), "2026-08-03T07:00:00Z");
  EXPECT_TRUE(associations[0].at("ended_at").is_null());
  EXPECT_EQ(associations[0].at("rate_card"), "2025-01");
  EXPECT_EQ(associations[1].at("client"), "CL-MOMBASA");
  EXPECT_EQ(associations[1].at("source"), "service_manager_link");
  EXPECT_TRUE(detail.at("violations").as_array().empty());
  EXPECT_TRUE(detail.at("termination").is_null());

  // The agent's own users read the same record; another agent's is not found.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO").body, response.body);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE").status, 404);
  EXPECT_EQ(staff->Get("/api/v1/agents/AG-NONE").status, 404);
}

TEST_F(StaffAgentsTest, ViolationForfeitsTheNamedCommissionsOnly) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  // A pending commission loses all of it; a matured one is taken back from available.
  auto recorded = staff->Json("POST", "/api/v1/agents/AG-DEMO/violations",
                              R"({"reason":"Misquoted prices to a client",)"
                              R"("commission_ids":["INV-DEMO-1101/L2/sale","INV-DEMO-0801/L1/sale"]})");
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const auto violation = ParseObject(recorded.body);
  EXPECT_EQ(violation.at("at"), "2026-12-10T06:00:00Z");
  const auto& forfeited = violation.at("forfeited").as_array();
  ASSERT_EQ(forfeited.size(), 2U);
  EXPECT_EQ(forfeited[0].at("commission_id"), "INV-DEMO-1101/L2/sale");
  EXPECT_EQ(forfeited[0].at("amount"), "6400.00");
  EXPECT_EQ(forfeited[1].at("commission_id"), "INV-DEMO-0801/L1/sale");
  EXPECT_EQ(forfeited[1].at("amount"), "2250.00");
  EXPECT_EQ(violation.at("forfeited_total"), "8650.00");
  EXPECT_EQ(violation.at("balances").at("available"), "13770.00");  // 16,020 − 2,250
  EXPECT_EQ(violation.at("balances").at("pending"), "2250.00");     // 8,650 − 6,400
  EXPECT_EQ(violation.at("balances").at("forfeited"), "8650.00");

  // Wrong input is 422 naming the field, and changes nothing.
  const auto refused = [&](const std::string& body, const std::string& field) {
    auto response = staff->Json("POST", "/api/v1/agents/AG-DEMO/violations", body);
    EXPECT_EQ(response.status, 422) << body << " -> " << response.body;
    if (response.status == 422) {
      const auto fields = ProblemFields(response);
      EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
          << body << " -> " << response.body;
    }
  };
  refused(R"({"reason":"again","commission_ids":["INV-DEMO-1101/L2/sale"]})", "commission_ids");  // forfeited
  refused(R"({"reason":"not ours","commission_ids":["INV-KAREN-0901/L1/sale"]})", "commission_ids");
  refused(R"({"reason":"both","commission_ids":["INV-DEMO-1101/L1/sale"],"all_unpaid":true})",
          "commission_ids");
  refused(R"({"reason":"neither"})", "commission_ids");
  refused(R"({"reason":"twice","commission_ids":["INV-DEMO-1101/L1/sale","INV-DEMO-1101/L1/sale"]})",
          "commission_ids");
  refused(R"({"reason":"   ","all_unpaid":true})", "reason");
  refused(R"({"reason":"scenario field","commissions":"all_unpaid"})", "commissions");
  refused(R"({"reason":"amount","commission_ids":"INV-DEMO-1101/L1/sale"})", "commission_ids");
  const auto after = Balances(*staff, "AG-DEMO");
  EXPECT_EQ(after.at("available"), "13770.00");
  EXPECT_EQ(after.at("pending"), "2250.00");
  EXPECT_EQ(after.at("forfeited"), "8650.00");
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/agents/AG-NONE/violations", R"({"reason":"r","all_unpaid":true})").status,
      404);

  // all_unpaid: AG-LAKESIDE's one matured commission (3,000.00).
  auto everything = staff->Json("POST", "/api/v1/agents/AG-LAKESIDE/violations",
                                R"({"reason":"Self-dealing","all_unpaid":true})");
  ASSERT_EQ(everything.status, 201) << everything.body;
  const auto lakeside = ParseObject(everything.body);
  ASSERT_EQ(lakeside.at("forfeited").as_array().size(), 1U);
  EXPECT_EQ(lakeside.at("forfeited").at(0).at("commission_id"), "INV-KAREN-0901/L1/sale");
  EXPECT_EQ(lakeside.at("forfeited_total"), "3000.00");
  EXPECT_EQ(lakeside.at("balances").at("available"), "0.00");

  // The record keeps the violation; the audit log has who did it.
  const auto detail = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  const auto& violations = detail.at("violations").as_array();
  ASSERT_EQ(violations.size(), 1U);
  EXPECT_EQ(violations[0].at("reason"), "Misquoted prices to a client");
  EXPECT_EQ(violations[0].at("commission_ids").as_array().size(), 2U);
  EXPECT_EQ(violations[0].at("forfeited_total"), "8650.00");
  const auto audit = Audit(*staff, "agent_violation_recorded");
  ASSERT_EQ(audit.size(), 2U);
  EXPECT_EQ(audit[0].at("subject"), "agent:AG-LAKESIDE");
  EXPECT_EQ(audit[1].at("subject"), "agent:AG-DEMO");
  EXPECT_EQ(audit[1].at("detail").at("forfeited_total"), "8650.00");
  EXPECT_TRUE(audit[1].at("actor").as_string().starts_with("user:"));
}

TEST_F(StaffAgentsTest, TerminationForfeitsUnpaidMoneyAndReassignsClients) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto terminated =
      staff->Json("POST", "/api/v1/agents/AG-DEMO/terminate", R"({"reason":"Repeated misrepresentation"})");
  ASSERT_EQ(terminated.status, 200) << terminated.body;
  const auto result = ParseObject(terminated.body);
  EXPECT_EQ(result.at("status"), "terminated");
  // Every pending amount, then the positive available balance (16,020.00)
  // from the newest matured commissions back; the 10,000.00 asked for in
  // W-S-1 goes on through its withdrawal.
  const std::vector<std::pair<std::string, std::string>> expected{
      {"INV-DEMO-1101/L1/sale", "2250.00"},      {"INV-DEMO-1101/L2/sale", "6400.00"},
      {"INV-DEMO-1001/L2/technical", "6000.00"}, {"INV-DEMO-1001/L2/sale", "4000.00"},
      {"INV-DEMO-1001/L1/sale", "2250.00"},      {"bonus/AG-DEMO/2026-09", "820.00"},
      {"INV-MSA-0901/L1/sale", "1500.00"},       {"INV-DEMO-0901/L2/sale", "350.00"},
      {"INV-DEMO-0901/L1/sale", "1100.00"}};  // 1,100 of 2,250: what was left of 16,020
  const auto& forfeited = result.at("forfeited").as_array();
  ASSERT_EQ(forfeited.size(), expected.size()) << terminated.body;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(forfeited[i].at("commission_id").as_string(), expected[i].first) << i;
    EXPECT_EQ(forfeited[i].at("amount").as_string(), expected[i].second) << i;
  }
  EXPECT_EQ(result.at("forfeited_total"), "24670.00");  // 8,650 + 16,020
  EXPECT_EQ(result.at("balances").at("available"), "0.00");
  EXPECT_EQ(result.at("balances").at("pending"), "0.00");
  EXPECT_EQ(result.at("balances").at("withdrawing"), "10000.00");
  // Clients in id order to the silver agent with the fewest clients, ties to
  // the lower id: CL-DEMO to B (0 against A's 1), then CL-MOMBASA to A (1 each).
  const auto& reassigned = result.at("reassigned").as_array();
  ASSERT_EQ(reassigned.size(), 2U);
  EXPECT_EQ(reassigned[0].at("client"), "CL-DEMO");
  EXPECT_EQ(reassigned[0].at("to"), "AG-SILVER-B");
  EXPECT_EQ(reassigned[1].at("client"), "CL-MOMBASA");
  EXPECT_EQ(reassigned[1].at("to"), "AG-SILVER-A");

  const auto detail = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  EXPECT_EQ(detail.at("status"), "terminated");
  EXPECT_EQ(detail.at("termination").at("reason"), "Repeated misrepresentation");
  for (const auto& association : detail.at("associations").as_array()) {
    EXPECT_EQ(association.at("ended_at"), "2026-12-10T06:00:00Z");
  }
  const auto receiver = ParseObject(staff->Get("/api/v1/agents/AG-SILVER-B").body);
  ASSERT_EQ(receiver.at("associations").as_array().size(), 1U);
  EXPECT_EQ(receiver.at("associations").at(0).at("client"), "CL-DEMO");
  EXPECT_EQ(receiver.at("associations").at(0).at("source"), "reassignment");
  EXPECT_EQ(Ids(staff->Get("/api/v1/agents?status=terminated")), std::vector<std::string>{"AG-DEMO"});

  // A terminated agent takes no further staff action; nothing changes.
  EXPECT_EQ(staff->Json("POST", "/api/v1/agents/AG-DEMO/terminate", R"({"reason":"again"})").status, 409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/agents/AG-DEMO/violations", R"({"reason":"late","all_unpaid":true})")
                .status,
            409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/agents/AG-DEMO/tier-override", R"({"tier":"silver","reason":"no"})")
                .status,
            409);
  EXPECT_EQ(PostManual(*staff, "AG-DEMO", "late-commission-1",
                       R"({"amount":"100.00","category":"addon","reason":"late"})")
                .status,
            409);
  EXPECT_EQ(Balances(*staff, "AG-DEMO").at("forfeited"), "24670.00");
  // The withdrawal asked for before the termination is still paid.
  auto paid = staff->Json("POST", "/api/v1/withdrawals/W-S-1/pay", R"({"reference":"MPESA-S1"})");
  EXPECT_EQ(paid.status, 200) << paid.body;

  const auto audit = Audit(*staff, "agent_terminated");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].at("subject"), "agent:AG-DEMO");
  EXPECT_EQ(audit[0].at("detail").at("forfeited_total"), "24670.00");
  EXPECT_EQ(audit[0].at("detail").at("reassigned").at(0).at("to"), "AG-SILVER-B");
}

TEST_F(StaffAgentsTest, ManualCommissionIsPostedOncePerIdempotencyKey) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const std::string body =
      R"({"amount":"12500.00","category":"custom_development","reason":"IVR build, Q4"})";
  auto posted = PostManual(*staff, "AG-LAKESIDE", "form-7f3a9c01", body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const auto commission = ParseObject(posted.body);
  EXPECT_EQ(commission.at("id"), "MC-AG-LAKESIDE-form-7f3a9c01");
  EXPECT_EQ(commission.at("kind"), "manual");
  EXPECT_EQ(commission.at("category"), "custom_development");
  EXPECT_EQ(commission.at("amount"), "12500.00");
  EXPECT_EQ(commission.at("state"), "pending");
  EXPECT_EQ(commission.at("created_at"), "2026-12-10T06:00:00Z");
  EXPECT_EQ(commission.at("available_at"), "2027-01-24T06:00:00Z");  // the 45-day hold

  // A double submit answers with the first commission and posts nothing more.
  auto again = PostManual(*staff, "AG-LAKESIDE", "form-7f3a9c01", body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, posted.body);
  auto other =
      PostManual(*staff, "AG-LAKESIDE", "form-7f3a9c01",
                 R"({"amount":"12000.00","category":"custom_development","reason":"IVR build, Q4"})");
  EXPECT_EQ(other.status, 409) << other.body;

  const auto refused = [&](const std::string& key, const std::string& bad_body, const std::string& field) {
    auto response = PostManual(*staff, "AG-LAKESIDE", key, bad_body);
    EXPECT_EQ(response.status, 422) << bad_body << " -> " << response.body;
    if (response.status == 422) {
      EXPECT_EQ(ProblemFields(response).at(0), field) << response.body;
    }
  };
  refused("", body, "Idempotency-Key");
  refused("short", body, "Idempotency-Key");
  refused("form-00000002", R"({"amount":12500,"category":"addon","reason":"r"})", "amount");
  refused("form-00000003", R"({"amount":"-5.00","category":"addon","reason":"r"})", "amount");
  refused("form-00000004", R"({"amount":"5.00","category":"deposit","reason":"r"})", "category");
  refused("form-00000005", R"({"amount":"5.00","category":"consulting","reason":"r"})", "category");
  refused("form-00000006", R"({"amount":"5.00","category":"addon"})", "reason");
  EXPECT_EQ(PostManual(*staff, "AG-NONE", "form-00000007", body).status, 404);

  // One commission in the books: pending 12,500.00 (and the 3,000.00 matured one-off).
  const auto balances = Balances(*staff, "AG-LAKESIDE");
  EXPECT_EQ(balances.at("pending"), "12500.00");
  EXPECT_EQ(balances.at("available"), "3000.00");
  auto manual = staff->Get("/api/v1/agents/AG-LAKESIDE/commissions?kind=manual");
  EXPECT_EQ(ParseObject(manual.body).at("total_count"), 1);
  const auto audit = Audit(*staff, "manual_commission_posted");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].at("detail").at("amount"), "12500.00");
}

TEST_F(StaffAgentsTest, TierOverrideIsRecordedWithItsReason) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto overridden =
      staff->Json("POST", "/api/v1/agents/AG-NEWBIE/tier-override",
                  R"({"tier":"bronze","reason":"Certified and signed on paper; audited by Wanjiku"})");
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  const auto change = ParseObject(overridden.body);
  EXPECT_EQ(change.at("quarter"), "override");
  EXPECT_EQ(change.at("from"), "affiliate");
  EXPECT_EQ(change.at("to"), "bronze");
  EXPECT_EQ(change.at("at"), "2026-12-10T06:00:00Z");

  const auto detail = ParseObject(staff->Get("/api/v1/agents/AG-NEWBIE").body);
  EXPECT_EQ(detail.at("tier"), "bronze");
  EXPECT_TRUE(detail.at("affiliate_clock").is_null()) << "a bronze agent has no 90-day clock";
  const auto& history = detail.at("tier_history").as_array();
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0].at("reason"), "Certified and signed on paper; audited by Wanjiku");
  auto evaluations = ParseObject(staff->Get("/api/v1/agents/AG-NEWBIE/evaluations").body);
  EXPECT_EQ(evaluations.at("items").at(0).at("quarter"), "override");
  EXPECT_TRUE(Ids(staff->Get("/api/v1/agents?due_within_days=90")).empty());

  EXPECT_EQ(staff->Json("POST", "/api/v1/agents/AG-NEWBIE/tier-override", R"({"tier":"bronze","reason":"r"})")
                .status,
            422);  // already bronze
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/agents/AG-NEWBIE/tier-override", R"({"tier":"diamond","reason":"r"})")
          .status,
      422);
  EXPECT_EQ(staff->Json("POST", "/api/v1/agents/AG-NEWBIE/tier-override", R"({"tier":"gold"})").status, 422);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/agents/AG-NONE/tier-override", R"({"tier":"gold","reason":"r"})").status,
      404);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/agents/AG-NEWBIE").body).at("tier_history").as_array().size(),
            1U);
  const auto audit = Audit(*staff, "agent_tier_overridden");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].at("detail").at("to"), "bronze");
}

}  // namespace
}  // namespace wakala::testing
