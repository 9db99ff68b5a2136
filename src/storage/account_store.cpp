#include "storage/account_store.hpp"

#include <soci/soci.h>

#include <sstream>

namespace wakala::storage {

using accounts::ApiKeyRecord;
using accounts::AuditEntry;
using accounts::Organisation;
using accounts::SessionRecord;
using accounts::User;
using accounts::UserRecord;

namespace sql {
constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, display_name, role, agent_id, client_id, active, password_hash, "
    "created_at, language)"
    " VALUES (:id, :email, :display_name, :role, :agent_id, :client_id, :active, :password_hash, "
    ":created_at, :language)";
constexpr const char* kUserColumns =
    "SELECT id, email, display_name, role, agent_id, client_id, active, password_hash, created_at, "
    "language FROM users ";
constexpr const char* kFindUserById = "WHERE id = :id";
constexpr const char* kFindUserByEmail = "WHERE email = :email";
constexpr const char* kListUsers =
    "WHERE (:agent_id = '' OR agent_id = :agent_id2) AND (:client_id = '' OR client_id = :client_id2)"
    " ORDER BY email";
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = :display_name, active = :active WHERE id = :id";
constexpr const char* kSetLanguage = "UPDATE users SET language = :language WHERE id = :id";
constexpr const char* kUpdatePasswordHash = "UPDATE users SET password_hash = :hash WHERE id = :id";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip,"
    " impersonation_id)"
    " VALUES (:token_digest, :user_id, :csrf_token, :created_at, :last_seen_at, :expires_at, :ip,"
    " :impersonation_id)";
constexpr const char* kFindSession =
    "SELECT token_digest, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, impersonation_id"
    " FROM sessions WHERE token_digest = :token_digest";

constexpr const char* kInsertImpersonation =
    "INSERT INTO impersonations (id, agent_id, agent_user_id, client_id, permissions, started_at, "
    "expires_at, ip)"
    " VALUES (:id, :agent_id, :agent_user_id, :client_id, :permissions, :started_at, :expires_at, :ip)";
constexpr const char* kImpersonationColumns =
    "SELECT id, agent_id, agent_user_id, client_id, permissions, started_at, expires_at, ended_at,"
    " COALESCE(end_reason, ''), ip FROM impersonations";
constexpr const char* kDeleteImpersonationSession = "DELETE FROM sessions WHERE impersonation_id = :id";
constexpr const char* kEndImpersonation =
    "UPDATE impersonations SET ended_at = :at, end_reason = :reason WHERE id = :id AND ended_at IS NULL";
constexpr const char* kDeleteImpersonationSessionsOfClient =
    "DELETE FROM sessions WHERE impersonation_id IN"
    " (SELECT id FROM impersonations WHERE client_id = :client_id AND ended_at IS NULL)";
constexpr const char* kEndImpersonationsOfClient =
    "UPDATE impersonations SET ended_at = :at, end_reason = :reason"
    " WHERE client_id = :client_id AND ended_at IS NULL";
constexpr const char* kDeleteImpersonationSessionsOfAgent =
    "DELETE FROM sessions WHERE impersonation_id IN"
    " (SELECT id FROM impersonations WHERE agent_id = :agent_id AND ended_at IS NULL)";
constexpr const char* kEndImpersonationsOfAgent =
    "UPDATE impersonations SET ended_at = :at, end_reason = :reason"
    " WHERE agent_id = :agent_id AND ended_at IS NULL";
constexpr const char* kDeleteImpersonationSessionsOfUser =
    "DELETE FROM sessions WHERE impersonation_id IN"
    " (SELECT id FROM impersonations WHERE agent_user_id = :user_id AND ended_at IS NULL)";
constexpr const char* kEndImpersonationsOfUser =
    "UPDATE impersonations SET ended_at = :at, end_reason = :reason"
    " WHERE agent_user_id = :user_id AND ended_at IS NULL";
constexpr const char* kTouchSession =
    "UPDATE sessions SET last_seen_at = :last_seen_at WHERE token_digest = :token_digest";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_digest = :token_digest";
constexpr const char* kDeleteSessionsOfUser = "DELETE FROM sessions WHERE user_id = :user_id";

constexpr const char* kInsertInvitation =
    "INSERT INTO invitations (token_digest, user_id, created_at, expires_at) VALUES (:token_digest, :user_id,"
    " :created_at, :expires_at)";
constexpr const char* kFindInvitation =
    "SELECT token_digest, user_id, created_at, expires_at, used_at FROM invitations WHERE token_digest = "
    ":digest";
constexpr const char* kMarkInvitationUsed =
    "UPDATE invitations SET used_at = :at WHERE token_digest = :digest AND used_at IS NULL";

constexpr const char* kInsertApiKey =
    "INSERT INTO api_keys (id, name, scopes, secret_digest, signing_secret, created_by, created_at, "
    "revoked_at)"
    " VALUES (:id, :name, :scopes, :secret_digest, :signing_secret, :created_by, :created_at, NULL)";
constexpr const char* kApiKeyColumns =
    "SELECT id, name, scopes, secret_digest, signing_secret, created_by, created_at, revoked_at FROM "
    "api_keys ";
constexpr const char* kFindApiKey = "WHERE id = :id";
constexpr const char* kListApiKeys = "ORDER BY created_at, id";
constexpr const char* kRevokeApiKey = "UPDATE api_keys SET revoked_at = :at WHERE id = :id";

constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (actor, on_behalf_of, action, subject, at, ip, detail)"
    " VALUES (:actor, :on_behalf_of, :action, :subject, :at, :ip, :detail)";
constexpr const char* kListAudit =
    "SELECT seq, actor, on_behalf_of, action, subject, at, ip, detail FROM audit_log"
    " WHERE (:action = '' OR action = :action2) AND (:actor = '' OR actor = :actor2)"
    " AND (:subject = '' OR subject = :subject2) AND (:on_behalf_of = '' OR on_behalf_of = :on_behalf_of2)"
    " AND seq < :before_seq"
    " ORDER BY seq DESC LIMIT :limit";
constexpr const char* kAuditTimesBySubject =
    "SELECT at FROM audit_log WHERE action = :action AND subject = :subject AND at > :since ORDER BY at";
constexpr const char* kAuditTimesByIp =
    "SELECT at FROM audit_log WHERE action = :action AND ip = :ip AND at > :since ORDER BY at";
constexpr const char* kAuditTimesBySubjectAndIp =
    "SELECT at FROM audit_log WHERE action = :action AND subject = :subject AND ip = :ip AND at > :since"
    " ORDER BY at";

constexpr const char* kInsertAgentCompany = "INSERT INTO agent_companies (id, name) VALUES (:id, :name)";
constexpr const char* kInsertClientAccount = "INSERT INTO client_accounts (id, name) VALUES (:id, :name)";
constexpr const char* kFindAgentCompany = "SELECT id, name FROM agent_companies WHERE id = :id";
constexpr const char* kFindClientAccount = "SELECT id, name FROM client_accounts WHERE id = :id";
}  // namespace sql

namespace {

// One row of `users`, bound column by column (typed, never soci::row).
struct UserRow {
  std::string id, email, display_name, role, agent_id, client_id, password_hash, language;
  soci::indicator agent_ind = soci::i_null, client_ind = soci::i_null;
  int active = 1;
  long long created_at = 0;

