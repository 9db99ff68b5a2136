#pragma once

#include <string>
#include <string_view>

namespace wakala {

// Call once at start; libsodium must be initialised before any other call here.
void InitialiseCrypto();

// `bytes` random bytes from the OS CSPRNG, as lowercase hex (2 chars per byte).
std::string RandomHex(std::size_t bytes);

// BLAKE2b-256 of `data` as lowercase hex. For high-entropy secrets (session
// tokens, API keys) a fast hash is enough: they cannot be guessed, only stolen.
std::string SecretDigest(std::string_view data);

// HMAC-SHA256 of `message` under `key`, as lowercase hex (signed requests,
// signed cookies).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Equality without early exit, for comparing secrets.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// SHA-256 over data given in pieces; Hex() may be read at any point and the
// stream goes on (a copy is finalised): the digest of every prefix read so far.
class Sha256Stream {
 public:
  Sha256Stream();
  void Update(std::string_view data);
  std::string Hex() const;

 private:
  alignas(8) unsigned char state_[128];  // libsodium's crypto_hash_sha256_state
};

}  // namespace wakala
