#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

// What an agent proves to the program (program-rules.md §2.1): its people,
// their certifications with evidence, the signed agreement. Pure checks; the
// files themselves and the records live in storage.
namespace wakala::agents {

// The type of an uploaded file judged from its first bytes, never from the
// name or the declared type: "application/pdf", "image/png", "image/jpeg",
// or nullopt for anything else.
std::optional<std::string> SniffEvidenceType(std::string_view bytes);

struct Person {
  std::string user_id, agent_id, agent_role;  // owner | sales | technical
  std::string email, display_name;
  Timestamp added_at{};
  std::optional<Timestamp> removed_at;
};

bool IsAgentRole(std::string_view role);

struct CertificationForm {
  std::string person_id, kind, level, issued_on, valid_until, evidence_file_id;
};

struct Certification {
  std::string id, agent_id, person_id;
  std::string kind;   // sales | 3cx | yeastar | yealink
  std::string level;  // basic | intermediate | advanced for 3cx and yeastar; "" otherwise
  std::chrono::year_month_day issued_on{}, valid_until{};
  std::string evidence_file_id;
  std::string status = "submitted";  // submitted | verified | rejected
  std::string submitted_by;
  Timestamp submitted_at{};
  std::optional<std::string> decided_by, rejection_reason;
  std::optional<Timestamp> decided_at;
};

// Checks the form (kinds, levels, dates: issued on or before today, valid
// until today or later); every problem is a field error.
Result<Certification> ValidateCertification(const CertificationForm& form, Timestamp now);

struct Agreement {
  std::string id, agent_id;
  std::string method;  // in_app | upload
  std::string signer_name, signed_by, ip;
  Timestamp signed_at{};
  std::optional<std::string> file_id;
  std::string status;  // in_app: verified at once; upload: submitted until staff check it
  std::optional<std::string> decided_by, rejection_reason;
  std::optional<Timestamp> decided_at;
};

}  // namespace wakala::agents
