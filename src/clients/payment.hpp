#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

// Payment methods and their fingerprints (program-rules.md §4.4): where an
// agent's withdrawals are paid, and how a client pays. A fingerprint is the
// normalised canonical form of a method, so that two ways of writing one
// M-Pesa number or bank account compare equal:
//   "mpesa:+254712345678"      an M-Pesa number in E.164
//   "bank:<code>:<digits>"     a bank (or bank and branch) code, upper case,
//                              and the account number's digits
//   "card:<token>"             a card, as the billing system fingerprints it
// Pure: no I/O.
namespace wakala::clients {

inline constexpr std::string_view kMpesa = "mpesa";
inline constexpr std::string_view kBank = "bank";
inline constexpr std::string_view kCard = "card";

// As the input gives it (every field may be empty).
struct PaymentMethodForm {
  std::string method;  // mpesa | bank (| card where allowed)
  std::string mpesa_number;
  std::string bank_code, account_number;
  std::string fingerprint;  // a card's, or a ready-made fingerprint
};

struct PaymentMethod {
  std::string method;
  std::string mpesa_number;    // E.164, "" unless mpesa
  std::string bank_code;       // upper case, "" unless bank
  std::string account_number;  // digits only, "" unless bank
  std::string fingerprint;
};

struct PaymentMethodRules {
  std::string_view prefix;         // put before field names in errors ("payment_method/")
  bool allow_card = false;         // billing knows card payments; payouts never go to a card
  bool allow_fingerprint = false;  // the fields may come as a ready-made fingerprint
};

// Checks and normalises; every problem is a field error of one kInvalidInput
// error, named with `rules.prefix`.
Result<PaymentMethod> ValidatePaymentMethod(const PaymentMethodForm& form, const PaymentMethodRules& rules);

// The canonical fingerprint of a fingerprint as written ("MPESA: +254 712 345 678"
// → "mpesa:+254712345678"); nullopt if it is not one.
std::optional<std::string> NormaliseFingerprint(std::string_view text);

// The first of `own` (the agent's payout fingerprints, any form) that is the
// same payment method as `fingerprint`; nullopt if none is.
std::optional<std::string> MatchingFingerprint(const std::vector<std::string>& own,
                                               std::string_view fingerprint);

}  // namespace wakala::clients
