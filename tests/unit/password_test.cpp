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

TEST_F(PasswordTest, Policy) {
  EXPECT_EQ(CheckPasswordPolicy("short"), "must be at least 12 characters");
  EXPECT_EQ(CheckPasswordPolicy(std::string(257, 'a')), "must be at most 256 characters");
  EXPECT_EQ(CheckPasswordPolicy("twelve chars"), "");
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
