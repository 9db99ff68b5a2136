#include "clients/payment.hpp"

#include <algorithm>
#include <cctype>

#include "agents/joining.hpp"
#include "core/text.hpp"

namespace wakala::clients {

namespace {

constexpr std::size_t kMinBankCode = 2;
constexpr std::size_t kMaxBankCode = 11;  // a SWIFT/BIC code at most
constexpr std::size_t kMinAccountDigits = 5;
constexpr std::size_t kMaxAccountDigits = 20;
constexpr std::size_t kMaxCardToken = 200;

// Spaces, dots and hyphens people write inside numbers are dropped.
std::string WithoutSeparators(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c != ' ' && c != '-' && c != '.' && c != '\t') out += c;
  }
  return out;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool AllAlnum(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string MpesaFingerprint(std::string_view e164) {
  return "mpesa:" + std::string(e164);
}
std::string BankFingerprint(std::string_view code, std::string_view account) {
  return "bank:" + std::string(code) + ":" + std::string(account);
}

// "" if fine, else why not.
std::string CheckMpesa(const std::string& number) {
  if (number.empty()) return "is required for an M-Pesa method";
  if (!agents::IsE164(number)) return "must be in international (E.164) form, e.g. +254712345678";
  return "";
}
std::string CheckBankCode(const std::string& code) {
  if (code.empty()) return "is required for a bank method";
  if (!AllAlnum(code) || code.size() < kMinBankCode || code.size() > kMaxBankCode) {
    return "must be the bank's code (or bank and branch code, or SWIFT code): 2 to 11 letters or digits";
  }
  return "";
}
std::string CheckAccount(const std::string& account) {
  if (account.empty()) return "is required for a bank method";
  if (!AllDigits(account) || account.size() < kMinAccountDigits || account.size() > kMaxAccountDigits) {
    return "must be the account number: 5 to 20 digits (spaces and hyphens allowed)";
  }
  return "";
}

}  // namespace

std::optional<std::string> NormaliseFingerprint(std::string_view text) {
  const std::string compact = WithoutSeparators(Trim(text));
  const auto colon = compact.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string kind = ToLower(compact.substr(0, colon));
  const std::string rest = compact.substr(colon + 1);
  if (kind == kMpesa) {
    if (!CheckMpesa(rest).empty()) return std::nullopt;
    return MpesaFingerprint(rest);
  }
  if (kind == kBank) {
    const auto second = rest.find(':');
    if (second == std::string::npos) return std::nullopt;
    const std::string code = Upper(rest.substr(0, second));
    const std::string account = rest.substr(second + 1);
    if (!CheckBankCode(code).empty() || !CheckAccount(account).empty()) return std::nullopt;
    return BankFingerprint(code, account);
  }
  if (kind == kCard) {
    // The billing system's own token: kept as given (without separators).
    if (rest.empty() || rest.size() > kMaxCardToken) return std::nullopt;
    return "card:" + rest;
  }
  return std::nullopt;
}

Result<PaymentMethod> ValidatePaymentMethod(const PaymentMethodForm& form, const PaymentMethodRules& rules) {
  std::vector<FieldError> problems;
  const std::string prefix(rules.prefix);
  const auto problem = [&](const char* field, std::string why) {
    problems.push_back({prefix + field, std::move(why)});
  };
  PaymentMethod method;
  method.method = ToLower(Trim(form.method));
  const bool known =
      method.method == kMpesa || method.method == kBank || (rules.allow_card && method.method == kCard);
  if (!known) {
    problem("method", rules.allow_card ? "must be mpesa, bank or card" : "must be mpesa or bank");
    return Fail(Error::Invalid("the payment method cannot be accepted as given", problems));
  }
  const std::string given = std::string(Trim(form.fingerprint));
  const bool by_fields =
      !Trim(form.mpesa_number).empty() || !Trim(form.bank_code).empty() || !Trim(form.account_number).empty();
  if (!given.empty() && !rules.allow_fingerprint) {
    problem("fingerprint", "is not accepted here; give the method's details");
  } else if (!given.empty() && by_fields) {
    problem("fingerprint", "give either the fingerprint or the method's details, not both");
  } else if (!given.empty() || method.method == kCard) {
    // A ready-made fingerprint, with or without its "<method>:" prefix.
    const std::string written = given.find(':') == std::string::npos ? method.method + ":" + given : given;
    const auto normalised = given.empty() ? std::nullopt : NormaliseFingerprint(written);
    if (given.empty()) {
      problem("fingerprint", "is required for a card (the billing system's card fingerprint)");
    } else if (!normalised || !normalised->starts_with(method.method + ":")) {
      problem("fingerprint", "must be a " + method.method + " fingerprint, e.g. " +
                                 (method.method == kMpesa  ? std::string("mpesa:+254712345678")
                                  : method.method == kBank ? std::string("bank:01:1234567890")
                                                           : std::string("card:<billing token>")));
    } else {
      method.fingerprint = *normalised;
    }
  } else if (method.method == kMpesa) {
    method.mpesa_number = WithoutSeparators(Trim(form.mpesa_number));
    if (auto why = CheckMpesa(method.mpesa_number); !why.empty()) problem("mpesa_number", std::move(why));
    if (!Trim(form.bank_code).empty()) problem("bank_code", "is not part of an M-Pesa method");
    if (!Trim(form.account_number).empty()) problem("account_number", "is not part of an M-Pesa method");
    method.fingerprint = MpesaFingerprint(method.mpesa_number);
  } else {
    method.bank_code = Upper(WithoutSeparators(Trim(form.bank_code)));
    method.account_number = WithoutSeparators(Trim(form.account_number));
    if (auto why = CheckBankCode(method.bank_code); !why.empty()) problem("bank_code", std::move(why));
    if (auto why = CheckAccount(method.account_number); !why.empty())
      problem("account_number", std::move(why));
    if (!Trim(form.mpesa_number).empty()) problem("mpesa_number", "is not part of a bank method");
    method.fingerprint = BankFingerprint(method.bank_code, method.account_number);
  }
  if (!problems.empty())
    return Fail(Error::Invalid("the payment method cannot be accepted as given", problems));
  return method;
}

std::optional<std::string> MatchingFingerprint(const std::vector<std::string>& own,
                                               std::string_view fingerprint) {
  const auto normalised = NormaliseFingerprint(fingerprint);
  if (!normalised) return std::nullopt;
  for (const auto& candidate : own) {
    if (NormaliseFingerprint(candidate) == normalised) return candidate;
  }
  return std::nullopt;
}

}  // namespace wakala::clients
