#include "billing/ticket.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wakala::billing {

std::string_view TicketStatusName(TicketStatus status) {
  switch (status) {
    case TicketStatus::kOpen:
      return "open";
    case TicketStatus::kAnswered:
      return "answered";
    case TicketStatus::kClosed:
      return "closed";
  }
  return "open";
}

std::optional<TicketStatus> ParseTicketStatus(std::string_view name) {
  for (const auto status : {TicketStatus::kOpen, TicketStatus::kAnswered, TicketStatus::kClosed}) {
    if (TicketStatusName(status) == name) return status;
  }
  return std::nullopt;
}

bool IsDepartment(std::string_view name) {
  return std::find(std::begin(kDepartments), std::end(kDepartments), name) != std::end(kDepartments);
}

std::string TicketNumber(std::int64_t sequence) {
  return fmt::format("T-{:06}", sequence);
}

Result<TicketStatus> StatusAfterReply(const Ticket& ticket, bool by_staff) {
  if (ticket.status == TicketStatus::kClosed) {
    return Fail(Error::Conflict("ticket " + ticket.number + " is closed: open a new one"));
  }
  return by_staff ? TicketStatus::kAnswered : TicketStatus::kOpen;
}

}  // namespace wakala::billing
