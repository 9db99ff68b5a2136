#include "agents/store.hpp"
#include "core/secure_random.hpp"

namespace wakala::agents {

OutboundEmail OutboundEmail::To(std::string recipient, notify::Email email, Timestamp at) {
  OutboundEmail queued;
  queued.id = "mail_" + RandomHex(8);
  queued.recipient = std::move(recipient);
  queued.subject = std::move(email.subject);
  queued.body = std::move(email.text);
  queued.created_at = at;
  queued.html_body = std::move(email.html);
  queued.template_name = std::move(email.template_name);
  queued.language = std::move(email.language);
  return queued;
}

}  // namespace wakala::agents
