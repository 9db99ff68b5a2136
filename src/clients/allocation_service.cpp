#include "clients/allocation_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "agents/audit.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::clients {

namespace json = boost::json;
using accounts::Principal;
using agents::AuditOf;
using engine::AssociationSource;
using engine::Engine;

namespace {

// A reason staff give: kept trimmed, required unless `optional`, bounded.
std::string CheckReason(const std::string& reason, bool optional, std::vector<FieldError>& problems) {
  std::string trimmed(Trim(reason));
  if (trimmed.empty() && !optional) problems.push_back({"reason", "is required"});
  if (CountCharacters(trimmed) > AllocationService::kMaxReasonLength) {
    problems.push_back(
        {"reason", fmt::format("must be at most {} characters", AllocationService::kMaxReasonLength)});
  }
  return trimmed;
}

Error UnknownClient(const std::string& client_id) {
  return Error::NotFound("no client " + client_id + " in the program");
}

Error UnknownAgent(const std::string& agent_id) {
  return Error::NotFound("no agent " + agent_id + " in the program");
}

// The agent a client is to go to: known (404) and not terminated (409).
Result<void> ReceivingAgent(const Engine& engine, const std::string& agent_id) {
  const auto found = engine.agents().find(agent_id);
  if (found == engine.agents().end()) return Fail(UnknownAgent(agent_id));
  if (found->second.terminated) {
    return Fail(Error::Conflict("agent " + agent_id + " is terminated; it cannot take clients"));
  }
  return {};
}

const engine::Association* CurrentAssociation(const Engine& engine, const std::string& client_id) {
  const auto found = engine.clients().find(client_id);
  if (found == engine.clients().end() || !found->second.association) return nullptr;
  return &engine.associations()[*found->second.association];
}

// Open -> `status`: the request as decided, or a conflict when another
// staff member decided it first.
Result<TransferRequest> DecideOpenRequest(ClientStore& clients, const std::string& request_id,
                                          const std::string& status, const Principal& actor,
                                          const std::string& reason, Timestamp at) {
  if (!clients.DecideTransferRequest(request_id, status, actor.AuditName(), reason, at)) {
    return Fail(Error::Conflict("transfer request " + request_id + " was decided by someone else meanwhile"));
  }
  return *clients.FindTransferRequest(request_id);
}

}  // namespace

AllocationService::AllocationService(Journal& journal, const Clock& clock)
    : journal_(journal), clock_(clock) {}

Timestamp AllocationService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

Result<ClientPage> AllocationService::List(const Principal& actor, const ClientQuery& query) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::map<std::string, clients::ClientAccountRow> accounts;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (auto& row : stores.clients.ListClientAccounts()) {
      const std::string id = row.id;
      accounts.emplace(id, std::move(row));
    }
    return {};
  });
  if (!read) return Fail(read.error());
  ClientPage page;
  const std::string needle = ToLower(query.q);
  journal_.Read([&](const Engine& engine) {
    for (const auto& [id, client] : engine.clients()) {
      ClientSummary summary;
      summary.id = id;
      if (const auto account = accounts.find(id); account != accounts.end()) {
        summary.name = account->second.name;
        summary.email = account->second.email;
      }
      if (summary.email.empty()) summary.email = client.facts.email;
      if (const auto* association = CurrentAssociation(engine, id)) {
        summary.agent = association->agent;
        summary.source = std::string(engine::SourceName(association->source));
        summary.since = association->created_at;
      }
      if (query.unassigned && summary.agent) continue;
      if (!needle.empty()) {
        const std::array<const std::string*, 3> searched{&summary.id, &summary.name, &summary.email};
        const bool found = std::any_of(searched.begin(), searched.end(), [&](const std::string* field) {
          return ToLower(*field).find(needle) != std::string::npos;
        });
        if (!found) continue;
      }
      if (page.total >= query.offset && page.items.size() < query.limit)
        page.items.push_back(std::move(summary));
      ++page.total;
    }
  });
  return page;
}

