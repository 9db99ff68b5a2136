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
  // The agent's link counts the click and the signup.
  const auto stats = ParseObject(staff->Get("/api/v1/agents/AG-DEMO/referral-stats").body);
  EXPECT_EQ(stats.at("all_time").at("signups").as_int64(), 1);
  EXPECT_EQ(stats.at("last_30_days").at("signups").as_int64(), 1);
  EXPECT_EQ(stats.at("all_time").at("self_referral_flags").as_int64(), 0);
  // The new client signs in with the password it chose.
  EXPECT_EQ(Client()->Login("jane@kilifi-dental.example", "kilifi-dental-2026").status, 200);
  // Same email again: answered like a new signup (no account enumeration), nothing more made.
  EXPECT_EQ(SignUp(kSignup, cookie).status, 201);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/agents/AG-DEMO/referral-stats").body)
                .at("all_time")
                .at("signups")
                .as_int64(),
            1);
}

// The agent sees what its link brought in; a repeat click from one address
// within seconds is logged but not counted, and a cookie past the program's
// 90 days attributes nothing.
TEST_F(ReferralTest, RepeatedClicksCountOnceAndAnExpiredCookieAttributesNothing) {
  // Staff read the figures: the agent signing in from this address would make
  // the signup below a self-referral, whatever its cookie.
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto stats = [&] {
    auto response = staff->Get("/api/v1/agents/AG-DEMO/referral-stats");
    EXPECT_EQ(response.status, 200) << response.body;
    return ParseObject(response.body);
  };
  const auto before = stats();
  EXPECT_EQ(before.at("referral_id").as_string(), "NVS7DEMQ");
  const auto count = [](const boost::json::object& of, const char* period, const char* what) {
    return of.at(period).at(what).as_int64();
  };

  // Two clicks at once from this address: one counted, both logged.
  const std::string first = ReferralCookie(Client()->Get("/r/NVS7DEMQ?to=/pricing"));
  ASSERT_FALSE(first.empty());
  EXPECT_FALSE(ReferralCookie(Client()->Get("/pricing?affid=NVS7DEMQ")).empty());
  auto after = stats();
  EXPECT_EQ(count(after, "all_time", "clicks"), count(before, "all_time", "clicks") + 1);
  EXPECT_EQ(count(after, "all_time", "clicks_logged"), count(before, "all_time", "clicks_logged") + 2);
  EXPECT_EQ(count(after, "last_30_days", "clicks"), count(before, "last_30_days", "clicks") + 1);

  // A minute later it counts again.
  SetProgramTime("2026-12-01T10:01:00+03:00");
  EXPECT_FALSE(ReferralCookie(Client()->Get("/r/NVS7DEMQ")).empty());
  EXPECT_EQ(count(stats(), "all_time", "clicks"), count(before, "all_time", "clicks") + 2);

  // 91 days after the click its cookie has expired: the signup makes a client
  // without an agent, and the link's signups do not change.
  SetProgramTime("2027-03-02T10:00:00+03:00");
  auto signed_up = SignUp(kSignup, first);
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  const auto associated = AssociatedClients(*staff, "AG-DEMO");
  EXPECT_EQ(std::find(associated.begin(), associated.end(), client_id), associated.end());
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/fraud-flags").body).at("items").as_array().empty())
      << "not refused as a self-referral: the cookie had simply expired";
  after = stats();
  EXPECT_EQ(count(after, "all_time", "signups"), count(before, "all_time", "signups"));
  EXPECT_EQ(count(after, "last_30_days", "clicks"), 0) << "the clicks are months old now";

  // The agent reads its own; another agent's are not its to read.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/referral-stats").status, 200);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/referral-stats").status, 404);
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
  // The agent's link shows the signup and the flag it raised.
  const auto stats = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/referral-stats").body);
  EXPECT_EQ(stats.at("all_time").at("signups").as_int64(), 1);
  EXPECT_EQ(stats.at("all_time").at("self_referral_flags").as_int64(), 1);
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
