#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wakala::accounts {

// argon2id cost. The defaults are libsodium's "interactive" limits (64 MiB,
// ~0.1 s here); tests may lower them but never below libsodium's minimum.
struct PasswordCost {
  unsigned long long ops_limit = 2;
  std::size_t mem_limit_bytes = std::size_t{64} * 1024 * 1024;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordCost cost);
  std::string Hash(std::string_view password) const;
  bool Verify(std::string_view password, const std::string& encoded_hash) const;
  // Spends the same time as a real verification, so that an unknown email
  // answers as slowly as a wrong password.
  void VerifyAgainstDummy(std::string_view password) const;

 private:
  PasswordCost cost_;
  std::string dummy_hash_;
};

// Password policy: valid UTF-8 of 12 to 256 characters (code points, not
// bytes), no control characters, not only spaces, not the user's email or its
// name part, and not a common or dictionary password (libpwquality over
// cracklib's dictionary, also with digits and symbols stripped from its ends).
// `email` may be "" when unknown. Returns "" if acceptable, else why not.
std::string CheckPasswordPolicy(std::string_view password, std::string_view email);

// "" when the dictionary the policy needs loads and knows common words, else
// what is wrong (checked once when `serve` starts).
std::string PasswordDictionaryProblem();

}  // namespace wakala::accounts