  UserRecord ToRecord() const {
    UserRecord record;
    record.user.id = id;
    record.user.email = email;
    record.user.display_name = display_name;
    record.user.role = accounts::ParseRole(role).value_or(accounts::Role::kClient);
    if (agent_ind == soci::i_ok) record.user.agent_id = agent_id;
    if (client_ind == soci::i_ok) record.user.client_id = client_id;
    record.user.active = active != 0;
    record.user.created_at = FromUnixSeconds(created_at);
    record.user.language = language;
    record.password_hash = password_hash;
    return record;
  }
};

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const auto& scope : scopes) {
    joined += (joined.empty() ? "" : " ") + scope;
  }
  return joined;
}

std::vector<std::string> SplitScopes(const std::string& joined) {
  std::vector<std::string> scopes;
  std::istringstream stream(joined);
  for (std::string scope; stream >> scope;) {
    scopes.push_back(scope);
  }
  return scopes;
}

}  // namespace

void SqlAccountStore::InsertUser(const UserRecord& record) {
  const User& user = record.user;
  const std::string role(accounts::RoleName(user.role));
  const std::string agent_id = user.agent_id.value_or("");
  const std::string client_id = user.client_id.value_or("");
  soci::indicator agent_ind = user.agent_id ? soci::i_ok : soci::i_null;
  soci::indicator client_ind = user.client_id ? soci::i_ok : soci::i_null;
  const int active = user.active ? 1 : 0;
  const long long created_at = ToUnixSeconds(user.created_at);
  session_ << sql::kInsertUser, soci::use(user.id), soci::use(user.email), soci::use(user.display_name),
      soci::use(role), soci::use(agent_id, agent_ind), soci::use(client_id, client_ind), soci::use(active),
      soci::use(record.password_hash), soci::use(created_at), soci::use(user.language);
}

