#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "program/program.hpp"

namespace wakala::engine {

using program::Category;
using program::TechnicalLevel;
using program::TierIndex;

// ---- What the engine is told about agents, clients and invoices ----------

enum class CertificationKind { kSales, k3cx, kYeastar, kYealink };
std::optional<CertificationKind> ParseCertificationKind(std::string_view name);
std::string_view CertificationKindName(CertificationKind kind);

struct Certification {
  CertificationKind kind = CertificationKind::kSales;
  TechnicalLevel level = TechnicalLevel::kNone;  // 3CX and Yeastar only
  Timestamp valid_from{};
  std::chrono::year_month_day valid_until{};  // valid through the end of this EAT day
};

struct Person {
  std::string id;
  std::vector<Certification> certifications;
};

struct AgentFacts {
  std::string id;
  TierIndex tier = 0;
  Timestamp activated_at{};
  std::string residency = "resident";
  bool sip_trunk_active = false;
  bool agreement_signed = false;
  std::string email, phone, kra_pin;
  std::vector<Person> people;
};

struct ClientFacts {
  std::string id;
  std::string email, phone, kra_pin;
};

// kQuote: a prospect accepted the agent's quote and became its client (issue 13).
enum class AssociationSource { kStaffAssignment, kReferralLink, kServiceManagerLink, kReassignment, kQuote };
std::string_view SourceName(AssociationSource source);
// 3.1: the agent brought the client itself (its link, its service-manager
// link, its quote): not assigned by staff, not reassigned to it.
constexpr bool MadeByAgent(AssociationSource source) {
  return source == AssociationSource::kReferralLink || source == AssociationSource::kServiceManagerLink ||
         source == AssociationSource::kQuote;
}
std::optional<AssociationSource> ParseSource(std::string_view name);

struct InvoiceLine {
  std::string id;
  Category category = Category::kManagedSubscription;
  Money amount;
  std::optional<std::string> subscription;
  std::optional<std::string> performed_by;
};

}  // namespace wakala::engine
