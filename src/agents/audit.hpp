#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <utility>

#include "accounts/principal.hpp"

namespace wakala::agents {

// The audit entry every domain service writes: what `actor` did to `subject`
// ("agent:AG-1", "invoice:inv_…"), with its detail as a JSON object.
inline accounts::AuditEntry AuditOf(const accounts::Principal& actor, std::string action, std::string subject,
                                    Timestamp at, const std::string& ip, const boost::json::object& detail) {
  return accounts::AuditEntryFor(actor, std::move(action), std::move(subject), at, ip,
                                 boost::json::serialize(detail));
}

}  // namespace wakala::agents