std::optional<UserRecord> SqlAccountStore::FindUserWhere(const char* where, const std::string& key) {
  UserRow row;
  session_ << std::string(sql::kUserColumns) + where, soci::into(row.id), soci::into(row.email),
      soci::into(row.display_name), soci::into(row.role), soci::into(row.agent_id, row.agent_ind),
      soci::into(row.client_id, row.client_ind), soci::into(row.active), soci::into(row.password_hash),
      soci::into(row.created_at), soci::into(row.language), soci::use(key);
  if (!session_.got_data()) {
    return std::nullopt;
  }
  return row.ToRecord();
}

std::optional<UserRecord> SqlAccountStore::FindUserById(const std::string& id) {
  return FindUserWhere(sql::kFindUserById, id);
}

std::optional<UserRecord> SqlAccountStore::FindUserByEmail(const std::string& email) {
  return FindUserWhere(sql::kFindUserByEmail, email);
}

std::vector<User> SqlAccountStore::ListUsers(const std::optional<std::string>& agent_id,
                                             const std::optional<std::string>& client_id) {
  const std::string agent = agent_id.value_or("");
  const std::string client = client_id.value_or("");
  UserRow row;
  soci::statement statement =
      (session_.prepare << std::string(sql::kUserColumns) + sql::kListUsers, soci::into(row.id),
       soci::into(row.email), soci::into(row.display_name), soci::into(row.role),
       soci::into(row.agent_id, row.agent_ind), soci::into(row.client_id, row.client_ind),
       soci::into(row.active), soci::into(row.password_hash), soci::into(row.created_at),
       soci::into(row.language), soci::use(agent), soci::use(agent), soci::use(client), soci::use(client));
  statement.execute();
  std::vector<User> users;
  while (statement.fetch()) {
    users.push_back(row.ToRecord().user);
  }
  return users;
}

void SqlAccountStore::UpdateUser(const User& user) {
  const int active = user.active ? 1 : 0;
  session_ << sql::kUpdateUser, soci::use(user.display_name), soci::use(active), soci::use(user.id);
}

void SqlAccountStore::SetLanguage(const std::string& user_id, const std::string& language) {
  session_ << sql::kSetLanguage, soci::use(language), soci::use(user_id);
}

void SqlAccountStore::UpdatePasswordHash(const std::string& user_id, const std::string& hash) {
  session_ << sql::kUpdatePasswordHash, soci::use(hash), soci::use(user_id);
}

void SqlAccountStore::InsertSession(const SessionRecord& session) {
  const long long created = ToUnixSeconds(session.created_at);
  const long long seen = ToUnixSeconds(session.last_seen_at);
  const long long expires = ToUnixSeconds(session.expires_at);
  const std::string impersonation = session.impersonation_id.value_or("");
  soci::indicator impersonation_ind = session.impersonation_id ? soci::i_ok : soci::i_null;
  session_ << sql::kInsertSession, soci::use(session.token_digest), soci::use(session.user_id),
      soci::use(session.csrf_token), soci::use(created), soci::use(seen), soci::use(expires),
      soci::use(session.ip), soci::use(impersonation, impersonation_ind);
}

std::optional<SessionRecord> SqlAccountStore::FindSession(const std::string& token_digest) {
  SessionRecord record;
  long long created = 0;
  long long seen = 0;
  long long expires = 0;
  std::string impersonation;
  soci::indicator impersonation_ind = soci::i_null;
  session_ << sql::kFindSession, soci::into(record.token_digest), soci::into(record.user_id),
      soci::into(record.csrf_token), soci::into(created), soci::into(seen), soci::into(expires),
      soci::into(record.ip), soci::into(impersonation, impersonation_ind), soci::use(token_digest);
  if (!session_.got_data()) {
    return std::nullopt;
  }
  if (impersonation_ind == soci::i_ok) record.impersonation_id = impersonation;
  record.created_at = FromUnixSeconds(created);
  record.last_seen_at = FromUnixSeconds(seen);
  record.expires_at = FromUnixSeconds(expires);
  return record;
}

