#include <gtest/gtest.h>

#include "clients/referral.hpp"
#include "core/calendar.hpp"

namespace wakala::clients {
namespace {

// 2026-12-01T07:00:00Z
constexpr Timestamp kNow{std::chrono::seconds{1796108400}};

TEST(ReferralCookie, VerifiesOnlyWhatTheKeySignedAndOnlyUntilItExpires) {
  const ReferralCookie cookie{"clk_abc", kNow + std::chrono::days(90)};
  const std::string value = SignReferralCookie(cookie, "key-1");
  const auto verified = VerifyReferralCookie(value, "key-1", kNow);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->click_id, "clk_abc");
  EXPECT_EQ(verified->expires_at, cookie.expires_at);
  EXPECT_FALSE(VerifyReferralCookie(value, "key-2", kNow));                          // another key
  EXPECT_FALSE(VerifyReferralCookie(value, "key-1", kNow + std::chrono::days(90)));  // expired
  std::string other_click = value;
  other_click.replace(0, 7, "clk_xyz");
  EXPECT_FALSE(VerifyReferralCookie(other_click, "key-1", kNow));  // forged click
  std::string longer = value;
  longer.replace(value.find('.') + 1, 1, "9");
  EXPECT_FALSE(VerifyReferralCookie(longer, "key-1", kNow));  // forged expiry
  for (const char* garbage : {"", ".", "..", "clk_abc", "clk_abc.123", "a.b.c"}) {
    EXPECT_FALSE(VerifyReferralCookie(garbage, "key-1", kNow)) << garbage;
  }
}

TEST(ReferralLanding, StaysOnThisSite) {
  EXPECT_EQ(SafeLandingPath("/pricing"), "/pricing");
  EXPECT_EQ(SafeLandingPath("/plans/pbx?seats=10"), "/plans/pbx?seats=10");
  for (const char* away : {"//evil.example", "https://evil.example", "evil.example", "/\\evil.example", "",
                           "javascript:alert(1)", "/a b"}) {
    EXPECT_EQ(SafeLandingPath(away), "/") << away;
  }
}

TEST(Signup, ChecksEveryFieldAtOnce) {
  auto bad = ValidateSignup(SignupForm{"", "Jane", "not-an-email", "0712", "123", "", "short"});
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& field : bad.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"company", "email", "phone", "kra_pin", "password"}));
  auto good = ValidateSignup(SignupForm{" Kilifi Dental ", "Jane", "Jane@Kilifi.example", "+254722111222",
                                        "p051234567x", "", "long-enough-pw"});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->company, "Kilifi Dental");
  EXPECT_EQ(good->email, "jane@kilifi.example");
  EXPECT_EQ(good->kra_pin, "P051234567X");
}

TEST(SelfReferral, MatchesTheAgentsOwnDetails) {
  AgentIdentity agent{
      {"owner@agent.example", "sales@agent.example"}, {"+254 700 100 200"}, "P051234567X", "PVT-1"};
  Signup stranger{"Client Ltd", "C", "c@client.example", "+254711000000", "", "", "pw"};
  EXPECT_TRUE(SelfReferralMatches(agent, stranger, false).empty());
  Signup self = stranger;
  self.email = "sales@agent.example";
  self.phone = "+254700100200";
  self.kra_pin = "P051234567X";
  self.registration_number = "PVT-1";
  EXPECT_EQ(SelfReferralMatches(agent, self, true),
            (std::vector<std::string>{"email", "phone", "kra_pin", "registration_number", "ip"}));
  EXPECT_EQ(SelfReferralMatches(agent, stranger, true), (std::vector<std::string>{"ip"}));
}

}  // namespace
}  // namespace wakala::clients
