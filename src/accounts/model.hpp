#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace wakala::accounts {

// Every user has exactly one role; agent and client users belong to one
// organisation (an agent company, a client account).
enum class Role { kStaff, kAgent, kClient };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct User {
  std::string id;
  std::string email;  // normalised: trimmed, lowercase
  std::string display_name;
  Role role = Role::kClient;
  std::optional<std::string> agent_id;   // set iff role == kAgent
  std::optional<std::string> client_id;  // set iff role == kClient
  bool active = true;
  Timestamp created_at{};
  std::string language = "en";  // what email reaches the user in: "en" or "sw"
};

struct UserRecord {
  User user;
  std::string password_hash;  // argon2id encoded string (libsodium crypto_pwhash_str)
};

// A login session. Only the digest of the bearer token is stored, so a copy of
// the database does not let anyone sign in.
struct SessionRecord {
  std::string token_digest;
  std::string user_id;
  std::string csrf_token;
  Timestamp created_at{};
  Timestamp last_seen_at{};
  Timestamp expires_at{};  // absolute limit, whatever the activity
  std::string ip;
  std::optional<std::string> impersonation_id;  // set: an agent user acting for a client
};

// An agent user signed in as one of its clients ("sign in as client", §4.3):
// time-boxed, limited to what the client granted, kept after it ends so that
// the client sees who acted for it and when.
struct ImpersonationRecord {
  std::string id;
  std::string agent_id;
  std::string agent_user_id;
  std::string client_id;
  std::vector<std::string> permissions;
  Timestamp started_at{};
  Timestamp expires_at{};
  std::optional<Timestamp> ended_at;
  // "ended", "logout", "expired", "revoked", "transferred", "agent_terminated",
  // "association_ended", "user_deactivated", "password_changed"; "" while open
  std::string end_reason;
  std::string ip;
};

// A one-time link to set a password (a new agent's owner, an invited
// colleague). Only the digest of the token is stored.
struct InvitationRecord {
  std::string token_digest;
  std::string user_id;
  Timestamp created_at{};
  Timestamp expires_at{};
  std::optional<Timestamp> used_at;
};

struct ApiKeyRecord {
  std::string id;  // public part of the key, shown in lists
  std::string name;
  std::vector<std::string> scopes;
  std::string secret_digest;
  std::string signing_secret;  // HMAC key for signed requests (billing events)
  std::string created_by;      // user id
  Timestamp created_at{};
  std::optional<Timestamp> revoked_at;
};

// One line of the append-only audit log.
struct AuditEntry {
  std::int64_t seq = 0;      // assigned by the store, strictly increasing
  std::string actor;         // "user:<id>", "api_key:<id>", "anonymous", "system"
  std::string on_behalf_of;  // for actions done for someone else (sign in as client); else ""
  std::string action;        // e.g. "login", "login_failed", "user_created"
  std::string subject;       // what the action was about, e.g. "user:<id>" or an email
  Timestamp at{};
  std::string ip;
  std::string detail;  // small JSON object with action-specific facts
};

struct AuditQuery {
  std::optional<std::string> action;
  std::optional<std::string> actor;
  std::optional<std::string> subject;
  std::optional<std::string> on_behalf_of;  // "client:<id>": what agents did signed in as that client
  std::optional<std::int64_t> before_seq;   // cursor: entries with seq < this
  int limit = 50;
};

// Agent companies and client accounts are fleshed out by their own modules;
// accounts only needs to know that they exist and what they are called.
struct Organisation {
  std::string id;
  std::string name;
};

}  // namespace wakala::accounts