void SqlAccountStore::TouchSession(const std::string& token_digest, Timestamp last_seen_at) {
  const long long seen = ToUnixSeconds(last_seen_at);
  session_ << sql::kTouchSession, soci::use(seen), soci::use(token_digest);
}

void SqlAccountStore::DeleteSession(const std::string& token_digest) {
  session_ << sql::kDeleteSession, soci::use(token_digest);
}

void SqlAccountStore::DeleteSessionsOfUser(const std::string& user_id) {
  session_ << sql::kDeleteSessionsOfUser, soci::use(user_id);
}

void SqlAccountStore::InsertImpersonation(const accounts::ImpersonationRecord& impersonation) {
  const std::string permissions = JoinScopes(impersonation.permissions);
  const long long started = ToUnixSeconds(impersonation.started_at);
  const long long expires = ToUnixSeconds(impersonation.expires_at);
  session_ << sql::kInsertImpersonation, soci::use(impersonation.id), soci::use(impersonation.agent_id),
      soci::use(impersonation.agent_user_id), soci::use(impersonation.client_id), soci::use(permissions),
      soci::use(started), soci::use(expires), soci::use(impersonation.ip);
}

namespace {
// Reads the rows of a query over sql::kImpersonationColumns bound to one value.
std::vector<accounts::ImpersonationRecord> ReadImpersonations(soci::session& session,
                                                              const std::string& query,
                                                              const std::string& value) {
  std::vector<accounts::ImpersonationRecord> records;
  accounts::ImpersonationRecord record;
  std::string permissions;
  long long started = 0;
  long long expires = 0;
  long long ended = 0;
  soci::indicator ended_ind = soci::i_null;
  soci::statement statement =
      (session.prepare << query, soci::into(record.id), soci::into(record.agent_id),
       soci::into(record.agent_user_id), soci::into(record.client_id), soci::into(permissions),
       soci::into(started), soci::into(expires), soci::into(ended, ended_ind), soci::into(record.end_reason),
       soci::into(record.ip), soci::use(value));
  statement.execute();
  while (statement.fetch()) {
    accounts::ImpersonationRecord row = record;
    row.permissions = SplitScopes(permissions);
    row.started_at = FromUnixSeconds(started);
    row.expires_at = FromUnixSeconds(expires);
    if (ended_ind == soci::i_ok) row.ended_at = FromUnixSeconds(ended);
    records.push_back(std::move(row));
  }
  return records;
}
}  // namespace

