#include "billing/ticket_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "agents/audit.hpp"
#include "agents/evidence_files.hpp"
#include "billing/order_service.hpp"
#include "core/field_checks.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::billing {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using agents::AuditOf;

namespace {
Error NoTicket(const std::string& id) {
  return Error::NotFound("no ticket " + id);
}
constexpr int kListLimit = 200;

// Every client-side ticket action is the open_tickets action of §4.3.
Result<void> MayUseTickets(const Principal& actor, const std::string& client_id) {
  if (auto user = accounts::RequireUser(actor); !user) return user;
  if (actor.role == Role::kStaff) return {};
  return accounts::RequireClientAction(actor, client_id, accounts::client_actions::kOpenTickets);
}
}  // namespace

TicketService::TicketService(Journal& journal, const Clock& program_clock,
                             std::filesystem::path files_directory, std::string public_url)
    : journal_(journal),
      clock_(program_clock),
      files_directory_(std::move(files_directory)),
      public_url_(std::move(public_url)) {}

Timestamp TicketService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

TicketMessage TicketService::MessageBy(const Principal& actor, std::string body, Timestamp at) const {
  TicketMessage message;
  message.id = "msg_" + RandomHex(8);
  message.author = actor.AuditName();
  message.author_role = actor.role == Role::kStaff ? "staff" : actor.impersonation ? "agent" : "client";
  message.author_name = actor.user.display_name;
  message.on_behalf_of = actor.impersonation ? "client:" + actor.impersonation->client_id : "";
  message.body = std::move(body);
  message.at = at;
  return message;
}

Result<Ticket> TicketService::Open(const Principal& actor, const std::string& client_id,
                                   const NewTicket& form, const std::string& ip) {
  if (auto allowed = MayUseTickets(actor, client_id); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string subject = RequiredText(problems, "subject", form.subject, kMaxSubjectLength);
  if (!IsDepartment(form.department)) {
    problems.push_back({"department", "must be support, billing, sales or technical"});
  }
  const std::string body = std::string(form.body);
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) problems.push_back({"body", "is required"});
  if (!problems.empty()) return Fail(Error::Invalid("the ticket cannot be opened as given", problems));
  std::optional<std::string> agent;
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) {
    known = engine.clients().contains(client_id);
    agent = engine.AgentOf(client_id);
  });
  if (!known) return Fail(Error::NotFound("no client " + client_id + " in the program"));
  const Timestamp now = ActionTime();
  Ticket ticket;
  ticket.id = "tkt_" + RandomHex(8);
  ticket.client = client_id;
  ticket.subject = subject;
  ticket.department = form.department;
  ticket.opened_by = actor.AuditName();
  ticket.on_behalf_of = actor.impersonation ? "client:" + client_id : "";
  ticket.created_at = now;
  ticket.updated_at = now;
  ticket.messages.push_back(MessageBy(actor, body, now));
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    ticket.number = TicketNumber(stores.billing.NextNumber("ticket"));
    stores.billing.InsertTicket(ticket);
    stores.accounts.AppendAudit(
        AuditOf(actor, "ticket_opened", "ticket:" + ticket.id, now, ip,
                {{"number", ticket.number}, {"client_id", client_id}, {"department", ticket.department}}));
    return NotifyAgent(
        stores, agent, client_id, "ticket_opened", ticket.id,
        json::serialize(json::object{
            {"ticket", ticket.number}, {"subject", ticket.subject}, {"department", ticket.department}}),
        now, public_url_);
  });
  if (!written) return Fail(written.error());
  return ticket;
}

Result<std::vector<Ticket>> TicketService::OfClient(const Principal& actor, const std::string& client_id) {
  if (auto allowed = MayUseTickets(actor, client_id); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom(
      [&](Stores& stores) { return stores.billing.ListTickets(client_id, "", kListLimit); });
}

Result<std::vector<Ticket>> TicketService::Queue(const Principal& actor, const std::string& status) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  if (!status.empty() && !ParseTicketStatus(status)) {
    return Fail(Error::Invalid("bad query parameters", {{"status", "must be open, answered or closed"}}));
  }
  return journal_.ReadFrom(
      [&](Stores& stores) { return stores.billing.ListTickets("", status, kListLimit); });
}

Result<Ticket> TicketService::Visible(const Principal& actor, const std::string& id) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto found = journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindTicket(id); });
  if (!found) return Fail(found.error());
  if (!*found || !MayUseTickets(actor, (*found)->client)) return Fail(NoTicket(id));
  return std::move(**found);
}

