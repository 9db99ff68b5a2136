#include "agents/joining.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "accounts/service.hpp"
#include "core/field_checks.hpp"
#include "core/text.hpp"

namespace wakala::agents {

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

}  // namespace

bool IsKraPin(std::string_view pin) {
  if (pin.size() != 11 || (pin[0] != 'A' && pin[0] != 'P')) return false;
  const auto digits = pin.substr(1, 9);
  return std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }) &&
         std::isupper(static_cast<unsigned char>(pin[10])) != 0;
}

bool IsE164(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](unsigned char c) { return std::isdigit(c); });
}

Result<Application> ValidateApplication(const ApplicationForm& form,
                                        const std::vector<std::string>& residencies, Timestamp now,
                                        const std::string& ip) {
  std::vector<FieldError> problems;
  const auto required = [&](const char* field, const std::string& value, std::size_t max) {
    return RequiredText(problems, field, value, max);
  };
  Application application;
  application.kind = form.kind;
  if (form.kind != "company" && form.kind != "professional") {
    problems.push_back({"kind", "must be \"company\" or \"professional\""});
  }
  application.name = required("name", form.name, 200);
  application.contact_name = required("contact_name", form.contact_name, 200);
  application.email = accounts::NormaliseEmail(form.email);
  if (application.email.empty()) problems.push_back({"email", "is not a valid email address"});
  application.phone = std::string(Trim(form.phone));
  if (!IsE164(application.phone)) {
    problems.push_back({"phone", "must be in international (E.164) form, e.g. +254712345678"});
  }
  application.kra_pin = Upper(Trim(form.kra_pin));
  if (!IsKraPin(application.kra_pin)) {
    problems.push_back({"kra_pin", "must be a KRA PIN: A or P, nine digits, a letter (e.g. P051234567X)"});
  }
  application.registration_number = Upper(Trim(form.registration_number));
  if (form.kind == "company") {
    static const std::regex kRegistration("^[A-Z0-9][A-Z0-9/-]{3,29}$");
    if (application.registration_number.empty()) {
      problems.push_back({"registration_number", "is required for a company"});
    } else if (!std::regex_match(application.registration_number, kRegistration)) {
      problems.push_back(
          {"registration_number", "must be 4-30 letters, digits, '/' or '-' (e.g. PVT-AB12CD3)"});
    }
  }
  application.residency = form.residency;
  if (std::find(residencies.begin(), residencies.end(), form.residency) == residencies.end()) {
    std::string allowed;
    for (const auto& residency : residencies) allowed += (allowed.empty() ? "" : ", ") + residency;
    problems.push_back({"residency", "must be one of " + allowed});
  }
  application.website = std::string(Trim(form.website));
  if (!application.website.empty()) {
    static const std::regex kWebsite(R"(^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[^\s]*)?$)");
    if (application.website.size() > 300 || !std::regex_match(application.website, kWebsite)) {
      problems.push_back({"website", "must be an http(s) address such as https://example.co.ke"});
    }
  }
  application.town = std::string(Trim(form.town));
  if (CountCharacters(application.town) > 100) problems.push_back({"town", "must be at most 100 characters"});
  for (std::size_t i = 0; i < form.certifications.size(); ++i) {
    const auto& name = form.certifications[i];
    if (std::find(std::begin(kVendorCertifications), std::end(kVendorCertifications), name) ==
        std::end(kVendorCertifications)) {
      problems.push_back({"certifications/" + std::to_string(i),
                          "unknown certification; one of sales, 3cx_basic, 3cx_intermediate, 3cx_advanced, "
                          "yeastar_basic, yeastar_intermediate, yeastar_advanced, yealink"});
    } else if (std::find(application.certifications.begin(), application.certifications.end(), name) ==
               application.certifications.end()) {
      application.certifications.push_back(name);
    }
  }
  if (!form.accept_terms) problems.push_back({"accept_terms", "the agent terms must be accepted"});
  if (form.language != "en" && form.language != "sw") problems.push_back({"language", "must be en or sw"});
  application.language = form.language;
  if (!problems.empty()) return Fail(Error::Invalid("the application cannot be accepted as given", problems));
  application.terms_accepted_at = now;
  application.applied_at = now;
  application.ip = ip;
  return application;
}

std::string ReferralIdFrom(std::string_view random_hex) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::uint64_t bits = 0;
  for (const char c : random_hex.substr(0, 10)) {
    bits = (bits << 4U) | static_cast<std::uint64_t>(
                              std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0' : c - 'a' + 10);
  }
  std::string id(8, '0');
  for (int i = 7; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kAlphabet[bits & 31U];
    bits >>= 5U;
  }
  return id;
}

std::string AgentIdFor(const std::string& application_id) {
  // "APP-3F9A…" → "AG-3F9A…": the application's random part, so ids are not
  // guessable and one application makes at most one agent.
  return "AG-" + application_id.substr(application_id.find('-') + 1);
}

}  // namespace wakala::agents