std::optional<accounts::ImpersonationRecord> SqlAccountStore::FindImpersonation(const std::string& id) {
  auto found = ReadImpersonations(session_, std::string(sql::kImpersonationColumns) + " WHERE id = :id", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<accounts::ImpersonationRecord> SqlAccountStore::ListImpersonations(const std::string& client_id) {
  return ReadImpersonations(
      session_,
      std::string(sql::kImpersonationColumns) + " WHERE client_id = :client_id ORDER BY started_at DESC, id",
      client_id);
}

void SqlAccountStore::EndImpersonation(const std::string& id, Timestamp at, const std::string& reason) {
  const long long ended = ToUnixSeconds(at);
  session_ << sql::kDeleteImpersonationSession, soci::use(id);
  session_ << sql::kEndImpersonation, soci::use(ended), soci::use(reason), soci::use(id);
}

void SqlAccountStore::EndImpersonationsOfClient(const std::string& client_id, Timestamp at,
                                                const std::string& reason) {
  const long long ended = ToUnixSeconds(at);
  session_ << sql::kDeleteImpersonationSessionsOfClient, soci::use(client_id);
  session_ << sql::kEndImpersonationsOfClient, soci::use(ended), soci::use(reason), soci::use(client_id);
}

void SqlAccountStore::EndImpersonationsOfAgent(const std::string& agent_id, Timestamp at,
                                               const std::string& reason) {
  const long long ended = ToUnixSeconds(at);
  session_ << sql::kDeleteImpersonationSessionsOfAgent, soci::use(agent_id);
  session_ << sql::kEndImpersonationsOfAgent, soci::use(ended), soci::use(reason), soci::use(agent_id);
}

void SqlAccountStore::EndImpersonationsOfUser(const std::string& user_id, Timestamp at,
                                              const std::string& reason) {
  const long long ended = ToUnixSeconds(at);
  session_ << sql::kDeleteImpersonationSessionsOfUser, soci::use(user_id);
  session_ << sql::kEndImpersonationsOfUser, soci::use(ended), soci::use(reason), soci::use(user_id);
}

void SqlAccountStore::InsertApiKey(const ApiKeyRecord& key) {
  const std::string scopes = JoinScopes(key.scopes);
  const long long created = ToUnixSeconds(key.created_at);
  session_ << sql::kInsertApiKey, soci::use(key.id), soci::use(key.name), soci::use(scopes),
      soci::use(key.secret_digest), soci::use(key.signing_secret), soci::use(key.created_by),
      soci::use(created);
}

namespace {
struct ApiKeyRow {
  ApiKeyRecord record;
  std::string scopes;
  long long created_at = 0;
  long long revoked_at = 0;
  soci::indicator revoked_ind = soci::i_null;

  ApiKeyRecord ToRecord() const {
    ApiKeyRecord out = record;
    out.scopes = SplitScopes(scopes);
    out.created_at = FromUnixSeconds(created_at);
    if (revoked_ind == soci::i_ok) out.revoked_at = FromUnixSeconds(revoked_at);
    return out;
  }
};
}  // namespace

std::optional<ApiKeyRecord> SqlAccountStore::FindApiKey(const std::string& id) {
  ApiKeyRow row;
  session_ << std::string(sql::kApiKeyColumns) + sql::kFindApiKey, soci::into(row.record.id),
      soci::into(row.record.name), soci::into(row.scopes), soci::into(row.record.secret_digest),
      soci::into(row.record.signing_secret), soci::into(row.record.created_by), soci::into(row.created_at),
      soci::into(row.revoked_at, row.revoked_ind), soci::use(id);
  if (!session_.got_data()) {
    return std::nullopt;
  }
  return row.ToRecord();
}

std::vector<ApiKeyRecord> SqlAccountStore::ListApiKeys() {
  ApiKeyRow row;
  soci::statement statement =
      (session_.prepare << std::string(sql::kApiKeyColumns) + sql::kListApiKeys, soci::into(row.record.id),
       soci::into(row.record.name), soci::into(row.scopes), soci::into(row.record.secret_digest),
       soci::into(row.record.signing_secret), soci::into(row.record.created_by), soci::into(row.created_at),
       soci::into(row.revoked_at, row.revoked_ind));
  statement.execute();
  std::vector<ApiKeyRecord> keys;
  while (statement.fetch()) {
    keys.push_back(row.ToRecord());
  }
  return keys;
}

void SqlAccountStore::RevokeApiKey(const std::string& id, Timestamp at) {
  const long long revoked = ToUnixSeconds(at);
  session_ << sql::kRevokeApiKey, soci::use(revoked), soci::use(id);
}

void SqlAccountStore::AppendAudit(const AuditEntry& entry) {
  const long long at = ToUnixSeconds(entry.at);
  session_ << sql::kInsertAudit, soci::use(entry.actor), soci::use(entry.on_behalf_of),
      soci::use(entry.action), soci::use(entry.subject), soci::use(at), soci::use(entry.ip),
      soci::use(entry.detail);
}

std::vector<AuditEntry> SqlAccountStore::ListAudit(const accounts::AuditQuery& query) {
  const std::string action = query.action.value_or("");
  const std::string actor = query.actor.value_or("");
  const std::string subject = query.subject.value_or("");
  const std::string on_behalf_of = query.on_behalf_of.value_or("");
  const long long before = query.before_seq.value_or(std::numeric_limits<long long>::max());
  const int limit = query.limit;
  AuditEntry row;
  long long seq = 0;
  long long at = 0;
  soci::statement statement =
      (session_.prepare << sql::kListAudit, soci::into(seq), soci::into(row.actor),
       soci::into(row.on_behalf_of), soci::into(row.action), soci::into(row.subject), soci::into(at),
       soci::into(row.ip), soci::into(row.detail), soci::use(action), soci::use(action), soci::use(actor),
       soci::use(actor), soci::use(subject), soci::use(subject), soci::use(on_behalf_of),
       soci::use(on_behalf_of), soci::use(before), soci::use(limit));
  statement.execute();
  std::vector<AuditEntry> entries;
  while (statement.fetch()) {
    row.seq = seq;
    row.at = FromUnixSeconds(at);
    entries.push_back(row);
  }
  return entries;
}

std::vector<Timestamp> SqlAccountStore::AuditTimes(const char* query, const std::string& action,
                                                   const std::string& key, Timestamp since) {
  long long at = 0;
  const long long since_seconds = ToUnixSeconds(since);
  soci::statement statement = (session_.prepare << query, soci::into(at), soci::use(action), soci::use(key),
                               soci::use(since_seconds));
  statement.execute();
  std::vector<Timestamp> times;
  while (statement.fetch()) {
    times.push_back(FromUnixSeconds(at));
  }
  return times;
}

std::vector<Timestamp> SqlAccountStore::AuditTimesBySubject(const std::string& action,
                                                            const std::string& subject, Timestamp since) {
  return AuditTimes(sql::kAuditTimesBySubject, action, subject, since);
}

std::vector<Timestamp> SqlAccountStore::AuditTimesByIp(const std::string& action, const std::string& ip,
                                                       Timestamp since) {
  return AuditTimes(sql::kAuditTimesByIp, action, ip, since);
}

std::vector<Timestamp> SqlAccountStore::AuditTimesBySubjectAndIp(const std::string& action,
                                                                 const std::string& subject,
                                                                 const std::string& ip, Timestamp since) {
  long long at = 0;
  const long long since_seconds = ToUnixSeconds(since);
  soci::statement statement =
      (session_.prepare << sql::kAuditTimesBySubjectAndIp, soci::into(at), soci::use(action),
       soci::use(subject), soci::use(ip), soci::use(since_seconds));
  statement.execute();
  std::vector<Timestamp> times;
  while (statement.fetch()) times.push_back(FromUnixSeconds(at));
  return times;
}

void SqlAccountStore::InsertInvitation(const accounts::InvitationRecord& invitation) {
  const long long created = ToUnixSeconds(invitation.created_at);
  const long long expires = ToUnixSeconds(invitation.expires_at);
  session_ << sql::kInsertInvitation, soci::use(invitation.token_digest), soci::use(invitation.user_id),
      soci::use(created), soci::use(expires);
}

std::optional<accounts::InvitationRecord> SqlAccountStore::FindInvitation(const std::string& token_digest) {
  accounts::InvitationRecord invitation;
  long long created = 0;
  long long expires = 0;
  long long used = 0;
  soci::indicator used_ind = soci::i_null;
  session_ << sql::kFindInvitation, soci::into(invitation.token_digest), soci::into(invitation.user_id),
      soci::into(created), soci::into(expires), soci::into(used, used_ind), soci::use(token_digest);
  if (!session_.got_data()) return std::nullopt;
  invitation.created_at = FromUnixSeconds(created);
  invitation.expires_at = FromUnixSeconds(expires);
  if (used_ind == soci::i_ok) invitation.used_at = FromUnixSeconds(used);
  return invitation;
}

void SqlAccountStore::MarkInvitationUsed(const std::string& token_digest, Timestamp at) {
  const long long when = ToUnixSeconds(at);
  session_ << sql::kMarkInvitationUsed, soci::use(when), soci::use(token_digest);
}

void SqlAccountStore::InsertAgentCompany(const Organisation& agent) {
  session_ << sql::kInsertAgentCompany, soci::use(agent.id), soci::use(agent.name);
}

void SqlAccountStore::InsertClientAccount(const Organisation& client) {
  session_ << sql::kInsertClientAccount, soci::use(client.id), soci::use(client.name);
}

std::optional<Organisation> SqlAccountStore::FindOrganisation(const char* query, const std::string& id) {
  Organisation organisation;
  session_ << query, soci::into(organisation.id), soci::into(organisation.name), soci::use(id);
  if (!session_.got_data()) {
    return std::nullopt;
  }
  return organisation;
}

std::optional<Organisation> SqlAccountStore::FindAgentCompany(const std::string& id) {
  return FindOrganisation(sql::kFindAgentCompany, id);
}

std::optional<Organisation> SqlAccountStore::FindClientAccount(const std::string& id) {
  return FindOrganisation(sql::kFindClientAccount, id);
}

Result<void> SqlAccountTransactions::Read(const std::function<Result<void>(accounts::AccountStore&)>& work) {
  return database_.Read([&](soci::session& session) {
    SqlAccountStore store(session);
    return work(store);
  });
}

Result<void> SqlAccountTransactions::Write(const std::function<Result<void>(accounts::AccountStore&)>& work) {
  return database_.Write([&](soci::session& session) {
    SqlAccountStore store(session);
    return work(store);
  });
}

}  // namespace wakala::storage
