#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// The demo history leaves AG-DEMO (bronze, resident) with 26,020.00 available
// and 8,650.00 pending (two November lines maturing on 2026-12-20); see
// docs/scenarios.md for the demo agent. On top of it:
//   INV-T-1 (CL-MOMBASA, AG-DEMO's client since September):
//     setup_fee 200,000.00 × 10% (bronze) = 20,000.00
//     talk_time  10,000.00 ×  5% (bronze) =    500.00, both pending to 2027-01-15
//   W-H-1: 12,000.00 requested and paid: tax 5% = 600.00, net 11,400.00
//   → available 26,020 − 12,000 = 14,020.00; pending 8,650 + 20,500 = 29,150.00
class AgentMoneyTest : public ApiTest {
 protected:
  // Program time: the afternoon of the last event of the history below.
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-03T12:00:00+03:00");
  }

  std::string History() const override {
    return R"({"type":"invoice_paid","at":"2026-12-01T09:00:00+03:00","id":"INV-T-1","client":"CL-MOMBASA","lines":[{"id":"L1","category":"setup_fee","amount":"200000.00"},{"id":"L2","category":"talk_time","amount":"10000.00"}]}
{"type":"withdraw","at":"2026-12-02T10:00:00+03:00","id":"W-H-1","agent":"AG-DEMO","amount":"12000.00"}
{"type":"withdrawal_paid","at":"2026-12-03T10:00:00+03:00","id":"W-H-1","reference":"MPESA-H1"}
)";
  }

  static boost::json::object Balances(HttpClient& who) {
    auto dashboard = who.Get("/api/v1/agents/AG-DEMO/dashboard");
    EXPECT_EQ(dashboard.status, 200) << dashboard.body;
    return ParseObject(dashboard.body).at("balances").as_object();
  }

  static HttpResponse RequestWithdrawal(HttpClient& who, const std::string& key, const std::string& body) {
    std::vector<std::string> headers{"Content-Type: application/json", "X-CSRF-Token: " + who.csrf_token};
    if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
    return who.Send("POST", "/api/v1/agents/AG-DEMO/withdrawals", body, headers);
  }
};

TEST_F(AgentMoneyTest, DashboardShowsLedgerBalancesTargetsAndMaturations) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto response = agent->Get("/api/v1/agents/AG-DEMO/dashboard");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto dashboard = ParseObject(response.body);
  EXPECT_EQ(dashboard.at("tier"), "bronze");
  EXPECT_EQ(dashboard.at("month"), "2026-12");
  const auto& month = dashboard.at("this_month");
  EXPECT_EQ(month.at("sales"), "210000.00");  // both lines of INV-T-1
  EXPECT_EQ(month.at("signups"), 0);          // CL-MOMBASA first paid in September
  EXPECT_EQ(month.at("target_sales"), "50000.00");
  EXPECT_EQ(month.at("target_signups"), 1);
  const auto& balances = dashboard.at("balances");
  EXPECT_EQ(balances.at("available"), "14020.00");
  EXPECT_EQ(balances.at("pending"), "29150.00");
  EXPECT_EQ(balances.at("withdrawing"), "0.00");
  EXPECT_EQ(balances.at("paid_out"), "12000.00");
  EXPECT_EQ(balances.at("tax_withheld"), "600.00");
  const auto& maturations = dashboard.at("next_maturations").as_array();
  ASSERT_EQ(maturations.size(), 2U);
  EXPECT_EQ(maturations[0].at("date"), "2026-12-20");
  EXPECT_EQ(maturations[0].at("amount"), "8650.00");
  EXPECT_EQ(maturations[1].at("date"), "2027-01-15");
  EXPECT_EQ(maturations[1].at("amount"), "20500.00");
  const auto& recent = dashboard.at("recent_commissions").as_array();
  ASSERT_EQ(recent.size(), 10U);
  // Newest first, with its source line.
  EXPECT_EQ(recent[0].at("invoice"), "INV-T-1");
  EXPECT_EQ(recent[0].at("client"), "CL-MOMBASA");
  // The chart's twelve months, January to this December: each month's sum and
  // count are those of the commission list over the same EAT dates.
  const auto& months = dashboard.at("last_twelve_months").as_array();
  ASSERT_EQ(months.size(), 12U);
  EXPECT_EQ(months.front().at("month"), "2026-01");
  EXPECT_EQ(months.back().at("month"), "2026-12");
  int counted = 0;
  for (const auto& entry : months) {
    const std::string name(entry.at("month").as_string());
    const std::string last_day =
        name.ends_with("-02") ? "28"
        : (name.ends_with("-04") || name.ends_with("-06") || name.ends_with("-09") || name.ends_with("-11"))
            ? "30"
            : "31";
    const auto listed = ParseObject(agent
                                        ->Get("/api/v1/agents/AG-DEMO/commissions?limit=1000&from=" + name +
                                              "-01&to=" + name + "-" + last_day)
                                        .body);
    EXPECT_EQ(entry.at("count").as_int64(), listed.at("total_count").as_int64()) << name;
    EXPECT_EQ(entry.at("amount"), listed.at("total_amount")) << name;
    counted += static_cast<int>(entry.at("count").as_int64());
  }
  EXPECT_GT(counted, 10);  // the demo history's commissions and this month's
  // Staff read the same figures.
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(staff->Get("/api/v1/agents/AG-DEMO/dashboard").body, response.body);
}

