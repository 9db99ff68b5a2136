#include "accounts/password.hpp"

#include <pwquality.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>

#include "core/secure_random.hpp"
#include "core/text.hpp"

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

namespace {

// The code points of `text`, or nullopt if it is not valid UTF-8 (overlong
// forms, surrogates and values past U+10FFFF included).
std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t code = 0;
    char32_t smallest = 0;
    if (lead < 0x80) {
      length = 1;
      code = lead;
    } else if ((lead & 0xE0U) == 0xC0U) {
      length = 2;
      code = lead & 0x1FU;
      smallest = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
      length = 3;
      code = lead & 0x0FU;
      smallest = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
      length = 4;
      code = lead & 0x07U;
      smallest = 0x10000;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0U) != 0x80U) return std::nullopt;
      code = (code << 6U) | (next & 0x3FU);
    }
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    out.push_back(code);
    i += length;
  }
  return out;
}

// C0, DEL, C1 and the Unicode line and paragraph separators.
bool IsControl(char32_t code) {
  return code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0x2028 || code == 0x2029;
}

bool IsSpace(char32_t code) {
  return code == ' ' || code == 0xA0 || code == 0x1680 || (code >= 0x2000 && code <= 0x200B) ||
         code == 0x202F || code == 0x205F || code == 0x3000 || code == 0xFEFF;
}

// libpwquality's verdict: "" or its reason. Its settings are built here, not
// read from /etc/security/pwquality.conf, so that every machine judges alike;
// length is ours to count (in characters), so its own minimum is its floor.
// cracklib opens its dictionary on every check; the lock keeps the library's
// static state to one caller at a time.
std::string PwqualityVerdict(const std::string& password) {
  static std::mutex lock;
  const std::lock_guard<std::mutex> guard(lock);
  std::unique_ptr<pwquality_settings_t, decltype(&pwquality_free_settings)> settings(
      pwquality_default_settings(), &pwquality_free_settings);
  if (!settings) throw std::bad_alloc();
  pwquality_set_int_value(settings.get(), PWQ_SETTING_MIN_LENGTH, 6);
  pwquality_set_int_value(settings.get(), PWQ_SETTING_DICT_CHECK, 1);
  void* auxerror = nullptr;
  const int score = pwquality_check(settings.get(), password.c_str(), nullptr, nullptr, &auxerror);
  if (score >= 0) return "";
  std::array<char, PWQ_MAX_ERROR_MESSAGE_LEN> buffer{};
  std::string reason = pwquality_strerror(buffer.data(), buffer.size(), score, auxerror);
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return reason;
}

// The password without the digits, punctuation and spaces around it:
// "password1234" → "password", "!Summer2026!" → "summer".
std::string CoreWord(std::string_view password) {
  const auto is_filler = [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 ||
           std::ispunct(static_cast<unsigned char>(c)) != 0 || c == ' ';
  };
  while (!password.empty() && is_filler(password.front())) password.remove_prefix(1);
  while (!password.empty() && is_filler(password.back())) password.remove_suffix(1);
  return ToLower(password);
}

}  // namespace

std::string CheckPasswordPolicy(std::string_view password, std::string_view email) {
  const auto characters = DecodeUtf8(password);
  if (!characters) return "must be valid UTF-8 text";
  if (std::any_of(characters->begin(), characters->end(), IsControl)) {
    return "must not contain control characters (tabs, line breaks and the like)";
  }
  if (characters->size() < 12) return "must be at least 12 characters";
  if (characters->size() > 256) return "must be at most 256 characters";
  if (std::all_of(characters->begin(), characters->end(), IsSpace)) return "must not be only spaces";

  // The email, or its name part, perhaps with digits or symbols around it.
  const std::string address = ToLower(Trim(email));
  const std::string name = address.substr(0, address.find('@'));
  const std::string lowered = ToLower(Trim(password));
  const std::string core = CoreWord(password);
  if (!address.empty() && (lowered == address || lowered == name || core == address || core == name)) {
    return "must not be your email address or its name part";
  }
  if (const std::string reason = PwqualityVerdict(std::string(password)); !reason.empty()) {
    return "is too easy to guess: " + reason;
  }
  // cracklib does not see a common word behind digits and symbols added at its ends.
  if (core.size() >= 6 && core.size() < password.size()) {
    if (const std::string reason = PwqualityVerdict(core); !reason.empty()) {
      return "is too easy to guess: a common word with digits or symbols around it (" + reason + ")";
    }
  }
  return "";
}

std::string PasswordDictionaryProblem() {
  // A dictionary that fails to load makes cracklib refuse everything; an empty
  // one accepts "password".
  if (!PwqualityVerdict("Zq8#wL2!vN5@kT7%").empty() || PwqualityVerdict("password").empty()) {
    return "the password dictionary (cracklib, /var/cache/cracklib/cracklib_dict) is missing or broken: "
           "install the Debian package cracklib-runtime (scripts/install-deps does)";
  }
  return "";
}

}  // namespace wakala::accounts
