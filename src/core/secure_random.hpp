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

}  // namespace wakala