TEST_F(AgentMoneyTest, CommissionListFiltersPagesAndExportsCsv) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto all = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/commissions").body);
  EXPECT_EQ(all.at("total_count"), 15);  // 13 from the demo history + 2 of INV-T-1
  const auto count = [&](const std::string& query) {
    auto response = agent->Get("/api/v1/agents/AG-DEMO/commissions?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    return ParseObject(response.body).at("total_count").as_int64();
  };
  EXPECT_EQ(count("state=pending"), 4);
  EXPECT_EQ(count("kind=technical"), 2);
  EXPECT_EQ(count("kind=bonus"), 2);
  EXPECT_EQ(count("client=CL-MOMBASA"), 3);
  EXPECT_EQ(count("from=2026-12-01"), 2);
  EXPECT_EQ(count("from=2026-09-01&to=2026-09-30"), 4);  // 3 September lines + the August bonus (Sep 1)
  EXPECT_EQ(count("client=CL-MOMBASA&state=available"), 1);

  auto page = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/commissions?limit=2&offset=1").body);
  ASSERT_EQ(page.at("items").as_array().size(), 2U);
  EXPECT_EQ(page.at("items").at(0), all.at("items").at(1));

  auto pending = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/commissions?from=2026-12-01").body);
  EXPECT_EQ(pending.at("total_amount"), "20500.00");
  const auto& setup = pending.at("items").as_array();
  const auto it =
      std::find_if(setup.begin(), setup.end(), [](const auto& c) { return c.at("line") == "L1"; });
  ASSERT_NE(it, setup.end());
  EXPECT_EQ(it->at("amount"), "20000.00");
  EXPECT_EQ(it->at("rate_bp"), 1000);
  EXPECT_EQ(it->at("state"), "pending");
  EXPECT_EQ(it->at("available_at"), "2027-01-15T06:00:00Z");

  auto csv = agent->Get("/api/v1/agents/AG-DEMO/commissions?from=2026-12-01&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.Header("content-disposition").find("commissions-AG-DEMO.csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind(
                "id,created_at,available_at,kind,category,client,invoice,line,base,rate_bp,amount,state", 0),
            0U);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 3);  // header + 2 rows
  EXPECT_NE(
      csv.body.find("INV-T-1/L1/sale,2026-12-01T06:00:00Z,2027-01-15T06:00:00Z,sale,setup_fee,CL-MOMBASA,"
                    "INV-T-1,L1,200000.00,1000,20000.00,pending,0.00,0.00\r\n"),
      std::string::npos)
      << csv.body;

  // Bad filters: one 422 naming every bad parameter.
  auto bad = agent->Get("/api/v1/agents/AG-DEMO/commissions?state=lost&kind=tip&from=yesterday&limit=5000");
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"\"state\"", "\"kind\"", "\"from\""}) {
    EXPECT_NE(bad.body.find(field), std::string::npos) << field << " in " << bad.body;
  }
}

