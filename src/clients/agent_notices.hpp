#pragma once

#include <string>

#include "clients/store.hpp"
#include "core/error.hpp"

namespace wakala::clients {

// Tells an agent of an event of one of its clients (service state, invoices,
// tickets, quote decisions), in the caller's transaction: the notice in its
// panel, and the first time its id is seen, an email to the company's address
// in the language of the user who holds that address ("en" if none). The
// caller has checked that the agent wants to hear of the event's kind.
// `notice.detail` is the JSON object whose string fields fill the template
// agent_event.<kind>.
Result<void> TellAgent(Stores& stores, const AgentNotification& notice, const std::string& public_url);

}  // namespace wakala::clients
