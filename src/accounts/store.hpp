#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "core/error.hpp"

namespace wakala::accounts {

// What the accounts module needs from persistence; storage/ implements it.
// Methods throw on database failure; a duplicate key is reported as
// ErrorCode::kConflict by the transaction runner.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  virtual void InsertUser(const UserRecord& record) = 0;
  virtual std::optional<UserRecord> FindUserById(const std::string& id) = 0;
  virtual std::optional<UserRecord> FindUserByEmail(const std::string& email) = 0;
  virtual std::vector<User> ListUsers(const std::optional<std::string>& agent_id,
                                      const std::optional<std::string>& client_id) = 0;
  virtual void UpdateUser(const User& user) = 0;
  virtual void UpdatePasswordHash(const std::string& user_id, const std::string& hash) = 0;
  virtual void SetLanguage(const std::string& user_id, const std::string& language) = 0;

  virtual void InsertSession(const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> FindSession(const std::string& token_digest) = 0;
  virtual void TouchSession(const std::string& token_digest, Timestamp last_seen_at) = 0;
  virtual void DeleteSession(const std::string& token_digest) = 0;
  virtual void DeleteSessionsOfUser(const std::string& user_id) = 0;

  virtual void InsertImpersonation(const ImpersonationRecord& impersonation) = 0;
  virtual std::optional<ImpersonationRecord> FindImpersonation(const std::string& id) = 0;
  // A client's impersonations, newest first.
  virtual std::vector<ImpersonationRecord> ListImpersonations(const std::string& client_id) = 0;
  // Ends the impersonation (if open) and deletes its session.
  virtual void EndImpersonation(const std::string& id, Timestamp at, const std::string& reason) = 0;
  // Ends every open impersonation of the client and deletes their sessions.
  virtual void EndImpersonationsOfClient(const std::string& client_id, Timestamp at,
                                         const std::string& reason) = 0;
  // The same for every open impersonation by the agent company's users, or by one agent user.
  virtual void EndImpersonationsOfAgent(const std::string& agent_id, Timestamp at,
                                        const std::string& reason) = 0;
  virtual void EndImpersonationsOfUser(const std::string& user_id, Timestamp at,
                                       const std::string& reason) = 0;

  virtual void InsertInvitation(const InvitationRecord& invitation) = 0;
  virtual std::optional<InvitationRecord> FindInvitation(const std::string& token_digest) = 0;
  virtual void MarkInvitationUsed(const std::string& token_digest, Timestamp at) = 0;

  virtual void InsertApiKey(const ApiKeyRecord& key) = 0;
  virtual std::optional<ApiKeyRecord> FindApiKey(const std::string& id) = 0;
  virtual std::vector<ApiKeyRecord> ListApiKeys() = 0;
  virtual void RevokeApiKey(const std::string& id, Timestamp at) = 0;

  virtual void AppendAudit(const AuditEntry& entry) = 0;
  virtual std::vector<AuditEntry> ListAudit(const AuditQuery& query) = 0;
  // Times of entries with this action and subject (or ip) after `since`,
  // oldest first: what login rate limiting counts.
  virtual std::vector<Timestamp> AuditTimesBySubject(const std::string& action, const std::string& subject,
                                                     Timestamp since) = 0;
  virtual std::vector<Timestamp> AuditTimesByIp(const std::string& action, const std::string& ip,
                                                Timestamp since) = 0;
  virtual std::vector<Timestamp> AuditTimesBySubjectAndIp(const std::string& action,
                                                          const std::string& subject, const std::string& ip,
                                                          Timestamp since) = 0;

  virtual void InsertAgentCompany(const Organisation& agent) = 0;
  virtual void InsertClientAccount(const Organisation& client) = 0;
  virtual std::optional<Organisation> FindAgentCompany(const std::string& id) = 0;
  virtual std::optional<Organisation> FindClientAccount(const std::string& id) = 0;
};

// Runs work against an AccountStore inside one database transaction: Write
// commits only if the work returns success, and rolls back on an error or an
// exception, so nothing is half-applied.
class AccountTransactions {
 public:
  virtual ~AccountTransactions() = default;
  virtual Result<void> Read(const std::function<Result<void>(AccountStore&)>& work) = 0;
  virtual Result<void> Write(const std::function<Result<void>(AccountStore&)>& work) = 0;
};

}  // namespace wakala::accounts