TEST_F(AgentMoneyTest, StatementOfTheMonthFromTheLedger) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto response = agent->Get("/api/v1/agents/AG-DEMO/statements/2026-12");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto statement = ParseObject(response.body);
  EXPECT_EQ(statement.at("opening").at("available"), "26020.00");
  EXPECT_EQ(statement.at("closing").at("available"), "14020.00");
  const auto& totals = statement.at("totals");
  EXPECT_EQ(totals.at("accrued"), "20500.00");
  EXPECT_EQ(totals.at("paid_out_gross"), "12000.00");
  EXPECT_EQ(totals.at("tax_withheld"), "600.00");
  EXPECT_EQ(totals.at("paid_out_net"), "11400.00");
  EXPECT_EQ(totals.at("reversed"), "0.00");
  const auto& lines = statement.at("lines").as_array();
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[2].at("kind"), "withdrawal_request");
  EXPECT_EQ(lines[2].at("reference"), "W-H-1");
  EXPECT_EQ(lines[3].at("kind"), "withdrawal_paid");
  EXPECT_EQ(lines[3].at("amount"), "12000.00");

  auto csv = agent->Get("/api/v1/agents/AG-DEMO/statements/2026-12?format=csv");
  EXPECT_EQ(csv.body,
            "at,kind,reference,amount\r\n"
            "2026-12-01T06:00:00Z,accrual,INV-T-1/L1/sale,20000.00\r\n"
            "2026-12-01T06:00:00Z,accrual,INV-T-1/L2/sale,500.00\r\n"
            "2026-12-02T07:00:00Z,withdrawal_request,W-H-1,12000.00\r\n"
            "2026-12-03T07:00:00Z,withdrawal_paid,W-H-1,12000.00\r\n");
  // The demo's November: one accrual pair, no money out.
  auto november = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/statements/2026-11").body);
  EXPECT_EQ(november.at("totals").at("accrued"), "8650.00");
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/statements/2026-13").status, 422);
}

TEST_F(AgentMoneyTest, ProgressEvaluationsAndBenefits) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto progress = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/progress").body);
  EXPECT_EQ(progress.at("tier"), "bronze");
  EXPECT_EQ(progress.at("next_tier"), "silver");
  EXPECT_EQ(progress.at("quarter"), "2026Q4");
  EXPECT_EQ(progress.at("days_left_in_quarter"), 29);  // 3 to 31 December
  bool saw_sales = false;
  for (const auto& requirement : progress.at("requirements").as_array()) {
    if (requirement.at("requirement") == "monthly_sales_avg") {
      saw_sales = true;
      // (65,000 Oct + 109,000 Nov + 210,000 Dec) / 3 = 128,000 against 250,000.
      EXPECT_EQ(requirement.at("measured"), "128000.00");
      EXPECT_EQ(requirement.at("threshold"), "250000.00");
      EXPECT_EQ(requirement.at("met"), false);
      EXPECT_EQ(requirement.at("gap"), "122000.00");
    }
    if (requirement.at("requirement") == "monthly_signups_avg") {
      EXPECT_EQ(requirement.at("gap"), "2.00");
    }
  }
  EXPECT_TRUE(saw_sales);

  auto evaluations = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/evaluations").body);
  ASSERT_EQ(evaluations.at("items").as_array().size(), 1U);
  EXPECT_EQ(evaluations.at("items").at(0).at("quarter"), "2026Q3");
  EXPECT_EQ(evaluations.at("items").at(0).at("to"), "bronze");
  EXPECT_FALSE(evaluations.at("items").at(0).at("checks").as_array().empty());

  auto benefits = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/benefits").body);
  EXPECT_EQ(benefits.at("tier"), "bronze");
  EXPECT_EQ(benefits.at("free_talk_time"), "1000.00");
  EXPECT_EQ(benefits.at("free_talk_time_period"), "monthly");
}

