#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/principal.hpp"
#include "billing/store.hpp"
#include "billing/ticket.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::billing {

struct AttachmentContent {
  TicketAttachment file;
  std::string bytes;
};

struct NewTicket {
  std::string subject, department, body;
};

// Support tickets: a client's users open and follow theirs (an agent signed
// in as the client, if granted open_tickets, does so for it, and both
// identities are kept on every message); staff answer from the queue. The
// client's agent is notified of a new ticket as it chose.
class TicketService {
 public:
  // Attachments are kept under `files_directory`/tickets.
  // `public_url` starts the links in the emails it sends.
  TicketService(Journal& journal, const Clock& program_clock, std::filesystem::path files_directory,
                std::string public_url);

  Result<Ticket> Open(const accounts::Principal& actor, const std::string& client_id, const NewTicket& ticket,
                      const std::string& ip);
  Result<std::vector<Ticket>> OfClient(const accounts::Principal& actor, const std::string& client_id);
  // Staff: tickets in `status` ("" for all), newest activity first.
  Result<std::vector<Ticket>> Queue(const accounts::Principal& actor, const std::string& status);
  Result<Ticket> Find(const accounts::Principal& actor, const std::string& id);
  Result<Ticket> Reply(const accounts::Principal& actor, const std::string& id, const std::string& body,
                       const std::string& ip);
  Result<Ticket> Close(const accounts::Principal& actor, const std::string& id, const std::string& ip);
  // A file as a message of its own (the evidence upload rules); whoever may
  // reply may attach, and whoever sees the ticket downloads it.
  Result<Ticket> Attach(const accounts::Principal& actor, const std::string& id, std::string_view bytes,
                        const std::string& declared_type, const std::string& original_name,
                        const std::string& ip);
  Result<AttachmentContent> Attachment(const accounts::Principal& actor, const std::string& attachment_id);

 private:
  Timestamp ActionTime();
  // The ticket, if the actor may see it (staff, or the client's side); else not found.
  Result<Ticket> Visible(const accounts::Principal& actor, const std::string& id);
  TicketMessage MessageBy(const accounts::Principal& actor, std::string body, Timestamp at) const;
  // Adds `message` and moves the ticket on as a reply does (StatusAfterReply).
  Result<Ticket> Post(const accounts::Principal& actor, Ticket ticket, const TicketMessage& message,
                      const char* action, const std::string& ip);

  Journal& journal_;
  const Clock& clock_;
  std::filesystem::path files_directory_;
  std::string public_url_;
};

}  // namespace wakala::billing
