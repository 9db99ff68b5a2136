#pragma once

#include "accounts/store.hpp"
#include "storage/database.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// AccountStore over one SOCI session (inside a transaction run by Database).
class SqlAccountStore final : public accounts::AccountStore {
 public:
  explicit SqlAccountStore(soci::session& session) : session_(session) {}

  void InsertUser(const accounts::UserRecord& record) override;
  std::optional<accounts::UserRecord> FindUserById(const std::string& id) override;
  std::optional<accounts::UserRecord> FindUserByEmail(const std::string& email) override;
  std::vector<accounts::User> ListUsers(const std::optional<std::string>& agent_id,
                                        const std::optional<std::string>& client_id) override;
  void UpdateUser(const accounts::User& user) override;
  void UpdatePasswordHash(const std::string& user_id, const std::string& hash) override;
  void SetLanguage(const std::string& user_id, const std::string& language) override;

  void InsertSession(const accounts::SessionRecord& session) override;
  std::optional<accounts::SessionRecord> FindSession(const std::string& token_digest) override;
  void TouchSession(const std::string& token_digest, Timestamp last_seen_at) override;
  void DeleteSession(const std::string& token_digest) override;
  void DeleteSessionsOfUser(const std::string& user_id) override;

  void InsertImpersonation(const accounts::ImpersonationRecord& impersonation) override;
  std::optional<accounts::ImpersonationRecord> FindImpersonation(const std::string& id) override;
  std::vector<accounts::ImpersonationRecord> ListImpersonations(const std::string& client_id) override;
  void EndImpersonation(const std::string& id, Timestamp at, const std::string& reason) override;
  void EndImpersonationsOfClient(const std::string& client_id, Timestamp at,
                                 const std::string& reason) override;
  void EndImpersonationsOfAgent(const std::string& agent_id, Timestamp at,
                                const std::string& reason) override;
  void EndImpersonationsOfUser(const std::string& user_id, Timestamp at, const std::string& reason) override;

  void InsertInvitation(const accounts::InvitationRecord& invitation) override;
  std::optional<accounts::InvitationRecord> FindInvitation(const std::string& token_digest) override;
  void MarkInvitationUsed(const std::string& token_digest, Timestamp at) override;

  void InsertApiKey(const accounts::ApiKeyRecord& key) override;
  std::optional<accounts::ApiKeyRecord> FindApiKey(const std::string& id) override;
  std::vector<accounts::ApiKeyRecord> ListApiKeys() override;
  void RevokeApiKey(const std::string& id, Timestamp at) override;

  void AppendAudit(const accounts::AuditEntry& entry) override;
  std::vector<accounts::AuditEntry> ListAudit(const accounts::AuditQuery& query) override;
  std::vector<Timestamp> AuditTimesBySubject(const std::string& action, const std::string& subject,
                                             Timestamp since) override;
  std::vector<Timestamp> AuditTimesByIp(const std::string& action, const std::string& ip,
                                        Timestamp since) override;
  std::vector<Timestamp> AuditTimesBySubjectAndIp(const std::string& action, const std::string& subject,
                                                  const std::string& ip, Timestamp since) override;

  void InsertAgentCompany(const accounts::Organisation& agent) override;
  void InsertClientAccount(const accounts::Organisation& client) override;
  std::optional<accounts::Organisation> FindAgentCompany(const std::string& id) override;
  std::optional<accounts::Organisation> FindClientAccount(const std::string& id) override;

 private:
  std::optional<accounts::UserRecord> FindUserWhere(const char* sql, const std::string& key);
  std::vector<Timestamp> AuditTimes(const char* sql, const std::string& action, const std::string& key,
                                    Timestamp since);
  std::optional<accounts::Organisation> FindOrganisation(const char* sql, const std::string& id);

  soci::session& session_;
};

class SqlAccountTransactions final : public accounts::AccountTransactions {
 public:
  explicit SqlAccountTransactions(Database& database) : database_(database) {}
  Result<void> Read(const std::function<Result<void>(accounts::AccountStore&)>& work) override;
  Result<void> Write(const std::function<Result<void>(accounts::AccountStore&)>& work) override;

 private:
  Database& database_;
};

}  // namespace wakala::storage
