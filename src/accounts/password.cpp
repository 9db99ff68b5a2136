#include "accounts/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/secure_random.hpp"

namespace wakala::accounts {

PasswordHasher::PasswordHasher(PasswordCost cost) : cost_(cost) {
  if (cost_.ops_limit < crypto_pwhash_OPSLIMIT_MIN || cost_.mem_limit_bytes < crypto_pwhash_MEMLIMIT_MIN) {
    throw std::invalid_argument("argon2id cost below libsodium's minimum");
  }
  dummy_hash_ = Hash(RandomHex(16));
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.ops_limit, cost_.mem_limit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing ran out of memory");
  }
  return out;
}

bool PasswordHasher::Verify(std::string_view password, const std::string& encoded_hash) const {
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyAgainstDummy(std::string_view password) const {
  static_cast<void>(Verify(password, dummy_hash_));
}

std::string CheckPasswordPolicy(std::string_view password) {
  if (password.size() < 12) {
    return "must be at least 12 characters";
  }
  if (password.size() > 256) {
    return "must be at most 256 characters";
  }
  return "";
}

}  // namespace wakala::accounts
