#include <chrono>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// How clients come to an agent, end to end through the real server:
// click → cookie → signup → association → invoice paid → commission to that
// agent; a self-referral attempt → refused and flagged; a service-manager link
// confirmed → sign in as client → an allowed action succeeds, a forbidden one
// is refused and audited → the client revokes → the open session is dead.
//
// Hand-worked: AG-DEMO is bronze; a setup fee of 50,000.00 paid by its
// referred client earns 10% = 5,000.00, pending until 45 days later.
class ClientJourneyTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }

  std::string SignUp(const std::string& cookie, const std::string& email, const std::string& phone) {
    auto visitor = Client();
    if (!cookie.empty()) visitor->SetCookie("wakala_ref", cookie);
    auto signed_up =
        visitor->Json("POST", "/api/v1/client-signups",
                      R"({"company":"Company of )" + email + R"(","contact_name":"Owner","email":")" + email +
                          R"(","phone":")" + phone + R"(","password":"client-password-1"})");
    EXPECT_EQ(signed_up.status, 201) << signed_up.body;
    return std::string(ParseObject(signed_up.body).at("client_id").as_string());
  }
};

TEST_F(ClientJourneyTest, FromAClickToARevokedServiceManager) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);

  // 1. A visitor clicks AG-DEMO's link, signs up, and is its client.
  const std::string cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ?to=/pricing"));
  ASSERT_FALSE(cookie.empty());
  const std::string referred = SignUp(cookie, "ops@naivasha-flowers.example", "+254733444555");
  bool associated = false;
  const auto detail = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  for (const auto& association : detail.at("associations").as_array()) {
    associated |= association.at("client") == boost::json::value(referred) &&
                  association.at("source") == "referral_link" && association.at("ended_at").is_null();
  }
  EXPECT_TRUE(associated);

  // 2. Its first invoice earns AG-DEMO its commission.
  auto key = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})").body);
  const std::string invoice =
      R"({"type":"invoice_paid","at":"2026-12-05T09:30:00+03:00","id":"INV-NF-1","client":")" + referred +
      R"(","lines":[{"id":"L1","category":"setup_fee","amount":"50000.00"}]})";
  auto billing = Client();
  const auto now = UnixNow();
  ASSERT_EQ(PostBillingEvents(*billing, std::string(key.at("key").as_string()),
                              std::string(key.at("signing_secret").as_string()), invoice, now)
                .status,
            200);
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto earned = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/commissions?client=" + referred).body);
  ASSERT_EQ(earned.at("total_count"), 1);
  EXPECT_EQ(earned.at("items").at(0).at("amount"), "5000.00");
  EXPECT_EQ(earned.at("items").at(0).at("state"), "pending");

  // 3. The agent (signed in from this address) "refers" itself: refused, flagged.
  const std::string self_cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ"));
  const std::string self = SignUp(self_cookie, "second-line@nairobivoice.example", "+254733999888");
  auto flags = ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array();
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].at("client_id"), boost::json::value(self));
  EXPECT_EQ(flags[0].at("evidence").at("matched"), boost::json::array({"ip"}));
  EXPECT_EQ(
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/commissions?client=" + self).body).at("total_count"), 0);

  // 4. A client with no agent confirms AG-DEMO's service-manager link.
  const std::string managed = SignUp("", "it@eldoret-clinic.example", "+254744555666");
  auto client = SignedIn("it@eldoret-clinic.example", "client-password-1");
  auto link = client->Get("/api/v1/service-manager?agent=NVS7DEMQ");
  ASSERT_EQ(link.status, 200) << link.body;
  auto confirmed = client->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"NVS7DEMQ"})");
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_EQ(client->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"NVS7DEMQ"})").status,
            409);

  // 5. The agent signs in as that client: viewing is allowed, changing the
  //    client's password is not — and the refusal is audited with both identities.
  auto acting = agent->Json("POST", "/api/v1/clients/" + managed + "/impersonations", "{}");
  ASSERT_EQ(acting.status, 201) << acting.body;
  agent->csrf_token = std::string(ParseObject(acting.body).at("csrf_token").as_string());
  EXPECT_EQ(agent->Get("/api/v1/clients/" + managed + "/service-manager").status, 200);
  EXPECT_EQ(agent->Get("/api/v1/clients/" + managed + "/users").status, 403);
  const std::string client_user(
      ParseObject(client->Get("/api/v1/auth/session").body).at("user").at("id").as_string());
  EXPECT_EQ(agent->Json("PATCH", "/api/v1/users/" + client_user, R"({"password":"taken-over-2026"})").status,
            403);
  const auto refusals =
      ParseObject(staff->Get("/api/v1/audit-log?action=impersonation_refused&limit=10").body)
          .at("items")
          .as_array();
  ASSERT_FALSE(refusals.empty());
  EXPECT_EQ(refusals[0].at("on_behalf_of"), boost::json::value("client:" + managed));
  EXPECT_EQ(Client()->Login("it@eldoret-clinic.example", "client-password-1").status,
            200);  // password unchanged

  // 6. The client revokes: the agent's open session in its panel is dead at once.
  ASSERT_EQ(client->Json("POST", "/api/v1/clients/" + managed + "/service-manager/revoke", "{}").status, 204);
  EXPECT_EQ(agent->Get("/api/v1/clients/" + managed + "/users").status, 401);
}

}  // namespace
}  // namespace wakala::testing