Result<engine::Association> AllocationService::Assign(const Principal& actor, const std::string& client_id,
                                                      const std::string& agent_id, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  const Timestamp at = ActionTime();
  const engine::Command event =
      engine::Associate{at, client_id, agent_id, AssociationSource::kStaffAssignment, ""};
  engine::Association made;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (!engine.clients().contains(client_id)) return Fail(UnknownClient(client_id));
        if (auto agent = ReceivingAgent(engine, agent_id); !agent) return agent;
        if (const auto* current = CurrentAssociation(engine, client_id)) {
          return Fail(Error::Conflict("client " + client_id + " already has an agent (" + current->agent +
                                      "); staff move it with a transfer"));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        const auto* association = CurrentAssociation(engine, client_id);
        if (association == nullptr || association->agent != agent_id) {
          return Fail(Error::Conflict("the engine refused the assignment of " + client_id));
        }
        made = *association;
        stores.accounts.AppendAudit(AuditOf(actor, "client_assigned", "client:" + client_id, at, ip,
                                            json::object{{"agent", agent_id}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return made;
}

Result<engine::Association> AllocationService::Transfer(const Principal& actor, const std::string& client_id,
                                                        const std::string& agent_id,
                                                        const std::string& reason_given,
                                                        const std::string& ip,
                                                        const TransferOptions& options) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, false, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the transfer cannot be made as given", problems));
  const Timestamp at = ActionTime();
  // The engine ends the current association and starts the new one at the
  // same instant: an invoice paid from then on is the new agent's.
  const std::vector<engine::Command> events{
      engine::Revoke{at, client_id},
      engine::Associate{at, client_id, agent_id, AssociationSource::kStaffAssignment, ""}};
  std::string from;
  engine::Association made;
  auto applied = journal_.ApplyChecked(
      events,
      [&](const Engine& engine) -> Result<void> {
        if (!engine.clients().contains(client_id)) return Fail(UnknownClient(client_id));
        if (auto agent = ReceivingAgent(engine, agent_id); !agent) return agent;
        const auto* current = CurrentAssociation(engine, client_id);
        if (options.expected_from && (current == nullptr || current->agent != *options.expected_from)) {
          return Fail(
              Error::Conflict("the client's situation changed: its agent is " +
                              (current == nullptr ? std::string("none any more") : "now " + current->agent) +
                              ", not " + *options.expected_from + " as when it asked"));
        }
        if (current == nullptr) {
          return Fail(Error::Conflict("client " + client_id + " has no agent; staff assign it instead"));
        }
        if (current->agent == agent_id) {
          return Fail(Error::Invalid("the transfer changes nothing",
                                     {{"agent_id", "is the client's agent already"}}));
        }
        from = current->agent;
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        const auto* association = CurrentAssociation(engine, client_id);
        if (association == nullptr || association->agent != agent_id) {
          return Fail(Error::Conflict("the engine refused the transfer of " + client_id));
        }
        made = *association;
        stores.clients.InsertTransfer(clients::ClientTransfer{"trf_" + RandomHex(8), client_id, from,
                                                              agent_id, reason, actor.AuditName(), at});
        auto& accounts = stores.accounts;
        // The former agent's sign-ins as this client end with its association
        // (sessions and their records keep the wall clock, like every session).
        accounts.EndImpersonationsOfClient(client_id, SystemClock().Now(), "transferred");
        accounts.AppendAudit(AuditOf(actor, "client_transferred", "client:" + client_id, at, ip,
                                     json::object{{"from", from}, {"to", agent_id}, {"reason", reason}}));
        if (options.alongside) return options.alongside(stores, at);
        return {};
      });
  if (!applied) return Fail(applied.error());
  return made;
}

Result<clients::TransferRequest> AllocationService::OpenTransferRequest(const std::string& request_id) {
  auto read_request =
      journal_.ReadFrom([&](Stores& stores) { return stores.clients.FindTransferRequest(request_id); });
  if (!read_request) return Fail(read_request.error());
  auto& request = *read_request;
  if (!request) return Fail(Error::NotFound("no transfer request " + request_id));
  if (request->status != "open") {
    return Fail(Error::Conflict("transfer request " + request_id + " was " + request->status + " already"));
  }
  return std::move(*request);
}

Result<TransferRequestDecision> AllocationService::ApproveTransferRequest(const Principal& actor,
                                                                          const std::string& request_id,
                                                                          const std::string& reason_given,
                                                                          const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string staff_reason = CheckReason(reason_given, true, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the request cannot be approved as given", problems));
  auto request = OpenTransferRequest(request_id);
  if (!request) return Fail(request.error());
  const std::string client_message(Trim(request->message));
  const std::string reason = !staff_reason.empty()     ? staff_reason
                             : !client_message.empty() ? client_message
                                                       : std::string("at the client's request");
  TransferRequestDecision decision;
  TransferOptions options;
  options.expected_from = request->from_agent_id;
  options.alongside = [&](Stores& stores, Timestamp at) -> Result<void> {
    auto decided = DecideOpenRequest(stores.clients, request_id, "approved", actor, reason, at);
    if (!decided) return Fail(decided.error());
    decision.request = std::move(*decided);
    stores.accounts.AppendAudit(AuditOf(actor, "transfer_request_approved", "client:" + request->client_id,
                                        at, ip,
                                        json::object{{"request", request_id},
                                                     {"from", request->from_agent_id},
                                                     {"to", request->to_agent_id},
                                                     {"reason", reason}}));
    return {};
  };
  auto made = Transfer(actor, request->client_id, request->to_agent_id, reason, ip, options);
  if (!made) return Fail(made.error());
  decision.association = std::move(*made);
  return decision;
}

Result<TransferRequestDecision> AllocationService::DeclineTransferRequest(const Principal& actor,
                                                                          const std::string& request_id,
                                                                          const std::string& reason_given,
                                                                          const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, false, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the request cannot be declined as given", problems));
  auto request = OpenTransferRequest(request_id);
  if (!request) return Fail(request.error());
  const Timestamp at = ActionTime();
  TransferRequestDecision decision;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto decided = DecideOpenRequest(stores.clients, request_id, "declined", actor, reason, at);
    if (!decided) return Fail(decided.error());
    decision.request = std::move(*decided);
    stores.accounts.AppendAudit(
        AuditOf(actor, "transfer_request_declined", "client:" + request->client_id, at, ip,
                json::object{{"request", request_id}, {"to", request->to_agent_id}, {"reason", reason}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return decision;
}

Result<std::vector<AssociationEntry>> AllocationService::History(const Principal& actor,
                                                                 const std::string& client_id) {
  if (auto allowed = accounts::RequireClientAccess(actor, client_id); !allowed) return Fail(allowed.error());
  auto read_transfers =
      journal_.ReadFrom([&](Stores& stores) { return stores.clients.ListTransfers(client_id); });
  if (!read_transfers) return Fail(read_transfers.error());
  auto& transfers = *read_transfers;
  bool known = false;
  std::vector<AssociationEntry> history;
  journal_.Read([&](const Engine& engine) {
    known = engine.clients().contains(client_id);
    for (const auto& association : engine.associations()) {
      if (association.client != client_id) continue;
      AssociationEntry entry{association, std::nullopt};
      for (const auto& transfer : transfers) {
        if (transfer.to_agent_id == association.agent && transfer.at == association.created_at) {
          entry.transfer_reason = transfer.reason;
        }
      }
      history.push_back(std::move(entry));
    }
  });
  if (!known) return Fail(UnknownClient(client_id));
  return history;
}

Result<clients::FraudFlag> AllocationService::OpenFlag(const std::string& flag_id) {
  auto read_flag = journal_.ReadFrom([&](Stores& stores) { return stores.clients.FindFlag(flag_id); });
  if (!read_flag) return Fail(read_flag.error());
  auto& flag = *read_flag;
  if (!flag) return Fail(Error::NotFound("no fraud flag " + flag_id));
  if (flag->status != "open")
    return Fail(Error::Conflict("fraud flag " + flag_id + " was " + flag->status + " already"));
  return std::move(*flag);
}

Result<FlagDecision> AllocationService::DismissFlag(const Principal& actor, const std::string& flag_id,
                                                    const std::string& reason_given, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, true, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the flag cannot be dismissed as given", problems));
  auto flag = OpenFlag(flag_id);
  if (!flag) return Fail(flag.error());
  boost::system::error_code ec;
  const auto evidence = json::parse(flag->evidence, ec);
  const bool has_evidence = !ec && evidence.is_object();
  // A flag raised on an association that existed (billing learned later that
  // the client pays with the agent's own method): dismissing it associates
  // nothing; the client keeps the agent it has, if any.
  const bool on_association = has_evidence && evidence.as_object().contains("association");
  std::optional<engine::Association> existing;
  journal_.Read([&](const Engine& engine) {
    const auto* current = CurrentAssociation(engine, flag->client_id);
    if (current != nullptr && current->agent == flag->agent_id) existing = *current;
  });
  if (existing || on_association) {
    FlagDecision decision;
    decision.association = existing;
    const Timestamp at = ActionTime();
    auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
      auto& clients = stores.clients;
      if (!clients.DecideFlag(flag_id, "dismissed", actor.AuditName(), reason, clock_.Now())) {
        return Fail(Error::Conflict("fraud flag " + flag_id + " was decided by someone else meanwhile"));
      }
      decision.flag = *clients.FindFlag(flag_id);
      stores.accounts.AppendAudit(
          AuditOf(actor, "fraud_flag_dismissed", "client:" + flag->client_id, at, ip,
                  json::object{{"flag", flag_id}, {"agent", flag->agent_id}, {"reason", reason}}));
      return {};
    });
    if (!written) return Fail(written.error());
    return decision;
  }
  // The click behind the signup is the referral evidence of the association.
  std::optional<clients::ReferralClick> click;
  if (has_evidence && evidence.as_object().contains("click") && evidence.at("click").is_string()) {
    const std::string click_id(evidence.at("click").as_string());
    auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
      click = stores.clients.FindClick(click_id);
      return {};
    });
    if (!read) return Fail(read.error());
  }
  // A prospect who accepted the agent's quote: the quote is the evidence.
  const bool by_quote =
      has_evidence && evidence.as_object().contains("quote") && evidence.at("quote").is_string();
  const std::string referral_url = by_quote ? "quote:" + std::string(evidence.at("quote").as_string())
                                   : click  ? "/r/" + click->referral_id + " -> " + click->landing_url
                                            : "";
  const Timestamp at = ActionTime();
  const engine::Command event = engine::Associate{
      at, flag->client_id, flag->agent_id,
      by_quote ? AssociationSource::kQuote : AssociationSource::kReferralLink, referral_url};
  FlagDecision decision;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (!engine.clients().contains(flag->client_id)) return Fail(UnknownClient(flag->client_id));
        if (auto agent = ReceivingAgent(engine, flag->agent_id); !agent) return agent;
        if (const auto* current = CurrentAssociation(engine, flag->client_id)) {
          return Fail(Error::Conflict("client " + flag->client_id + " has an agent since (" + current->agent +
                                      "); decide the flag by confirming it, or transfer the client"));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        const auto* association = CurrentAssociation(engine, flag->client_id);
        if (association == nullptr || association->agent != flag->agent_id) {
          // The engine's own rule: the client's email, phone or KRA PIN is the agent's.
          return Fail(
              Error::Conflict("the engine refuses the association: the client's email, phone or KRA PIN "
                              "is the agent's own (a self-referral by rule); confirm the flag instead"));
        }
        auto& clients = stores.clients;
        if (!clients.DecideFlag(flag_id, "dismissed", actor.AuditName(), reason, clock_.Now())) {
          return Fail(Error::Conflict("fraud flag " + flag_id + " was decided by someone else meanwhile"));
        }
        decision.association = *association;
        decision.flag = *clients.FindFlag(flag_id);
        stores.accounts.AppendAudit(AuditOf(actor, "fraud_flag_dismissed", "client:" + flag->client_id, at,
                                            ip,
                                            json::object{{"flag", flag_id},
                                                         {"agent", flag->agent_id},
                                                         {"referral_url", referral_url},
                                                         {"reason", reason}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return decision;
}

Result<FlagDecision> AllocationService::ConfirmFlag(const Principal& actor, const std::string& flag_id,
                                                    const std::string& reason_given, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(reason_given, false, problems);
  if (!problems.empty()) return Fail(Error::Invalid("the flag cannot be confirmed as given", problems));
  auto flag = OpenFlag(flag_id);
  if (!flag) return Fail(flag.error());
  const Timestamp at = ActionTime();
  // The self-referral made no association, hence no commission: the violation
  // is recorded on the agent and forfeits nothing. Staff who judge that the
  // abuse should cost more record a violation on the agent (all_unpaid).
  const engine::Command event = engine::Violation{
      at, flag->agent_id, false, {}, fmt::format("{} (fraud flag {}): {}", flag->kind, flag_id, reason)};
  FlagDecision decision;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        const auto found = engine.agents().find(flag->agent_id);
        if (found == engine.agents().end()) return Fail(UnknownAgent(flag->agent_id));
        if (found->second.terminated) {
          return Fail(
              Error::Conflict("agent " + flag->agent_id + " is terminated; it cannot get a violation"));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        auto& clients = stores.clients;
        if (!clients.DecideFlag(flag_id, "confirmed", actor.AuditName(), reason, clock_.Now())) {
          return Fail(Error::Conflict("fraud flag " + flag_id + " was decided by someone else meanwhile"));
        }
        decision.flag = *clients.FindFlag(flag_id);
        decision.violation = engine.agents().at(flag->agent_id).violations.back();
        stores.accounts.AppendAudit(AuditOf(
            actor, "fraud_flag_confirmed", "agent:" + flag->agent_id, at, ip,
            json::object{
                {"flag", flag_id}, {"client", flag->client_id}, {"kind", flag->kind}, {"reason", reason}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return decision;
}

Result<std::vector<ReversibleCommission>> AllocationService::Reversible(
    const Principal& actor, const std::optional<std::string>& agent_id) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  bool known = true;
  std::vector<ReversibleCommission> items;
  journal_.Read([&](const Engine& engine) {
    if (agent_id && !engine.agents().contains(*agent_id)) {
      known = false;
      return;
    }
    for (const auto& [id, commission] : engine.commissions()) {
      if (!commission.reversible || (agent_id && commission.agent != *agent_id)) continue;
      const auto invoice = engine.invoices().find(commission.invoice);
      items.push_back(ReversibleCommission{
          commission, invoice == engine.invoices().end() ? std::string() : invoice->second.client,
          engine.CommissionState(commission)});
    }
  });
  if (!known) return Fail(UnknownAgent(*agent_id));
  std::sort(items.begin(), items.end(), [](const ReversibleCommission& a, const ReversibleCommission& b) {
    return std::tie(a.commission.agent, a.commission.created_at, a.commission.id) <
           std::tie(b.commission.agent, b.commission.created_at, b.commission.id);
  });
  return items;
}

Result<std::vector<engine::Forfeit>> AllocationService::Reverse(const Principal& actor,
                                                                const ReverseRequest& request,
                                                                const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = CheckReason(request.reason, false, problems);
  if (request.agent_id && !request.commission_ids.empty()) {
    problems.push_back({"commission_ids", "give either commission_ids or agent_id, not both"});
  } else if (!request.agent_id && request.commission_ids.empty()) {
    problems.push_back(
        {"commission_ids", "name the commissions to reverse, or give agent_id to reverse all of them"});
  }
  const std::set<std::string> distinct(request.commission_ids.begin(), request.commission_ids.end());
  if (distinct.size() != request.commission_ids.size()) {
    problems.push_back({"commission_ids", "names a commission twice"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the reversal cannot be made as given", problems));

  const Timestamp at = ActionTime();
  const engine::Command event =
      engine::ReverseUnreferred{at, request.agent_id, request.commission_ids, reason};
  std::map<std::string, Money> left_before;  // the commissions the event will take from
  std::vector<engine::Forfeit> reversed;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (request.agent_id) {
          if (!engine.agents().contains(*request.agent_id)) return Fail(UnknownAgent(*request.agent_id));
          for (const auto* commission : engine.CommissionsOf(*request.agent_id)) {
            if (commission->reversible && commission->Left() > Money{})
              left_before[commission->id] = commission->Left();
          }
          if (left_before.empty()) {
            return Fail(Error::Invalid("nothing to reverse",
                                       {{"agent_id", "has no reversible commission with anything left"}}));
          }
          return {};
        }
        std::vector<FieldError> wrong;
        for (const auto& id : request.commission_ids) {
          const auto found = engine.commissions().find(id);
          if (found == engine.commissions().end()) {
            wrong.push_back({"commission_ids", "\"" + id + "\" is not a commission"});
          } else if (!found->second.reversible) {
            wrong.push_back({"commission_ids", "\"" + id +
                                                   "\" is not reversible (its association has referral "
                                                   "evidence, or staff made it)"});
          } else if (found->second.Left() <= Money{}) {
            wrong.push_back({"commission_ids", "\"" + id + "\" has nothing left to reverse (it is " +
                                                   engine.CommissionState(found->second) + ")"});
          } else {
            left_before[id] = found->second.Left();
          }
        }
        if (!wrong.empty()) return Fail(Error::Invalid("the reversal cannot be made as given", wrong));
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        std::map<std::string, std::vector<engine::Forfeit>> by_agent;
        reversed.reserve(left_before.size());
        for (const auto& [id, before] : left_before) {
          const auto& commission = engine.commissions().at(id);
          const Money taken = before - commission.Left();
          if (taken <= Money{}) continue;
          reversed.push_back(engine::Forfeit{id, taken});
          by_agent[commission.agent].push_back(reversed.back());
        }
        auto& accounts = stores.accounts;
        for (const auto& [agent, items] : by_agent) {
          json::array lines;
          Money total;
          for (const auto& item : items) {
            lines.push_back(
                json::object{{"commission_id", item.commission}, {"amount", item.amount.ToString()}});
            total += item.amount;
          }
          accounts.AppendAudit(AuditOf(actor, "commissions_reversed", "agent:" + agent, at, ip,
                                       json::object{{"reason", reason},
                                                    {"bulk", request.agent_id.has_value()},
                                                    {"reversed", std::move(lines)},
                                                    {"reversed_total", total.ToString()}}));
        }
        return {};
      });
  if (!applied) return Fail(applied.error());
  return reversed;
}

}  // namespace wakala::clients
