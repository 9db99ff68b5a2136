#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/payment.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

// How clients come to an agent (program-rules.md §4.1, §4.4): the signed
// referral cookie, the public signup form, and the self-referral checks.
// Pure: keys, times and what the store knows come in as arguments.
namespace wakala::clients {

// The cookie a referral click sets: the click's id and its expiry, signed.
struct ReferralCookie {
  std::string click_id;
  Timestamp expires_at{};
};
inline constexpr std::string_view kReferralCookieName = "wakala_ref";

// "<click id>.<expiry, Unix seconds>.<HMAC-SHA256 hex>".
std::string SignReferralCookie(const ReferralCookie& cookie, std::string_view key);
// nullopt for anything not signed by `key`, malformed, or expired at `now`.
std::optional<ReferralCookie> VerifyReferralCookie(std::string_view value, std::string_view key,
                                                   Timestamp now);

// Where a click may send the browser: a path on this site ("/pricing"), never
// another site ("//evil.example", "https://…"); anything else becomes "/".
std::string SafeLandingPath(std::string_view requested);

struct SignupForm {
  std::string company, contact_name, email, phone, kra_pin, registration_number, password;
  // How the client will pay (M-Pesa number or bank account), if it says.
  std::optional<PaymentMethodForm> payment_method;
};

struct Signup {
  std::string company, contact_name;
  std::string email;    // normalised
  std::string phone;    // E.164
  std::string kra_pin;  // upper case, "" if not given
  std::string registration_number;
  std::string password;
  std::optional<PaymentMethod> payment_method;
};

// Every problem is a field error of one kInvalidInput error.
Result<Signup> ValidateSignup(const SignupForm& form);

// The referring agent's own details, as far as the program knows them.
struct AgentIdentity {
  std::vector<std::string> emails;  // the company's and its people's, normalised
  std::vector<std::string> phones;
  std::string kra_pin, registration_number;
  // Every payout method the agent has had (old ones count too).
  std::vector<std::string> payment_fingerprints;
};

// What makes a signup a self-referral (§4.4): "email", "phone", "kra_pin",
// "registration_number", "payment_fingerprint", "ip" — empty when none matches.
std::vector<std::string> SelfReferralMatches(const AgentIdentity& agent, const Signup& signup,
                                             bool ip_seen_on_agent_logins);

}  // namespace wakala::clients
