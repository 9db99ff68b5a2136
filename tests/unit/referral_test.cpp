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
  auto bad = ValidateSignup(SignupForm{"", "Jane", "not-an-email", "0712", "123", "", "short", std::nullopt});
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& field : bad.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"company", "email", "phone", "kra_pin", "password"}));
  auto good = ValidateSignup(SignupForm{" Kilifi Dental ", "Jane", "Jane@Kilifi.example", "+254722111222",
                                        "p051234567x", "", "long-enough-pw", std::nullopt});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->company, "Kilifi Dental");
  EXPECT_EQ(good->email, "jane@kilifi.example");
  EXPECT_EQ(good->kra_pin, "P051234567X");
}

TEST(SelfReferral, MatchesTheAgentsOwnDetails) {
  AgentIdentity agent{
      {"owner@agent.example", "sales@agent.example"}, {"+254 700 100 200"}, "P051234567X", "PVT-1", {}};
  Signup stranger{"Client Ltd", "C", "c@client.example", "+254711000000", "", "", "pw", std::nullopt};
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

TEST(SelfReferral, MatchesAnyOfTheAgentsPayoutFingerprints) {
  AgentIdentity agent{
      {"owner@agent.example"}, {"+254700100200"}, "", "", {"mpesa:+254711999888", "bank:01:0012345678"}};
  Signup client{"Client Ltd", "C", "c@client.example", "+254711000000", "", "", "pw", std::nullopt};
  EXPECT_TRUE(SelfReferralMatches(agent, client, false).empty());
  client.payment_method = *ValidatePaymentMethod({"bank", "", "01", "0012-345 678", ""}, {});
  EXPECT_EQ(SelfReferralMatches(agent, client, false), (std::vector<std::string>{"payment_fingerprint"}));
  client.payment_method = *ValidatePaymentMethod({"mpesa", "+254 711 999 887", "", "", ""}, {});
  EXPECT_TRUE(SelfReferralMatches(agent, client, false).empty());
}

TEST(PaymentMethod, NormalisesToOneFingerprint) {
  auto mpesa = ValidatePaymentMethod({" MPESA ", "+254 711-999 888", "", "", ""}, {});
  ASSERT_TRUE(mpesa) << mpesa.error().message;
  EXPECT_EQ(mpesa->method, "mpesa");
  EXPECT_EQ(mpesa->mpesa_number, "+254711999888");
  EXPECT_EQ(mpesa->fingerprint, "mpesa:+254711999888");
  auto bank = ValidatePaymentMethod({"bank", "", " kcbLkenx ", "1234 5678 90", ""}, {});
  ASSERT_TRUE(bank) << bank.error().message;
  EXPECT_EQ(bank->fingerprint, "bank:KCBLKENX:1234567890");
  EXPECT_EQ(NormaliseFingerprint("BANK: kcblkenx : 1234-5678-90"), "bank:KCBLKENX:1234567890");
  EXPECT_EQ(NormaliseFingerprint("mpesa:+254 711 999 888"), "mpesa:+254711999888");
  EXPECT_FALSE(NormaliseFingerprint("paypal:me@example.com"));
  EXPECT_FALSE(NormaliseFingerprint("mpesa:0711999888"));
  EXPECT_EQ(MatchingFingerprint({"bank:KCBLKENX:1234567890"}, "bank:kcblkenx:1234 5678 90"),
            "bank:KCBLKENX:1234567890");
  EXPECT_FALSE(MatchingFingerprint({"bank:KCBLKENX:1234567890"}, "bank:KCBLKENX:1234567891"));
}

TEST(PaymentMethod, NamesEveryWrongField) {
  auto none = ValidatePaymentMethod({"paypal", "", "", "", ""}, {.prefix = "payment_method/"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().fields.at(0).field, "payment_method/method");
  auto bank = ValidatePaymentMethod({"bank", "+254711999888", "K", "12ab", ""}, {});
  ASSERT_FALSE(bank);
  std::vector<std::string> fields;
  for (const auto& field : bank.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"bank_code", "account_number", "mpesa_number"}));
  auto mpesa = ValidatePaymentMethod({"mpesa", "0711999888", "", "", ""}, {});
  ASSERT_FALSE(mpesa);
  EXPECT_EQ(mpesa.error().fields.at(0).field, "mpesa_number");
  // Cards and ready-made fingerprints only where billing speaks.
  EXPECT_FALSE(ValidatePaymentMethod({"card", "", "", "", "tok_1"}, {}));
  const PaymentMethodRules billing{.prefix = "", .allow_card = true, .allow_fingerprint = true};
  auto card = ValidatePaymentMethod({"card", "", "", "", "fp_4242"}, billing);
  ASSERT_TRUE(card) << card.error().message;
  EXPECT_EQ(card->fingerprint, "card:fp_4242");
  auto given = ValidatePaymentMethod({"mpesa", "", "", "", "mpesa:+254 711 999 888"}, billing);
  ASSERT_TRUE(given) << given.error().message;
  EXPECT_EQ(given->fingerprint, "mpesa:+254711999888");
  EXPECT_FALSE(ValidatePaymentMethod({"mpesa", "", "", "", "bank:01:123456"}, billing));
  EXPECT_FALSE(ValidatePaymentMethod({"mpesa", "+254711999888", "", "", "mpesa:+254711999888"}, billing));
}

}  // namespace
}  // namespace wakala::clients
