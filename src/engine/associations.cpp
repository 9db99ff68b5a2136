// Clients and their agents: association, self-referral, revocation, reassignment (program-rules.md 2).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace wakala::engine {

namespace {

std::string Digits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

bool SameIdentity(std::string_view a, std::string_view b, bool digits_only) {
  if (digits_only) {
    const std::string x = Digits(a);
    return !x.empty() && x == Digits(b);
  }
  const std::string x = ToLower(Trim(a));
  return !x.empty() && x == ToLower(Trim(b));
}

}  // namespace

Result<void> Engine::Register(ClientFacts facts) {
  if (facts.id.empty()) return Fail(Error::Invalid("client id is empty"));
  if (clients_.contains(facts.id)) return Fail(Error::Invalid("client \"" + facts.id + "\" is listed twice"));
  Client client;
  client.facts = std::move(facts);
  const std::string id = client.facts.id;
  auto& [key, stored] = *clients_.emplace(id, std::move(client)).first;
  client_index_.emplace(key, &stored);
  return {};
}

Result<void> Engine::Run(const AddClient& event) {
  if (auto added = Register(event.client); !added) return added;
  return AdvanceAfterRegistering(event.at);
}

std::optional<std::string> Engine::AgentOf(const std::string& client) const {
  const auto found = clients_.find(client);
  if (found == clients_.end() || !found->second.association) return std::nullopt;
  return associations_[*found->second.association].agent;
}

int Engine::CurrentClients(const std::string& agent) const {
  const auto found = clients_of_.find(agent);
  return found == clients_of_.end() ? 0 : static_cast<int>(found->second.size());
}

void Engine::StartAssociation(Timestamp at, const std::string& client, const std::string& agent,
                              AssociationSource source, const std::string& referral_url) {
  Association association;
  association.client = client;
  association.agent = agent;
  association.source = source;
  association.referral_url = referral_url;
  association.created_at = at;
  association.rate_card = program_.CardAt(at).version;
  // 4.4: an association the agent made itself without a referral URL behind it.
  association.reversible = MadeByAgent(source) && referral_url.empty();
  associations_.push_back(association);
  clients_.at(client).association = associations_.size() - 1;
  clients_of_[agent].insert(client);
}

void Engine::EndAssociation(Timestamp at, const std::string& client) {
  auto& record = clients_.at(client);
  if (!record.association) return;
  clients_of_[associations_[*record.association].agent].erase(client);
  associations_[*record.association].ended_at = at;
  record.association.reset();
}

std::vector<ClientMove> Engine::Reassign(Timestamp at, const std::vector<std::string>& losing_agents) {
  std::vector<ClientMove> moves;
  // Receivers: the active agents of the highest tier (above the lowest) that
  // has any. Tiers do not change while clients move, so this is found once;
  // losing agents are terminated or at the lowest tier, so never among them.
  std::vector<std::string> receivers;
  for (TierIndex tier = program_.TopTier(); tier > 0 && receivers.empty(); --tier) {
    for (const std::string_view id : active_by_tier_.at(static_cast<std::size_t>(tier))) {
      receivers.emplace_back(id);
    }
  }
  // Each client goes to the receiver with the fewest current clients, ties to
  // the lowest id: the first of this set ordered by (count, id).
  std::set<std::pair<int, std::string>> by_load;
  for (const auto& id : receivers) by_load.emplace(CurrentClients(id), id);
  for (const auto& losing : losing_agents) {
    const auto current = clients_of_.find(losing);
    const std::vector<std::string> clients =
        current == clients_of_.end()
            ? std::vector<std::string>{}
            : std::vector<std::string>(current->second.begin(), current->second.end());
    for (const auto& client : clients) {  // client-id order
      EndAssociation(at, client);
      if (by_load.empty()) {  // waits in the unassigned pool for staff
        moves.push_back(ClientMove{client, losing, std::nullopt});
        continue;
      }
      auto [count, chosen] = *by_load.begin();
      by_load.erase(by_load.begin());
      StartAssociation(at, client, chosen, AssociationSource::kReassignment, "");
      moves.push_back(ClientMove{client, losing, chosen});
      by_load.emplace(count + 1, std::move(chosen));
    }
  }
  return moves;
}

Result<void> Engine::Run(const Associate& event) {
  if (!clients_.contains(event.client))
    return Fail(Error::Invalid("client: no client \"" + event.client + "\""));
  auto agent = RequireAgent(event.agent, "agent");
  if (!agent) return Fail(agent.error());
  if (event.source == AssociationSource::kReassignment) {
    return Fail(Error::Invalid("source: reassignment is done by the engine, not by an event"));
  }
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  const Client& client = clients_.at(event.client);
  if ((*agent)->terminated) {
    Refuse(event.at, "associate " + event.client, "agent " + event.agent + " is terminated");
    return {};
  }
  if (client.association) {
    Refuse(event.at, "associate " + event.client,
           "client already has an agent (" + associations_[*client.association].agent + ")");
    return {};
  }
  if (event.source != AssociationSource::kStaffAssignment) {
    const auto& a = (*agent)->facts;
    const auto& c = client.facts;
    if (SameIdentity(a.email, c.email, false) || SameIdentity(a.phone, c.phone, true) ||
        SameIdentity(a.kra_pin, c.kra_pin, false)) {
      flags_.push_back(Flag{"self_referral", event.agent, event.client, event.at});
      Refuse(event.at, "associate " + event.client, "self-referral by " + event.agent);
      return {};
    }
  }
  StartAssociation(event.at, event.client, event.agent, event.source, event.referral_url);
  return {};
}

Result<void> Engine::Run(const Revoke& event) {
  if (!clients_.contains(event.client))
    return Fail(Error::Invalid("client: no client \"" + event.client + "\""));
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  if (!clients_.at(event.client).association) {
    Refuse(event.at, "revoke " + event.client, "client has no agent");
    return {};
  }
  EndAssociation(event.at, event.client);
  return {};
}

}  // namespace wakala::engine