Result<Ticket> TicketService::Find(const Principal& actor, const std::string& id) {
  return Visible(actor, id);
}

Result<Ticket> TicketService::Reply(const Principal& actor, const std::string& id, const std::string& body,
                                    const std::string& ip) {
  auto ticket = Visible(actor, id);
  if (!ticket) return ticket;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail(Error::Invalid("the reply cannot be sent as given", {{"body", "is required"}}));
  }
  return Post(actor, std::move(*ticket), MessageBy(actor, body, ActionTime()), "ticket_replied", ip);
}

Result<Ticket> TicketService::Post(const Principal& actor, Ticket ticket, const TicketMessage& message,
                                   const char* action, const std::string& ip) {
  auto next = StatusAfterReply(ticket, actor.role == Role::kStaff);
  if (!next) return Fail(next.error());
  const TicketStatus from = ticket.status;
  ticket.status = *next;
  ticket.updated_at = message.at;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    if (!stores.billing.UpdateTicket(ticket, from)) {
      return Fail(Error::Conflict("ticket " + ticket.number + " changed meanwhile: read it again"));
    }
    stores.billing.AddTicketMessage(ticket.id, message);
    json::array files;
    for (const auto& file : message.attachments) files.emplace_back(file.sha256);
    stores.accounts.AppendAudit(AuditOf(actor, action, "ticket:" + ticket.id, message.at, ip,
                                        {{"number", ticket.number}, {"files", std::move(files)}}));
    return {};
  });
  if (!written) return Fail(written.error());
  ticket.messages.push_back(message);
  return ticket;
}

Result<Ticket> TicketService::Attach(const Principal& actor, const std::string& id, std::string_view bytes,
                                     const std::string& declared_type, const std::string& original_name,
                                     const std::string& ip) {
  auto ticket = Visible(actor, id);
  if (!ticket) return ticket;
  // Refused before anything is written: a closed ticket takes no file.
  if (auto open = StatusAfterReply(*ticket, actor.role == Role::kStaff); !open) return Fail(open.error());
  auto type = agents::CheckEvidenceUpload(bytes, declared_type, original_name);
  if (!type) return Fail(type.error());
  TicketMessage message = MessageBy(actor, "", ActionTime());
  TicketAttachment file;
  file.id = "att_" + RandomHex(12);
  file.ticket = ticket->id;
  file.message = message.id;
  file.content_type = *type;
  file.original_name = std::string(FirstCharacters(Trim(original_name), 200));
  file.sha256 = agents::Sha256Hex(bytes);
  file.size_bytes = static_cast<std::int64_t>(bytes.size());
  message.attachments.push_back(file);
  const auto path = files_directory_ / "tickets" / ticket->id / file.id;
  if (auto written = agents::WriteFileDurably(path, bytes); !written) return Fail(written.error());
  auto posted = Post(actor, std::move(*ticket), message, "ticket_file_attached", ip);
  if (!posted) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // no row points to it
  }
  return posted;
}

Result<AttachmentContent> TicketService::Attachment(const Principal& actor,
                                                    const std::string& attachment_id) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto found =
      journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindTicketAttachment(attachment_id); });
  if (!found) return Fail(found.error());
  if (!*found || !Visible(actor, (*found)->ticket))
    return Fail(Error::NotFound("no attachment " + attachment_id));
  auto bytes = agents::ReadStoredFile(files_directory_ / "tickets" / (*found)->ticket / (*found)->id);
  if (!bytes) return Fail(bytes.error());
  return AttachmentContent{std::move(**found), std::move(*bytes)};
}

Result<Ticket> TicketService::Close(const Principal& actor, const std::string& id, const std::string& ip) {
  auto ticket = Visible(actor, id);
  if (!ticket) return ticket;
  if (ticket->status == TicketStatus::kClosed) {
    return Fail(Error::Conflict("ticket " + ticket->number + " is already closed"));
  }
  const Timestamp now = ActionTime();
  const TicketStatus from = ticket->status;
  ticket->status = TicketStatus::kClosed;
  ticket->updated_at = now;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    if (!stores.billing.UpdateTicket(*ticket, from)) {
      return Fail(Error::Conflict("ticket " + ticket->number + " changed meanwhile: read it again"));
    }
    stores.accounts.AppendAudit(
        AuditOf(actor, "ticket_closed", "ticket:" + ticket->id, now, ip, {{"number", ticket->number}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return ticket;
}

}  // namespace wakala::billing
