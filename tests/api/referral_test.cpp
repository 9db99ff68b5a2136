#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

constexpr const char* kSignup = R"({"company":"Kilifi Dental","contact_name":"Jane Mwikali",)"
                                R"("email":"jane@kilifi-dental.example","phone":"+254722111222",)"
                                R"("password":"kilifi-dental-2026"})";

// AG-DEMO's referral id is NVS7DEMQ (demo data). Program time is fixed so
// that the click, the signup and the association share one day.
class ReferralTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-01T10:00:00+03:00");
  }

  // The cookie value a Set-Cookie header gives, or "".
  static std::string ReferralCookie(const HttpResponse& response) {
    for (const auto& header : response.set_cookies) {
      if (header.rfind("wakala_ref=", 0) == 0) return header.substr(11, header.find(';') - 11);
    }
    return "";
  }

  std::vector<std::string> AssociatedClients(HttpClient& staff, const std::string& agent) {
    std::vector<std::string> clients;
    const auto detail = ParseObject(staff.Get("/api/v1/agents/" + agent).body);
    for (const auto& association : detail.at("associations").as_array()) {
      if (association.at("ended_at").is_null()) clients.emplace_back(association.at("client").as_string());
    }
    return clients;
  }

  HttpResponse SignUp(const std::string& body, const std::string& cookie) {
    auto visitor = Client();
    if (!cookie.empty()) visitor->SetCookie("wakala_ref", cookie);
    return visitor->Json("POST", "/api/v1/client-signups", body);
  }
};

TEST_F(ReferralTest, ClickCookieSignupAssociatesTheClientToTheAgent) {
  auto click = Client()->Get("/r/NVS7DEMQ?to=/pricing");
  ASSERT_EQ(click.status, 302) << click.body;
  EXPECT_EQ(click.Header("location"), "/pricing");
  const std::string cookie = ReferralCookie(click);
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(click.set_cookies.front().find("HttpOnly"), std::string::npos);
  EXPECT_NE(click.set_cookies.front().find("Max-Age=7776000"), std::string::npos);  // 90 days

  auto signed_up = SignUp(kSignup, cookie);
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto associated = AssociatedClients(*staff, "AG-DEMO");
  EXPECT_NE(std::find(associated.begin(), associated.end(), client_id), associated.end());
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array().empty());
  // The new client signs in with the password it chose.
  EXPECT_EQ(Client()->Login("jane@kilifi-dental.example", "kilifi-dental-2026").status, 200);
  // Same email again: refused, nothing more made.
  EXPECT_EQ(SignUp(kSignup, cookie).status, 409);
}

TEST_F(ReferralTest, UnknownLinksForgedCookiesAndFarAwayRedirectsGetNothing) {
  auto unknown = Client()->Get("/r/NOSUCHID?to=/pricing");
  EXPECT_EQ(unknown.status, 302);
  EXPECT_EQ(unknown.Header("location"), "/pricing");
  EXPECT_TRUE(ReferralCookie(unknown).empty());
  auto away = Client()->Get("/r/NVS7DEMQ?to=//evil.example/login");
  EXPECT_EQ(away.Header("location"), "/");
  // ?affid= on any page is a click too, and lands on that page.
  auto affid = Client()->Get("/pricing?affid=NVS7DEMQ");
  EXPECT_EQ(affid.status, 302);
  EXPECT_EQ(affid.Header("location"), "/pricing");
  std::string cookie = ReferralCookie(affid);
  ASSERT_FALSE(cookie.empty());

  // A forged cookie (another click id under the old signature) attributes nothing.
  cookie.replace(0, 4, "clk_");
  cookie[5] = cookie[5] == 'a' ? 'b' : 'a';
  auto signed_up = SignUp(kSignup, cookie);
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto associated = AssociatedClients(*staff, "AG-DEMO");
  EXPECT_EQ(std::find(associated.begin(), associated.end(), client_id), associated.end());

  auto bad = SignUp(R"({"company":"","contact_name":"J","email":"x","phone":"0722","password":"short"})", "");
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"company", "email", "phone", "password"}) {
    EXPECT_NE(bad.body.find(std::string("\"field\":\"") + field + "\""), std::string::npos) << field;
  }
}

TEST_F(ReferralTest, SelfReferralsAreRefusedAndFlagged) {
  // The agent signs in (from this address), then its own link "brings" a client.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  const std::string cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ"));
  auto signed_up = SignUp(kSignup, cookie);
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto associated = AssociatedClients(*staff, "AG-DEMO");
  EXPECT_EQ(std::find(associated.begin(), associated.end(), client_id), associated.end());
  auto flags = ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array();
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].at("kind"), "self_referral");
  EXPECT_EQ(flags[0].at("agent_id"), "AG-DEMO");
  EXPECT_EQ(flags[0].at("client_id"), boost::json::value(client_id));
  EXPECT_EQ(flags[0].at("evidence").at("matched"), boost::json::array({"ip"}));
  EXPECT_EQ(agent->Get("/api/v1/fraud-flags").status, 403);
}

TEST_F(ReferralTest, TheAgentsOwnPhoneIsASelfReferral) {
  const std::string cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ"));
  auto signed_up = SignUp(R"({"company":"Shell Co","contact_name":"S","email":"s@shell.example",)"
                          R"("phone":"+254700100200","password":"shell-company-1"})",
                          cookie);
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto flags = ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array();
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].at("evidence").at("matched"), boost::json::array({"phone"}));
}

TEST_F(ReferralTest, SignupsFromOneAddressAreLimitedPerHour) {
  // Five an hour from one address (every test client comes from 127.0.0.1).
  for (int i = 1; i <= 5; ++i) {
    const std::string n = std::to_string(i);
    auto signed_up =
        SignUp(R"({"company":"Company )" + n + R"(","contact_name":"C","email":"c)" + n +
                   R"(@company.example","phone":"+25472200000)" + n + R"(","password":"company-password-1"})",
               "");
    ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  }
  auto sixth = SignUp(R"({"company":"Company 6","contact_name":"C","email":"c6@company.example",)"
                      R"("phone":"+254722000006","password":"company-password-1"})",
                      "");
  EXPECT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_EQ(sixth.Header("retry-after"), "3600");
  EXPECT_EQ(ProblemType(sixth), "/problems/rate-limited");
  EXPECT_EQ(Client()->Login("c6@company.example", "company-password-1").status, 401);
  // Bad input is still named first (nothing was made, so nothing counts).
  EXPECT_EQ(SignUp(R"({"company":""})", "").status, 422);
}

}  // namespace
}  // namespace wakala::testing
