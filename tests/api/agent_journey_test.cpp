#include <fmt/format.h>

#include <chrono>
#include <random>
#include <regex>
#include <thread>

#include "api_fixture.hpp"
#include "storage/agent_store.hpp"

namespace wakala::testing {
namespace {

// One agent's way through the program, through the real server, with the
// program's time moved by a file clock and the scheduler running every second:
// apply → approve → set password → certify (upload, staff verify) → agreement
// → SIP trunk → clients → invoices → month close → quarter close promotes to
// bronze → dashboard → withdrawal preview, request, approve, pay.
//
// Hand-worked figures: three referred clients each pay 60,000.00 on
// 2027-01-10 for a new managed subscription. An affiliate earns the one-off
// 10% on a new subscription's first invoice: 3 × 6,000.00 = 18,000.00,
// available from 2027-02-24 (45 days). 2027Q1 (active Jan–Mar): sales
// 180,000.00 ≥ 3 × 50,000.00 and signups 3 ≥ 3 × 1, SIP trunk, one
// sales-certified person, agreement signed → bronze at the close on
// 1 April. Withdrawing 18,000.00: 5% withholding (resident) = 900.00, net
// 17,100.00.
class AgentJourneyTest : public ApiTest {
 protected:
  AgentJourneyTest()
      : clock_file(std::filesystem::temp_directory_path() /
                   ("wakala-journey-clock-" + std::to_string(getpid()) + "-" +
                    std::to_string(std::random_device()()))) {}

  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_ENGINE_CLOCK", "file:" + clock_file.string()},
            {"WAKALA_ENGINE_SCHEDULER_INTERVAL", "1"}};
  }

  void SetUp() override {
    SetClock("2027-01-04T09:00:00+03:00");
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::filesystem::remove(clock_file);
  }

  void SetClock(const std::string& time) const {
    const auto temporary = clock_file.string() + ".tmp";
    std::ofstream(temporary) << time << "\n";
    std::filesystem::rename(temporary, clock_file);
  }

  // Waits until the scheduler has advanced the engine to `time` or later.
  void WaitForEngineAt(HttpClient& staff, const std::string& time) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::string clock;
    while (std::chrono::steady_clock::now() < deadline) {
      auto jobs = staff.Get("/api/v1/jobs");
      ASSERT_EQ(jobs.status, 200) << jobs.body;
      const auto report = ParseObject(jobs.body);
      const auto& engine = report.at("engine");
      clock = engine.at("clock").is_string() ? std::string(engine.at("clock").as_string()) : "";
      if (!clock.empty() && clock >= time) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    FAIL() << "the scheduler did not advance the engine to " << time << " (engine at " << clock << ")";
  }

  std::filesystem::path clock_file;
};

