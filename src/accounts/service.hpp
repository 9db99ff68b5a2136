#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "accounts/model.hpp"
#include "accounts/password.hpp"
#include "accounts/principal.hpp"
#include "accounts/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::accounts {

struct SessionPolicy {
  std::chrono::seconds idle_timeout{std::chrono::hours(1)};
  std::chrono::seconds absolute_timeout{std::chrono::hours(12)};
  // last_seen is written at most this often, so a busy session does not turn
  // every read into a database write.
  std::chrono::seconds touch_interval{std::chrono::seconds(60)};
};

// Sign-in throttling: delays, never a lock. Failed sign-ins (and password
// re-entries) are counted per account *and* address, and per address; past
// the free ones, each further failure makes that address wait before its next
// try, twice as long as the last time, up to a cap. A stranger's failures slow
// only the stranger: the owner from another address is not held up, and a
// right password after the wait gets in. A success forgets its pair's failures.
struct LoginLimits {
  int failures_per_account = 5;                              // free failures per account and address
  int failures_per_ip = 20;                                  // free failures per address, over all accounts
  std::chrono::seconds window{std::chrono::hours(24)};       // failures older than this are forgotten
  std::chrono::seconds first_delay{1};                       // doubles with each further failure
  std::chrono::seconds max_delay{std::chrono::minutes(15)};  // per account and address
  std::chrono::seconds max_delay_per_ip{std::chrono::minutes(1)};  // per address (a proxy, an office)
};

struct LoginResult {
  std::string session_token;  // goes into the cookie; never stored in clear
  std::string csrf_token;
  Timestamp expires_at{};
  User user;
  std::optional<ImpersonationRecord> impersonation;  // set when the session acts for a client
};

// "Sign in as client" sessions last this long from their start, whatever the
// activity, and are never extended.
inline constexpr std::chrono::minutes kImpersonationLifetime{30};

struct NewUser {
  std::string email;
  std::string display_name;
  std::string role;
  std::optional<std::string> agent_id;
  std::optional<std::string> client_id;
  std::string password;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<bool> active;
  std::optional<std::string> password;
};

struct CreatedApiKey {
  ApiKeyRecord record;
  std::string key;  // the whole secret, shown exactly once
};

// Sign-in, sessions, users, API keys and the audit log. Pure rules over an
// AccountStore and a Clock; no HTTP, no SQL.
class AccountService {
 public:
  AccountService(AccountTransactions& transactions, const Clock& clock, const PasswordHasher& hasher,
                 SessionPolicy session_policy, LoginLimits login_limits);

  Result<LoginResult> Login(const std::string& email, const std::string& password, const std::string& ip);
  // Sets the password of an invited user from its one-time token, then signs
  // it in. An unknown, used or expired token is refused alike (401).
  Result<LoginResult> AcceptInvitation(const std::string& token, const std::string& password,
                                       const std::string& ip);
  Result<Principal> AuthenticateSession(const std::string& session_token);
  Result<Principal> AuthenticateApiKey(const std::string& key);
  Result<void> Logout(const Principal& principal, const std::string& ip);
  // The language the signed-in user reads email in ("en" or "sw"); the panels
  // set it when the user switches language.
  Result<User> SetLanguage(const Principal& principal, const std::string& language, const std::string& ip);
  // Fresh re-authentication before a sensitive action (a withdrawal): the
  // signed-in user's password again. Failures count towards the login limits.
  Result<void> ConfirmPassword(const Principal& actor, const std::string& password, const std::string& ip);

  // An agent user's session acting for `client_id` with `permissions`, in
  // place of the agent's own session (ended). The caller has checked, at this
  // moment, that the client is associated to the agent.
  Result<LoginResult> StartImpersonation(const Principal& agent_user, const std::string& client_id,
                                         const std::vector<std::string>& permissions, const std::string& ip);
  // Ends the impersonated session `principal` rides on and gives the agent
  // user a fresh session of its own.
  Result<LoginResult> EndImpersonation(const Principal& principal, const std::string& ip);
  // Ends the impersonated session `principal` rides on, without a session in
  // its place (the association behind it is gone): the record says `reason`.
  Result<void> CloseImpersonation(const Principal& principal, const std::string& reason,
                                  const std::string& ip);
  // The audit line of a request made by an agent acting for a client.
  Result<void> RecordImpersonated(const Principal& principal, const std::string& action,
                                  const std::string& detail, const std::string& ip);

  Result<User> CreateUser(const Principal& actor, const NewUser& request, const std::string& ip);
  Result<User> GetUser(const Principal& actor, const std::string& user_id);
  Result<std::vector<User>> ListUsers(const Principal& actor);
  Result<std::vector<User>> ListAgentUsers(const Principal& actor, const std::string& agent_id);
  Result<std::vector<User>> ListClientUsers(const Principal& actor, const std::string& client_id);
  Result<User> UpdateUser(const Principal& actor, const std::string& user_id, const UserPatch& patch,
                          const std::string& ip);

  Result<CreatedApiKey> CreateApiKey(const Principal& actor, const std::string& name,
                                     const std::vector<std::string>& scopes, const std::string& ip);
  Result<std::vector<ApiKeyRecord>> ListApiKeys(const Principal& actor);
  Result<void> RevokeApiKey(const Principal& actor, const std::string& key_id, const std::string& ip);

  Result<std::vector<AuditEntry>> ListAudit(const Principal& actor, const AuditQuery& query);

  // Creates the organisation if no organisation has this id (seed data, and
  // the stand-in until the agents and clients modules own these records).
  Result<void> EnsureAgentCompany(const Principal& actor, const Organisation& agent, const std::string& ip);
  Result<void> EnsureClientAccount(const Principal& actor, const Organisation& client, const std::string& ip);

  // The identity of work the server does by itself (seeding, scheduled jobs).
  static Principal System();

 private:
  Result<LoginResult> StartSession(const User& user, const std::string& ip, const char* action);
  Result<void> CheckLoginRate(AccountStore& store, const std::string& email, const std::string& ip,
                              Timestamp now) const;
  AuditEntry Audit(const Principal& actor, std::string action, std::string subject, const std::string& ip,
                   std::string detail = "{}") const;

  AccountTransactions& transactions_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
  SessionPolicy session_policy_;
  LoginLimits login_limits_;
};

// A new invitation for `user_id`: the token (for the link, shown once) and the
// record to store (its digest).
struct NewInvitation {
  std::string token;
  InvitationRecord record;
};
NewInvitation MakeInvitation(const std::string& user_id, Timestamp now, std::chrono::seconds lifetime);

// The password hash of a user who has not chosen a password yet: no password
// verifies against it.
inline constexpr const char* kNoPasswordYet = "!invited";

// Lowercase, trimmed email; "" if it does not look like an address.
std::string NormaliseEmail(std::string_view email);

}  // namespace wakala::accounts
