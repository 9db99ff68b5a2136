#include <gtest/gtest.h>

#include "accounts/password.hpp"
#include "accounts/service.hpp"
#include "core/secure_random.hpp"

namespace wakala::accounts {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitialiseCrypto(); }
};

TEST_F(PasswordTest, HashIsArgon2idAndVerifies) {
  PasswordHasher hasher(PasswordCost{});
  const auto hash = hasher.Hash("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(hasher.Verify("correct horse battery", hash));
  EXPECT_FALSE(hasher.Verify("correct horse battery!", hash));
  EXPECT_NE(hash, hasher.Hash("correct horse battery")) << "every hash has its own salt";
}

TEST_F(PasswordTest, CostBelowMinimumIsRefused) {
  EXPECT_THROW(PasswordHasher(PasswordCost{0, 1024}), std::invalid_argument);
}

TEST_F(PasswordTest, LengthIsCountedInCharactersNotBytes) {
  EXPECT_EQ(CheckPasswordPolicy("short", ""), "must be at least 12 characters");
  EXPECT_EQ(CheckPasswordPolicy(std::string(257, 'a'), ""), "must be at most 256 characters");
  EXPECT_EQ(CheckPasswordPolicy("twelve chars", ""), "");
  // Six accented letters are twelve bytes but six characters.
  EXPECT_EQ(CheckPasswordPolicy("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", ""),
            "must be at least 12 characters");
  // Twelve of them are enough, and so is a passphrase in another script.
  EXPECT_EQ(CheckPasswordPolicy("Kar\u00e9n-\u00e9t\u00e9-rouge", ""), "");
  EXPECT_EQ(
      CheckPasswordPolicy("\u043c\u043e\u0439 \u0441\u0435\u043a\u0440\u0435\u0442 \u0434\u043e\u043c", ""),
      "");
  // 256 characters of two bytes each: 512 bytes, still allowed.
  std::string long_accented;
  for (int i = 0; i < 128; ++i) long_accented += i % 2 == 0 ? "\u00e9x" : "\u00e0y";
  EXPECT_EQ(CheckPasswordPolicy(long_accented, ""), "");
}

TEST_F(PasswordTest, InvalidUtf8IsRefused) {
  for (const std::string& bad :
       {std::string("long-enough-\xFF-password"), std::string("overlong-\xC0\xAF-slash-x"),
        std::string("surrogate-\xED\xA0\x80-half-x"), std::string("cut-short-at-end-\xE2\x82")}) {
    EXPECT_EQ(CheckPasswordPolicy(bad, ""), "must be valid UTF-8 text") << bad;
  }
}

TEST_F(PasswordTest, ControlCharactersAndOnlySpacesAreRefused) {
  const std::string control = "must not contain control characters (tabs, line breaks and the like)";
  EXPECT_EQ(CheckPasswordPolicy(std::string("nul\0inside-long-pw", 18), ""), control);
  EXPECT_EQ(CheckPasswordPolicy("tab\there-long-enough", ""), control);
  EXPECT_EQ(CheckPasswordPolicy("line\r\nbreak-long-enough", ""), control);
  EXPECT_EQ(CheckPasswordPolicy("c1-\u0085-control-long", ""), control);
  EXPECT_EQ(CheckPasswordPolicy(std::string(12, ' '), ""), "must not be only spaces");
  EXPECT_EQ(
      CheckPasswordPolicy("\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0", ""),
      "must not be only spaces");
}

TEST_F(PasswordTest, TheUsersOwnEmailIsRefused) {
  const std::string why = "must not be your email address or its name part";
  EXPECT_EQ(CheckPasswordPolicy("wairimu@naivasha-flowers.example", "wairimu@naivasha-flowers.example"), why);
  EXPECT_EQ(CheckPasswordPolicy("Wairimu@Naivasha-Flowers.example", "wairimu@naivasha-flowers.example"), why);
  EXPECT_EQ(CheckPasswordPolicy("wanjiku.kamau", "wanjiku.kamau@naivasha-flowers.example"), why);
  EXPECT_EQ(CheckPasswordPolicy("wanjiku.kamau2026!", "wanjiku.kamau@naivasha-flowers.example"), why);
  // Someone else's email is just a (long) password; the demo logins stay valid.
  EXPECT_EQ(CheckPasswordPolicy("wairimu@naivasha-flowers.example", "other@example.com"), "");
  EXPECT_EQ(CheckPasswordPolicy("demo-staff-2026!", "staff@demo.wakala.test"), "");
  EXPECT_EQ(CheckPasswordPolicy("demo-agent-2026!", "agent@demo.wakala.test"), "");
  EXPECT_EQ(CheckPasswordPolicy("demo-client-2026!", "client@demo.wakala.test"), "");
}

TEST_F(PasswordTest, CommonAndDictionaryPasswordsAreRefused) {
  ASSERT_EQ(PasswordDictionaryProblem(), "") << "the cracklib dictionary must be installed";
  for (const char* weak : {"password1234", "Password1234!", "123456789012", "qwertyuiop12", "iloveyou2026",
                           "!!Sunshine2026", "abcdefghijkl", "aaaaaaaaaaaa"}) {
    const std::string why = CheckPasswordPolicy(weak, "");
    EXPECT_TRUE(why.starts_with("is too easy to guess")) << weak << ": " << why;
  }
  for (const char* strong :
       {"correct horse battery", "Kilimani-Dental-2026", "nakuru-bakers-2026", "long-enough-pw"}) {
    EXPECT_EQ(CheckPasswordPolicy(strong, ""), "") << strong;
  }
}

TEST_F(PasswordTest, TokensAreRandomAndDigestsStable) {
  const auto a = RandomHex(32);
  EXPECT_EQ(a.size(), 64U);
  EXPECT_NE(a, RandomHex(32));
  EXPECT_EQ(SecretDigest(a), SecretDigest(a));
  EXPECT_NE(SecretDigest(a), SecretDigest(RandomHex(32)));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(PasswordTest, EmailNormalisation) {
  EXPECT_EQ(NormaliseEmail("  Ops@Client.CO.KE "), "ops@client.co.ke");
  EXPECT_EQ(NormaliseEmail("no-at-sign"), "");
  EXPECT_EQ(NormaliseEmail("a@b@c.com"), "");
  EXPECT_EQ(NormaliseEmail("a@nodot"), "");
  EXPECT_EQ(NormaliseEmail("@x.com"), "");
}

}  // namespace
}  // namespace wakala::accounts