TEST_F(AgentMoneyTest, WithdrawalPreviewThenRequestApprovePayAndReject) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);

  auto preview =
      agent->Json("POST", "/api/v1/agents/AG-DEMO/withdrawals/preview", R"({"amount":"10000.00"})");
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto figures = ParseObject(preview.body);
  EXPECT_EQ(figures.at("gross"), "10000.00");
  EXPECT_EQ(figures.at("tax_withheld"), "500.00");
  EXPECT_EQ(figures.at("net"), "9500.00");
  EXPECT_EQ(figures.at("available"), "14020.00");
  EXPECT_EQ(figures.at("allowed"), true);
  auto under = ParseObject(
      agent->Json("POST", "/api/v1/agents/AG-DEMO/withdrawals/preview", R"({"amount":"9999.99"})").body);
  EXPECT_EQ(under.at("allowed"), false);
  EXPECT_EQ(under.at("refusal"), "below the minimum withdrawal of 10000.00");

  // The first request is rejected by staff: the amount returns to available.
  auto first =
      RequestWithdrawal(*agent, "first-request-0001",
                        R"({"amount":"10000.00","password":")" + std::string(kAgentPassword) + R"("})");
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string first_id(ParseObject(first.body).at("id").as_string());
  EXPECT_EQ(ParseObject(first.body).at("state"), "requested");
  EXPECT_EQ(Balances(*agent).at("available"), "4020.00");
  EXPECT_EQ(Balances(*agent).at("withdrawing"), "10000.00");
  auto reject =
      staff->Json("POST", "/api/v1/withdrawals/" + first_id + "/reject", R"({"reason":"KRA PIN mismatch"})");
  ASSERT_EQ(reject.status, 200) << reject.body;
  EXPECT_EQ(ParseObject(reject.body).at("reason"), "KRA PIN mismatch");
  EXPECT_EQ(Balances(*agent).at("available"), "14020.00");
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + first_id + "/approve", "").status, 409);

  // The second goes through: approve, then pay with a reference.
  auto second =
      RequestWithdrawal(*agent, "second-request-0002",
                        R"({"amount":"10000.00","password":")" + std::string(kAgentPassword) + R"("})");
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string id(ParseObject(second.body).at("id").as_string());
  auto queue = ParseObject(staff->Get("/api/v1/withdrawals?state=requested").body);
  ASSERT_EQ(queue.at("items").as_array().size(), 1U);
  EXPECT_EQ(queue.at("items").at(0).at("id"), boost::json::value(id));
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/approve", "").status, 200);
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/approve", "").status, 409);
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"  "})").status, 422);
  auto paid = staff->Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"MPESA-QX7"})");
  ASSERT_EQ(paid.status, 200) << paid.body;
  const auto payout = ParseObject(paid.body);
  EXPECT_EQ(payout.at("state"), "paid");
  EXPECT_EQ(payout.at("tax_withheld"), "500.00");
  EXPECT_EQ(payout.at("net"), "9500.00");
  EXPECT_EQ(payout.at("reference"), "MPESA-QX7");
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"MPESA-QX8"})").status,
            409);
  const auto balances = Balances(*agent);
  EXPECT_EQ(balances.at("available"), "4020.00");
  EXPECT_EQ(balances.at("paid_out"), "22000.00");
  EXPECT_EQ(balances.at("tax_withheld"), "1100.00");
  // The agent sees each of its withdrawals and its state, newest first.
  auto mine = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/withdrawals").body);
  ASSERT_EQ(mine.at("items").as_array().size(), 3U);
  EXPECT_EQ(agent->Get("/api/v1/withdrawals/" + id).status, 200);
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/withdrawals/" + first_id).body).at("state"), "rejected");
  auto tax = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/tax-withheld").body);
  EXPECT_EQ(tax.at("total"), "1100.00");
  // Every money decision is in the audit log with who made it.
  for (const char* action :
       {"withdrawal_requested", "withdrawal_approve", "withdrawal_pay", "withdrawal_reject"}) {
    const auto audit = ParseObject(staff->Get(std::string("/api/v1/audit-log?action=") + action).body);
    EXPECT_FALSE(audit.at("items").as_array().empty()) << action;
  }
  const auto payout_audit = ParseObject(staff->Get("/api/v1/audit-log?action=withdrawal_pay").body);
  ASSERT_EQ(payout_audit.at("items").as_array().size(), 1U);
  EXPECT_EQ(payout_audit.at("items").at(0).at("subject"), boost::json::value("withdrawal:" + id));
  EXPECT_EQ(payout_audit.at("items").at(0).at("detail").at("reference"), "MPESA-QX7");
}

