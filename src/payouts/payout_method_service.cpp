#include "payouts/payout_method_service.hpp"

#include <boost/json.hpp>
#include <map>

#include "agents/records_service.hpp"
#include "clients/client_service.hpp"
#include "core/secure_random.hpp"

namespace wakala::payouts {

namespace json = boost::json;
using accounts::Principal;

PayoutMethodService::PayoutMethodService(clients::Journal& journal, const Clock& clock)
    : journal_(journal), clock_(clock) {}

Result<void> PayoutMethodService::RequireOwner(const Principal& actor, const std::string& agent_id) {
  if (auto allowed = agents::RequireAgentPerson(journal_, actor, agent_id, true); !allowed) return allowed;
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) { known = engine.agents().contains(agent_id); });
  if (!known) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  return {};
}

Result<std::vector<clients::PayoutMethodRecord>> PayoutMethodService::PayoutMethods(
    const Principal& actor, const std::string& agent_id) {
  if (auto allowed = RequireOwner(actor, agent_id); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](clients::Stores& stores) { return stores.clients.PayoutMethods(agent_id); });
}

Result<std::vector<clients::PayoutMethodRecord>> PayoutMethodService::SetPayoutMethod(
    const Principal& actor, const std::string& agent_id, const clients::PaymentMethodForm& form,
    const std::string& ip) {
  if (auto allowed = RequireOwner(actor, agent_id); !allowed) return Fail(allowed.error());
  auto method = clients::ValidatePaymentMethod(form, clients::PaymentMethodRules{});
  if (!method) return Fail(method.error());
  const Timestamp now = clock_.Now();
  clients::PayoutMethodRecord record{"pom_" + RandomHex(8), agent_id,          method->method,
                                     method->mpesa_number,  method->bank_code, method->account_number,
                                     method->fingerprint,   actor.AuditName(), now,
                                     std::nullopt};
  // Clients known to pay with this method, and which of them are the agent's
  // now (§4.4: the agent's own money behind its client). Read before the
  // write: the engine is never locked inside a database transaction.
  auto read_paying = journal_.ReadFrom(
      [&](clients::Stores& stores) { return stores.clients.ClientPaymentMethodsWith(record.fingerprint); });
  if (!read_paying) return Fail(read_paying.error());
  auto& paying = *read_paying;
  std::map<std::string, engine::Association> associations;
  journal_.Read([&](const engine::Engine& engine) {
    for (const auto& known : paying) {
      const auto client = engine.clients().find(known.client_id);
      if (client == engine.clients().end() || !client->second.association) continue;
      const auto& association = engine.associations()[*client->second.association];
      if (association.agent == agent_id) associations.emplace(known.client_id, association);
    }
  });
  std::vector<clients::PayoutMethodRecord> methods;
  auto written = journal_.WriteStores([&](clients::Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    const auto before = store.PayoutMethods(agent_id);
    if (!before.empty() && !before.front().ended_at && before.front().fingerprint == record.fingerprint) {
      methods = before;  // the same method again: nothing changes
      return {};
    }
    store.ReplacePayoutMethod(record);
    for (const auto& known : paying) {
      const auto association = associations.find(known.client_id);
      if (association == associations.end()) continue;
      const auto [flag, raised] = clients::RaisePaymentMatchFlag(
          store,
          clients::PaymentMatch{known.client_id, agent_id, known.fingerprint, record.fingerprint,
                                known.method, "payout_method:" + record.id, now, association->second},
          now);
      if (raised) store.SetClientPaymentMethodFlag(known.id, agent_id, flag);
    }
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "payout_method_set", "agent:" + agent_id, now, ip,
        json::serialize(json::object{{"payout_method", record.id}, {"method", record.method}})));
    methods = store.PayoutMethods(agent_id);
    return {};
  });
  if (!written) return Fail(written.error());
  return methods;
}

}  // namespace wakala::payouts
