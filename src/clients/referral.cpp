#include "clients/referral.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include "accounts/password.hpp"
#include "accounts/service.hpp"
#include "agents/joining.hpp"
#include "core/field_checks.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::clients {

namespace {

std::string Payload(const ReferralCookie& cookie) {
  return cookie.click_id + "." + std::to_string(ToUnixSeconds(cookie.expires_at));
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

// Phone numbers compare on their digits only.
std::string Digits(std::string_view phone) {
  std::string digits;
  for (const char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) digits += c;
  }
  return digits;
}

}  // namespace

std::string SignReferralCookie(const ReferralCookie& cookie, std::string_view key) {
  const std::string payload = Payload(cookie);
  return payload + "." + HmacSha256Hex(key, payload);
}

std::optional<ReferralCookie> VerifyReferralCookie(std::string_view value, std::string_view key,
                                                   Timestamp now) {
  const auto last_dot = value.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  const auto payload = value.substr(0, last_dot);
  if (!ConstantTimeEquals(value.substr(last_dot + 1), HmacSha256Hex(key, payload))) return std::nullopt;
  const auto first_dot = payload.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  long long expires = 0;
  const auto digits = payload.substr(first_dot + 1);
  const auto [rest, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), expires);
  if (ec != std::errc() || rest != digits.data() + digits.size()) return std::nullopt;
  ReferralCookie cookie{std::string(payload.substr(0, first_dot)), FromUnixSeconds(expires)};
  if (cookie.click_id.empty() || cookie.expires_at <= now) return std::nullopt;
  return cookie;
}

std::string SafeLandingPath(std::string_view requested) {
  static const std::regex kPath(
      R"(^/([A-Za-z0-9._~!$&'()*+,;=:@%/-]*)(\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$)");
  std::string path(requested);
  if (path.starts_with("//") || path.find('\\') != std::string::npos || !std::regex_match(path, kPath))
    return "/";
  return path;
}

Result<Signup> ValidateSignup(const SignupForm& form) {
  std::vector<FieldError> problems;
  Signup signup;
  const auto required = [&](const char* field, const std::string& value, std::size_t max) {
    return RequiredText(problems, field, value, max);
  };
  signup.company = required("company", form.company, 200);
  signup.contact_name = required("contact_name", form.contact_name, 200);
  signup.email = accounts::NormaliseEmail(form.email);
  if (signup.email.empty()) problems.push_back({"email", "is not a valid email address"});
  signup.phone = std::string(Trim(form.phone));
  if (!agents::IsE164(signup.phone)) {
    problems.push_back({"phone", "must be in international (E.164) form, e.g. +254712345678"});
  }
  signup.kra_pin = Upper(Trim(form.kra_pin));
  if (!signup.kra_pin.empty() && !agents::IsKraPin(signup.kra_pin)) {
    problems.push_back({"kra_pin", "must be a KRA PIN: A or P, nine digits, a letter (or left out)"});
  }
  signup.registration_number = Upper(Trim(form.registration_number));
  if (signup.registration_number.size() > 30) {
    problems.push_back({"registration_number", "must be at most 30 characters"});
  }
  if (const std::string why = accounts::CheckPasswordPolicy(form.password, signup.email); !why.empty()) {
    problems.push_back({"password", why});
  }
  signup.password = form.password;
  if (form.payment_method) {
    auto method =
        ValidatePaymentMethod(*form.payment_method, PaymentMethodRules{.prefix = "payment_method/"});
    if (method) {
      signup.payment_method = std::move(*method);
    } else {
      problems.insert(problems.end(), method.error().fields.begin(), method.error().fields.end());
    }
  }
  if (!problems.empty()) return Fail(Error::Invalid("the signup cannot be accepted as given", problems));
  return signup;
}

std::vector<std::string> SelfReferralMatches(const AgentIdentity& agent, const Signup& signup,
                                             bool ip_seen_on_agent_logins) {
  std::vector<std::string> matches;
  if (std::find(agent.emails.begin(), agent.emails.end(), signup.email) != agent.emails.end()) {
    matches.emplace_back("email");
  }
  const std::string phone = Digits(signup.phone);
  if (std::any_of(agent.phones.begin(), agent.phones.end(),
                  [&](const std::string& own) { return !own.empty() && Digits(own) == phone; })) {
    matches.emplace_back("phone");
  }
  if (!signup.kra_pin.empty() && Upper(agent.kra_pin) == signup.kra_pin) matches.emplace_back("kra_pin");
  if (!signup.registration_number.empty() && Upper(agent.registration_number) == signup.registration_number) {
    matches.emplace_back("registration_number");
  }
  if (signup.payment_method &&
      MatchingFingerprint(agent.payment_fingerprints, signup.payment_method->fingerprint)) {
    matches.emplace_back("payment_fingerprint");
  }
  if (ip_seen_on_agent_logins) matches.emplace_back("ip");
  return matches;
}

}  // namespace wakala::clients
