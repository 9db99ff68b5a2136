#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::billing {

// A client's support ticket: opened by the client or by its agent signed in
// as it (both identities kept), answered by staff.
enum class TicketStatus { kOpen, kAnswered, kClosed };
std::string_view TicketStatusName(TicketStatus status);
std::optional<TicketStatus> ParseTicketStatus(std::string_view name);
inline constexpr std::string_view kDepartments[] = {"support", "billing", "sales", "technical"};
bool IsDepartment(std::string_view name);

// A file on a ticket (PDF, PNG or JPEG: the evidence upload rules), kept
// outside the web root and served only to those who see the ticket.
struct TicketAttachment {
  std::string id;
  std::string ticket;
  std::string message;  // the message it came with
  std::string content_type;
  std::string original_name;
  std::string sha256;
  std::int64_t size_bytes = 0;
};

struct TicketMessage {
  std::string id;
  std::string author;        // "user:<id>"
  std::string author_role;   // client, agent (signed in as the client) or staff
  std::string author_name;   // as the panels show it
  std::string on_behalf_of;  // "client:<id>" when an agent wrote it for its client
  std::string body;          // "" for a message that only carries a file
  Timestamp at{};
  std::vector<TicketAttachment> attachments;
};

struct Ticket {
  std::string id;
  std::string number;  // "T-000001"
  std::string client;
  std::string subject;
  std::string department;
  TicketStatus status = TicketStatus::kOpen;
  std::string opened_by;
  std::string on_behalf_of;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<TicketMessage> messages;  // oldest first
};

std::string TicketNumber(std::int64_t sequence);

inline constexpr std::size_t kMaxSubjectLength = 200;
inline constexpr std::size_t kMaxMessageLength = 10'000;

// A staff reply answers the ticket; the client's (or its agent's) reopens it.
// Nobody writes on a closed ticket.
Result<TicketStatus> StatusAfterReply(const Ticket& ticket, bool by_staff);

}  // namespace wakala::billing