TEST_F(AgentMoneyTest, BadWithdrawalRequestsChangeNothing) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  const auto before = Balances(*agent);
  const std::string password = kAgentPassword;
  const auto body = [&](const std::string& amount, const std::string& pw) {
    return R"({"amount":")" + amount + R"(","password":")" + pw + R"("})";
  };
  auto no_key = RequestWithdrawal(*agent, "", body("10000.00", password));
  EXPECT_EQ(no_key.status, 422);
  EXPECT_NE(no_key.body.find("Idempotency-Key"), std::string::npos) << no_key.body;
  auto wrong_password = RequestWithdrawal(*agent, "attempt-0001", body("10000.00", "not-my-password"));
  EXPECT_EQ(wrong_password.status, 422);
  EXPECT_NE(wrong_password.body.find("\"password\""), std::string::npos) << wrong_password.body;
  auto under = RequestWithdrawal(*agent, "attempt-0002", body("9999.99", password));
  EXPECT_EQ(under.status, 422);
  EXPECT_NE(under.body.find("below the minimum withdrawal of 10000.00"), std::string::npos) << under.body;
  auto over = RequestWithdrawal(*agent, "attempt-0003", body("14020.01", password));
  EXPECT_EQ(over.status, 422);
  EXPECT_NE(over.body.find("more than the available balance of 14020.00"), std::string::npos) << over.body;
  auto number = RequestWithdrawal(*agent, "attempt-0004", R"({"amount":10000,"password":"x"})");
  EXPECT_EQ(number.status, 422);
  EXPECT_NE(number.body.find("not a JSON number"), std::string::npos) << number.body;
  // A stale CSRF token: refused before anything else.
  const std::string token = agent->csrf_token;
  agent->csrf_token = "0000";
  EXPECT_EQ(RequestWithdrawal(*agent, "attempt-0005", body("10000.00", password)).status, 403);
  agent->csrf_token = token;
  EXPECT_EQ(Balances(*agent), before);
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/agents/AG-DEMO/withdrawals").body).at("items").as_array().size(),
            1U);

  // Double submission: the same key twice is one withdrawal.
  auto once = RequestWithdrawal(*agent, "double-click-0001", body("10000.00", password));
  ASSERT_EQ(once.status, 201) << once.body;
  auto twice = RequestWithdrawal(*agent, "double-click-0001", body("10000.00", password));
  EXPECT_EQ(twice.status, 200);
  EXPECT_EQ(twice.Header("idempotent-replayed"), "true");
  EXPECT_EQ(ParseObject(twice.body).at("id"), ParseObject(once.body).at("id"));
  auto other_amount = RequestWithdrawal(*agent, "double-click-0001", body("11000.00", password));
  EXPECT_EQ(other_amount.status, 409);
  EXPECT_EQ(Balances(*agent).at("withdrawing"), "10000.00");
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/agents/AG-DEMO/withdrawals").body).at("items").as_array().size(),
            2U);
}

}  // namespace
}  // namespace wakala::testing
