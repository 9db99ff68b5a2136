#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "accounts/service.hpp"
#include "clients/store.hpp"
#include "core/clock.hpp"

namespace wakala::clients {

// How a client reaches its service manager.
struct ManagerContact {
  std::string agent_id, name, email, phone, referral_id;
};

// What the service-manager link shows the signed-in client.
struct ServiceManagerLink {
  ManagerContact agent;                   // the agent of the link
  std::vector<std::string> permissions;   // what confirming would grant (the defaults)
  std::optional<ManagerContact> current;  // the client's manager now, if it has one
};

struct ServiceManagerView {
  std::string client_id;
  std::string client_name;  // the client's company, for its home page and the sign-in-as-client banner
  std::optional<ManagerContact> manager;
  std::string source;  // how the association came about
  std::optional<Timestamp> since;
  bool reversible = false;  // commissions reversible for lack of referral evidence (§4.4)
  std::vector<std::string> permissions;
  std::vector<accounts::ImpersonationRecord> impersonations;  // newest first
  // The display name of each agent user who signed in as the client, by user id.
  std::map<std::string, std::string> agent_user_names;
};

// Service managers (§4.2, §4.3): the link an agent shares with its clients,
// transfer requests, "My service manager" with revocation, and "sign in as
// client". Associations are engine events; grants, requests and sessions are
// written in the same transaction.
class ServiceManagerService {
 public:
  ServiceManagerService(Journal& journal, const Clock& program_clock, const Clock& wall_clock,
                        accounts::AccountService& accounts);

  Result<ServiceManagerLink> Link(const accounts::Principal& actor, const std::string& referral_id);
  // Who a link names, for anyone who opens it (before signing in): the active
  // agent's public contact, as the agent shares it with the link.
  Result<ManagerContact> LinkAgent(const std::string& referral_id);
  // `permissions`: a subset of the grantable actions; nullopt: the defaults.
  Result<ServiceManagerView> Confirm(const accounts::Principal& actor, const std::string& referral_id,
                                     const std::optional<std::vector<std::string>>& permissions,
                                     const std::string& ip);
  Result<clients::TransferRequest> RequestTransfer(const accounts::Principal& actor,
                                                   const std::string& referral_id, const std::string& message,
                                                   const std::string& ip);
  Result<std::vector<clients::TransferRequest>> TransferRequests(const accounts::Principal& actor,
                                                                 const std::string& status);
  // The signed-in client's own requests and what staff decided, newest first.
  Result<std::vector<clients::TransferRequest>> MyTransferRequests(const accounts::Principal& actor);
  Result<ServiceManagerView> View(const accounts::Principal& actor, const std::string& client_id);
  // Ends the association and, at once, every session the agent has in the client's panel.
  Result<void> Revoke(const accounts::Principal& actor, const std::string& client_id, const std::string& ip);
  Result<accounts::LoginResult> SignInAsClient(const accounts::Principal& actor, const std::string& client_id,
                                               const std::string& ip);
  // Is `agent_id` (still active) the client's service manager right now?
  bool Manages(const std::string& agent_id, const std::string& client_id);

 private:
  Timestamp ActionTime();
  Result<ManagerContact> Contact(const std::string& agent_id);
  // The agent whose service-manager link this is; NotFound for an unknown referral id.
  Result<agents::AgentProfile> AgentOfLink(const std::string& referral_id);

  Journal& journal_;
  const Clock& program_clock_;
  const Clock& wall_clock_;
  accounts::AccountService& accounts_;
};

}  // namespace wakala::clients
