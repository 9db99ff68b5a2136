#include "agents/records.hpp"

#include <array>

#include "core/calendar.hpp"
#include "core/text.hpp"

namespace wakala::agents {

std::optional<std::string> SniffEvidenceType(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (bytes.starts_with(std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
  return std::nullopt;
}

bool IsAgentRole(std::string_view role) {
  return role == "owner" || role == "sales" || role == "technical";
}

Result<Certification> ValidateCertification(const CertificationForm& form, Timestamp now) {
  std::vector<FieldError> problems;
  Certification certification;
  certification.person_id = form.person_id;
  if (Trim(form.person_id).empty()) problems.push_back({"person_id", "is required"});
  certification.kind = form.kind;
  const bool levelled = form.kind == "3cx" || form.kind == "yeastar";
  if (form.kind != "sales" && form.kind != "yealink" && !levelled) {
    problems.push_back({"kind", "must be one of sales, 3cx, yeastar, yealink"});
  }
  if (levelled) {
    if (form.level != "basic" && form.level != "intermediate" && form.level != "advanced") {
      problems.push_back(
          {"level", "a " + form.kind + " certification needs a level: basic, intermediate or advanced"});
    }
    certification.level = form.level;
  } else if (!form.level.empty()) {
    problems.push_back({"level", "only 3cx and yeastar certifications have a level"});
  }
  const auto today = EatDate(now);
  const auto issued = ParseDate(form.issued_on);
  if (!issued) {
    problems.push_back({"issued_on", "must be a date like 2026-03-01"});
  } else if (std::chrono::sys_days(*issued) > std::chrono::sys_days(today)) {
    problems.push_back({"issued_on", "is in the future"});
  }
  const auto until = ParseDate(form.valid_until);
  if (!until) {
    problems.push_back({"valid_until", "must be a date like 2028-03-01"});
  } else if (std::chrono::sys_days(*until) < std::chrono::sys_days(today)) {
    problems.push_back({"valid_until", "the certification has expired; only valid ones count"});
  } else if (issued && std::chrono::sys_days(*until) < std::chrono::sys_days(*issued)) {
    problems.push_back({"valid_until", "is before issued_on"});
  }
  certification.evidence_file_id = form.evidence_file_id;
  if (Trim(form.evidence_file_id).empty()) {
    problems.push_back({"evidence_file_id", "is required: upload the certificate first (POST …/files)"});
  }
  if (!problems.empty())
    return Fail(Error::Invalid("the certification cannot be submitted as given", problems));
  certification.issued_on = *issued;
  certification.valid_until = *until;
  certification.submitted_at = now;
  return certification;
}

}  // namespace wakala::agents
