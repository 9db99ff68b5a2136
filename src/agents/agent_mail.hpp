#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/store.hpp"
#include "core/error.hpp"
#include "engine/engine.hpp"
#include "notify/templates.hpp"

namespace wakala::agents {

// Where an agent company's mail goes: its address, read in the language of
// the user who holds that address ("en" when no user does).
struct Mailbox {
  std::string address, language;
};
std::optional<Mailbox> AgentMailbox(Stores& stores, const std::string& agent_id);

// Queues `template_name` to the agent company (nothing when it has no
// address); params["company"] is its name. In the caller's transaction.
Result<void> EmailAgent(Stores& stores, const std::string& agent_id, const std::string& template_name,
                        notify::Params params, Timestamp at);

// The emails an agent gets of what the engine did in one batch of commands
// (journal::Journal's effects hook, in the batch's transaction, so each is
// queued once with the events that caused it): withdrawal states, commission
// that matured, the affiliate warnings, tier changes at a quarter close or by
// staff, with their explanation. `before` is where the engine stood before the
// batch; only what the batch added is read.
Result<void> QueueEngineNotices(Stores& stores, const engine::Engine& engine,
                                const engine::EngineMarks& before,
                                const std::vector<engine::Command>& commands, const std::string& public_url);

}  // namespace wakala::agents