TEST_F(AgentJourneyTest, FromApplicationToBronzeAndAPaidWithdrawal) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  WaitForEngineAt(*staff, "2027-01-04T06:00:00Z");  // the demo history caught up to the clock

  // Apply, approve, set the password.
  auto applied = Client()->Json("POST", "/api/v1/agent-applications", R"({
    "kind": "company", "name": "Coast Cloud Ltd", "contact_name": "Amina Hassan",
    "email": "amina@coastcloud.co.ke", "phone": "+254711222333", "kra_pin": "P052223334Q",
    "registration_number": "PVT-CC2027", "residency": "resident", "town": "Mombasa",
    "certifications": ["sales"], "accept_terms": true})");
  ASSERT_EQ(applied.status, 201) << applied.body;
  const std::string application(ParseObject(applied.body).at("id").as_string());
  auto approved = staff->Json("POST", "/api/v1/agent-applications/" + application + "/approve", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::string agent_id(ParseObject(approved.body).at("agent").at("id").as_string());
  const std::string referral(ParseObject(approved.body).at("agent").at("referral_id").as_string());
  auto owner = Client();
  auto accepted = owner->Json("POST", "/api/v1/invitations/accept",
                              R"({"token":")" + InvitationToken(database->url(), "amina@coastcloud.co.ke") +
                                  R"(","password":"coast-cloud-2027!"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  owner->csrf_token = std::string(ParseObject(accepted.body).at("csrf_token").as_string());
  const std::string owner_id(ParseObject(accepted.body).at("user").at("id").as_string());
  EXPECT_EQ(ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/dashboard").body).at("tier"),
            "affiliate");

  // Certify: upload the certificate, submit it, staff verify it.
  const std::string pdf = "%PDF-1.7\nCloud One sales certification: Amina Hassan\n%%EOF\n";
  auto uploaded = owner->Send("POST", "/api/v1/agents/" + agent_id + "/files", pdf,
                              {"Content-Type: application/pdf", "X-CSRF-Token: " + owner->csrf_token});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  auto certification = owner->Json(
      "POST", "/api/v1/agents/" + agent_id + "/certifications",
      R"({"person_id":")" + owner_id +
          R"(","kind":"sales","issued_on":"2026-12-01","valid_until":"2028-12-31",)" +
          R"("evidence_file_id":")" + std::string(ParseObject(uploaded.body).at("id").as_string()) + "\"}");
  ASSERT_EQ(certification.status, 201) << certification.body;
  ASSERT_EQ(staff
                ->Json("POST",
                       "/api/v1/certifications/" +
                           std::string(ParseObject(certification.body).at("id").as_string()) + "/verify",
                       "")
                .status,
            200);

  // The agreement, signed in the app; the SIP trunk, switched on by staff.
  ASSERT_EQ(owner
                ->Json("POST", "/api/v1/agents/" + agent_id + "/agreements",
                       R"({"method":"in_app","signer_name":"Amina Hassan","accept":true})")
                .status,
            201);
  ASSERT_EQ(staff->Json("PUT", "/api/v1/agents/" + agent_id + "/sip-trunk", R"({"active":true})").status,
            200);

  // Three clients come through the agent's referral link (client signup is
  // the clients issue's; here their history is imported into the running
  // server's store, which it picks up from the shared log).
  SetClock("2027-01-05T10:00:00+03:00");  // the day they sign up: nothing is dated ahead of the clock
  std::string clients;
  for (int i = 1; i <= 3; ++i) {
    clients += fmt::format(
        R"({{"type":"add_client","at":"2027-01-05T10:00:00+03:00","id":"CL-COAST-{0}"}})"
        "\n"
        R"({{"type":"associate","at":"2027-01-05T10:00:00+03:00","client":"CL-COAST-{0}","agent":"{1}",)"
        R"("source":"referral_link","referral_url":"https://cloudone.co/r/{2}"}})"
        "\n",
        i, agent_id, referral);
  }
  const auto history =
      std::filesystem::temp_directory_path() / ("wakala-journey-" + std::to_string(getpid()));
  std::ofstream(history) << clients;
  std::string output;
  ASSERT_EQ(RunWakala("import " + history.string() + " --database '" + database->url() + "'", output,
                      ServerEnvironment()),
            0)
      << output;
  std::filesystem::remove(history);

  // The billing system reports the three first invoices.
  auto key = staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})");
  ASSERT_EQ(key.status, 201) << key.body;
  const auto key_body = ParseObject(key.body);
  SetClock("2027-01-10T10:00:00+03:00");
  std::string batch = R"({"events":[)";
  for (int i = 1; i <= 3; ++i) {
    batch += fmt::format(
        R"({}{{"type":"invoice_paid","at":"2027-01-10T09:00:00+03:00","id":"INV-COAST-{}","client":"CL-COAST-{}",)"
        R"("lines":[{{"id":"L1","category":"managed_subscription","subscription":"SUB-COAST-{}","amount":"60000.00"}}]}})",
        i == 1 ? "" : ",", i, i, i);
  }
  batch += "]}";
  auto billing = Client();
  auto ingested = PostBillingEvents(*billing, std::string(key_body.at("key").as_string()),
                                    std::string(key_body.at("signing_secret").as_string()), batch, UnixNow());
  ASSERT_EQ(ingested.status, 200) << ingested.body;
  auto dashboard = ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/dashboard").body);
  EXPECT_EQ(dashboard.at("balances").at("pending"), "18000.00");
  EXPECT_EQ(dashboard.at("this_month").at("sales"), "180000.00");
  EXPECT_EQ(dashboard.at("this_month").at("signups"), 3);

  // The January close, then the quarter close on 1 April.
  SetClock("2027-02-01T00:00:05+03:00");
  WaitForEngineAt(*staff, "2027-01-31T21:00:05Z");
  SetClock("2027-04-01T00:00:05+03:00");
  WaitForEngineAt(*staff, "2027-03-31T21:00:05Z");

  dashboard = ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/dashboard").body);
  EXPECT_EQ(dashboard.at("tier"), "bronze");
  EXPECT_EQ(dashboard.at("balances").at("available"), "18000.00");
  EXPECT_EQ(dashboard.at("balances").at("pending"), "0.00");
  auto evaluations = ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/evaluations").body);
  ASSERT_EQ(evaluations.at("items").as_array().size(), 1U);
  EXPECT_EQ(evaluations.at("items").at(0).at("quarter"), "2027Q1");
  EXPECT_EQ(evaluations.at("items").at(0).at("from"), "affiliate");
  EXPECT_EQ(evaluations.at("items").at(0).at("to"), "bronze");
  auto benefits = ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/benefits").body);
  EXPECT_EQ(benefits.at("free_talk_time"), "1000.00");

  // Withdraw it all: preview, request (password again), approve, pay.
  auto preview = ParseObject(
      owner->Json("POST", "/api/v1/agents/" + agent_id + "/withdrawals/preview", R"({"amount":"18000.00"})")
          .body);
  EXPECT_EQ(preview.at("tax_withheld"), "900.00");
  EXPECT_EQ(preview.at("net"), "17100.00");
  EXPECT_EQ(preview.at("allowed"), true);
  auto requested = owner->Send("POST", "/api/v1/agents/" + agent_id + "/withdrawals",
                               R"({"amount":"18000.00","password":"coast-cloud-2027!"})",
                               {"Content-Type: application/json", "X-CSRF-Token: " + owner->csrf_token,
                                "Idempotency-Key: journey-withdrawal-1"});
  ASSERT_EQ(requested.status, 201) << requested.body;
  const std::string withdrawal(ParseObject(requested.body).at("id").as_string());
  ASSERT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + withdrawal + "/approve", "").status, 200);
  auto paid =
      staff->Json("POST", "/api/v1/withdrawals/" + withdrawal + "/pay", R"({"reference":"MPESA-JOURNEY"})");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(ParseObject(paid.body).at("net"), "17100.00");
  const auto balances =
      ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/dashboard").body).at("balances");
  EXPECT_EQ(balances.at("available"), "0.00");
  EXPECT_EQ(balances.at("paid_out"), "18000.00");
  EXPECT_EQ(balances.at("tax_withheld"), "900.00");
  EXPECT_EQ(ParseObject(owner->Get("/api/v1/withdrawals/" + withdrawal).body).at("state"), "paid");

  // The provisioning system sees the new entitlements; the directory lists it.
  bool promoted = false;
  const auto feed = ParseObject(staff->Get("/api/v1/entitlement-changes").body);
  for (const auto& change : feed.at("items").as_array()) {
    promoted |= change.at("agent_id") == boost::json::value(agent_id) && change.at("to_tier") == "bronze";
  }
  EXPECT_TRUE(promoted);
  EXPECT_NE(Client()->Get("/api/v1/directory/agents").body.find("Coast Cloud Ltd"), std::string::npos);
}

}  // namespace
}  // namespace wakala::testing
