#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

// Joining the program (program-rules.md §2, the provider's "become an agent"
// form): what an application holds, how it is checked, and the identifiers an
// approval hands out. Pure: randomness and time come in as arguments.
namespace wakala::agents {

// The vendor certifications an applicant can say its people hold (checked
// later, one by one, with evidence).
inline constexpr std::string_view kVendorCertifications[] = {"sales",
                                                             "3cx_basic",
                                                             "3cx_intermediate",
                                                             "3cx_advanced",
                                                             "yeastar_basic",
                                                             "yeastar_intermediate",
                                                             "yeastar_advanced",
                                                             "yealink"};

struct ApplicationForm {
  std::string kind;  // company | professional
  std::string name, contact_name, email, phone, kra_pin, registration_number, residency, website, town;
  std::vector<std::string> certifications;
  bool accept_terms = false;
  std::string language = "en";  // the language the applicant reads email in: en | sw
};

struct Application {
  std::string id;
  std::string kind;
  std::string name, contact_name;
  std::string email;    // normalised (lower case)
  std::string phone;    // E.164
  std::string kra_pin;  // upper case
  std::string registration_number, residency, website, town;
  std::vector<std::string> certifications;
  Timestamp terms_accepted_at{}, applied_at{};
  std::string ip;
  std::string status = "pending";  // pending | approved | rejected
  std::optional<std::string> decided_by, rejection_reason, agent_id;
  std::optional<Timestamp> decided_at;
  std::string language = "en";
};

// A KRA PIN: A (individual) or P (company), nine digits, a check letter.
bool IsKraPin(std::string_view pin);
// E.164: '+', country code, at most 15 digits in all.
bool IsE164(std::string_view phone);

// Checks and normalises the form; every problem is a field error of one
// kInvalidInput error. `residencies` are the program's withholding keys.
Result<Application> ValidateApplication(const ApplicationForm& form,
                                        const std::vector<std::string>& residencies, Timestamp now,
                                        const std::string& ip);

// An agent's public referral id ("/r/K7M2Q9XD"): 8 characters of Crockford
// base32 (no I, L, O, U) made from 5 random bytes given as 10 hex digits.
std::string ReferralIdFrom(std::string_view random_hex);

// The agent company id an approval creates from its application id.
std::string AgentIdFor(const std::string& application_id);

}  // namespace wakala::agents
