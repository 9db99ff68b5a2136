#include "accounts/service.hpp"

#include <algorithm>
#include <utility>

#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::accounts {

namespace {

constexpr std::string_view kApiKeyPrefix = "wk_";
constexpr std::size_t kMaxNameLength = 200;

Error WrongCredentials() {
  return Error::Unauthenticated("email or password is wrong");
}
Error SessionInvalid() {
  return Error::Unauthenticated("not signed in, or the session has expired");
}

// How long the next try must still wait after `failures` (oldest first):
// nothing within the free ones, then `first` after the last failure, doubling
// with each failure beyond, up to `cap`. Zero when the wait is over.
std::chrono::seconds RequiredWait(const std::vector<Timestamp>& failures, int free_failures,
                                  std::chrono::seconds first, std::chrono::seconds cap, Timestamp now) {
  if (failures.size() < static_cast<std::size_t>(std::max(free_failures, 0))) return std::chrono::seconds(0);
  const auto beyond =
      std::min<std::size_t>(failures.size() - static_cast<std::size_t>(std::max(free_failures, 0)), 30);
  const auto delay = std::min<std::chrono::seconds>(cap, first * (std::int64_t{1} << beyond));
  // Failures are stored in whole seconds: count from the end of that second.
  const Timestamp allowed_at = failures.back() + std::chrono::seconds(1) + delay;
  if (now >= allowed_at) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(allowed_at - now);
}

}  // namespace

std::string NormaliseEmail(std::string_view email) {
  std::string normalised = ToLower(Trim(email));
  const auto at = normalised.find('@');
  const bool plausible = normalised.size() <= 254 && at != std::string::npos && at > 0 &&
                         normalised.find('@', at + 1) == std::string::npos &&
                         normalised.find('.', at) != std::string::npos && normalised.back() != '.' &&
                         normalised.find_first_of(" \t\r\n<>\"") == std::string::npos;
  return plausible ? normalised : "";
}

AccountService::AccountService(AccountTransactions& transactions, const Clock& clock,
                               const PasswordHasher& hasher, SessionPolicy session_policy,
                               LoginLimits login_limits)
    : transactions_(transactions),
      clock_(clock),
      hasher_(hasher),
      session_policy_(session_policy),
      login_limits_(login_limits) {}

Principal AccountService::System() {
  Principal system;
  system.kind = Principal::Kind::kUser;
  system.id = "system";
  system.role = Role::kStaff;
  return system;
}

AuditEntry AccountService::Audit(const Principal& actor, std::string action, std::string subject,
                                 const std::string& ip, std::string detail) const {
  AuditEntry entry;
  entry.actor = actor.id == "system" ? "system" : actor.AuditName();
  if (actor.impersonation) entry.on_behalf_of = "client:" + actor.impersonation->client_id;
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.at = clock_.Now();
  entry.ip = ip;
  entry.detail = std::move(detail);
  return entry;
}

Result<void> AccountService::CheckLoginRate(AccountStore& store, const std::string& email,
                                            const std::string& ip, Timestamp now) const {
  const Timestamp since = now - login_limits_.window;
  // This account from this address: failures since its last success from here.
  Timestamp pair_since = since;
  if (const auto user = store.FindUserByEmail(email)) {
    for (const char* success : {"login", "password_confirmed"}) {
      const auto times = store.AuditTimesBySubjectAndIp(success, "user:" + user->user.id, ip, since);
      if (!times.empty()) pair_since = std::max(pair_since, times.back());
    }
  }
  const auto pair = store.AuditTimesBySubjectAndIp("login_failed", email, ip, pair_since);
  if (const auto wait = RequiredWait(pair, login_limits_.failures_per_account, login_limits_.first_delay,
                                     login_limits_.max_delay, now);
      wait.count() > 0) {
    return Fail(Error::RateLimited("too many failed sign-ins for this account from this address; wait " +
                                       std::to_string(wait.count()) + " s before the next try",
                                   wait));
  }
  // This address over all accounts: a wall of failures slows the address.
  const auto by_ip = store.AuditTimesByIp("login_failed", ip, since);
  if (const auto wait = RequiredWait(by_ip, login_limits_.failures_per_ip, login_limits_.first_delay,
                                     login_limits_.max_delay_per_ip, now);
      wait.count() > 0) {
    return Fail(Error::RateLimited("too many failed sign-ins from this address; wait " +
                                       std::to_string(wait.count()) + " s before the next try",
                                   wait));
  }
  return {};
}

Result<void> AccountService::ConfirmPassword(const Principal& actor, const std::string& password,
                                             const std::string& ip) {
  if (auto user = RequireUser(actor); !user) return user;
  const std::string email = actor.user.email;
  const Timestamp now = clock_.Now();
  std::optional<UserRecord> found;
  auto lookup = transactions_.Read([&](AccountStore& store) -> Result<void> {
    if (auto allowed = CheckLoginRate(store, email, ip, now); !allowed) return allowed;
    found = store.FindUserByEmail(email);
    return {};
  });
  if (!lookup) return lookup;
  // Hashing happens outside any transaction: it takes ~0.1 s on purpose.
  if (found && found->user.id == actor.id && hasher_.Verify(password, found->password_hash)) {
    return transactions_.Write([&](AccountStore& store) -> Result<void> {
      store.AppendAudit(Audit(actor, "password_confirmed", "user:" + actor.id, ip));
      return {};
    });
  }
  auto recorded = transactions_.Write([&](AccountStore& store) -> Result<void> {
    AuditEntry entry = Audit(actor, "login_failed", email, ip);
    store.AppendAudit(entry);
    return {};
  });
  if (!recorded) return recorded;
  return Fail(Error::Invalid("password: does not match the password of the signed-in user",
                             {{"password", "does not match"}}));
}

Result<LoginResult> AccountService::Login(const std::string& raw_email, const std::string& password,
                                          const std::string& ip) {
  const std::string email = NormaliseEmail(raw_email);
  if (email.empty()) {
    return Fail(Error::Invalid("email is not a valid address", {{"email", "not a valid address"}}));
  }
  const Timestamp now = clock_.Now();
  std::optional<UserRecord> found;
  auto lookup = transactions_.Read([&](AccountStore& store) -> Result<void> {
    if (auto allowed = CheckLoginRate(store, email, ip, now); !allowed) {
      return allowed;
    }
    found = store.FindUserByEmail(email);
    return {};
  });
  if (!lookup) {
    if (lookup.error().code == ErrorCode::kRateLimited) {
      static_cast<void>(transactions_.Write([&](AccountStore& store) -> Result<void> {
        store.AppendAudit(Audit(Principal{}, "login_rate_limited", email, ip));
        return {};
      }));
    }
    return Fail(lookup.error());
  }

  // Hashing happens outside any transaction: it takes ~0.1 s on purpose.
  bool verified = false;
  if (found) {
    verified = hasher_.Verify(password, found->password_hash) && found->user.active;
  } else {
    hasher_.VerifyAgainstDummy(password);
  }

  if (!verified) {
    auto recorded = transactions_.Write([&](AccountStore& store) -> Result<void> {
      AuditEntry entry = Audit(Principal{}, "login_failed", email, ip);
      entry.actor = "anonymous";
      store.AppendAudit(entry);
      return {};
    });
    if (!recorded) {
      return Fail(recorded.error());
    }
    return Fail(WrongCredentials());
  }

  return StartSession(found->user, ip, "login");
}

Result<LoginResult> AccountService::StartSession(const User& user, const std::string& ip,
                                                 const char* action) {
  const Timestamp now = clock_.Now();
  LoginResult result;
  result.session_token = RandomHex(32);  // 256 bits
  result.csrf_token = RandomHex(32);
  result.expires_at = now + session_policy_.absolute_timeout;
  result.user = user;
  SessionRecord session{SecretDigest(result.session_token),
                        user.id,
                        result.csrf_token,
                        now,
                        now,
                        result.expires_at,
                        ip,
                        std::nullopt};
  auto stored = transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.InsertSession(session);
    AuditEntry entry = Audit(Principal{}, action, "user:" + user.id, ip);
    entry.actor = "user:" + user.id;
    store.AppendAudit(entry);
    return {};
  });
  if (!stored) {
    return Fail(stored.error());
  }
  return result;
}

NewInvitation MakeInvitation(const std::string& user_id, Timestamp now, std::chrono::seconds lifetime) {
  NewInvitation invitation;
  invitation.token = RandomHex(32);
  invitation.record =
      InvitationRecord{SecretDigest(invitation.token), user_id, now, now + lifetime, std::nullopt};
  return invitation;
}

Result<LoginResult> AccountService::AcceptInvitation(const std::string& token, const std::string& password,
                                                     const std::string& ip) {
  const Timestamp now = clock_.Now();
  const std::string digest = SecretDigest(token);
  const auto invalid = [] {
    return Error::Unauthenticated(
        "this invitation link is not valid (unknown, already used or expired); ask for a new one");
  };
  // The invited user's email first: the password must not be it.
  std::string email;
  auto invited = transactions_.Read([&](AccountStore& store) -> Result<void> {
    const auto invitation = store.FindInvitation(digest);
    if (!invitation || invitation->used_at || invitation->expires_at <= now) return Fail(invalid());
    if (auto record = store.FindUserById(invitation->user_id)) email = record->user.email;
    return {};
  });
  if (!invited) return Fail(invited.error());
  if (const std::string problem = CheckPasswordPolicy(password, email); !problem.empty()) {
    return Fail(Error::Invalid("password: " + problem, {{"password", problem}}));
  }
  // Hashing happens outside any transaction: it takes ~0.1 s on purpose.
  const std::string hash = hasher_.Hash(password);
  std::optional<User> user;
  auto accepted = transactions_.Write([&](AccountStore& store) -> Result<void> {
    const auto invitation = store.FindInvitation(digest);
    if (!invitation || invitation->used_at || invitation->expires_at <= now) return Fail(invalid());
    auto record = store.FindUserById(invitation->user_id);
    if (!record || !record->user.active) {
      return Fail(Error::Unauthenticated("this invitation link is not valid (the user is no longer active)"));
    }
    store.UpdatePasswordHash(record->user.id, hash);
    store.MarkInvitationUsed(digest, now);
    AuditEntry entry = Audit(Principal{}, "invitation_accepted", "user:" + record->user.id, ip);
    entry.actor = "user:" + record->user.id;
    store.AppendAudit(entry);
    user = record->user;
    return {};
  });
  if (!accepted) return Fail(accepted.error());
  return StartSession(*user, ip, "login");
}

Result<Principal> AccountService::AuthenticateSession(const std::string& session_token) {
  if (session_token.size() != 64) {
    return Fail(SessionInvalid());
  }
  const std::string digest = SecretDigest(session_token);
  const Timestamp now = clock_.Now();
  Principal principal;
  bool needs_touch = false;
  bool expired = false;
  // An impersonation whose session ran out is closed at the moment it did.
  std::optional<std::pair<std::string, Timestamp>> lapsed_impersonation;
  auto checked = transactions_.Read([&](AccountStore& store) -> Result<void> {
    auto session = store.FindSession(digest);
    if (!session) {
      return Fail(SessionInvalid());
    }
    const Timestamp idle_end = session->last_seen_at + session_policy_.idle_timeout;
    if (now >= session->expires_at || now >= idle_end) {
      expired = true;
      if (session->impersonation_id) {
        lapsed_impersonation.emplace(*session->impersonation_id, std::min(session->expires_at, idle_end));
      }
      return Fail(SessionInvalid());
    }
    auto user = store.FindUserById(session->user_id);
    if (!user || !user->user.active) {
      return Fail(SessionInvalid());
    }
    principal.kind = Principal::Kind::kUser;
    principal.id = user->user.id;
    principal.role = user->user.role;
    principal.agent_id = user->user.agent_id;
    principal.client_id = user->user.client_id;
    if (session->impersonation_id) {
      // Acting for a client: the client's role and account, nothing of the agent's own.
      auto impersonation = store.FindImpersonation(*session->impersonation_id);
      if (!impersonation || impersonation->ended_at || now >= impersonation->expires_at) {
        expired = true;
        if (impersonation && !impersonation->ended_at) {
          lapsed_impersonation.emplace(impersonation->id, impersonation->expires_at);
        }
        return Fail(SessionInvalid());
      }
      principal.role = Role::kClient;
      principal.agent_id.reset();
      principal.client_id = impersonation->client_id;
      principal.impersonation = std::move(*impersonation);
    }
    principal.session_digest = digest;
    principal.csrf_token = session->csrf_token;
    principal.user = user->user;
    needs_touch = now - session->last_seen_at >= session_policy_.touch_interval;
    return {};
  });
  if (expired) {
    static_cast<void>(transactions_.Write([&](AccountStore& store) -> Result<void> {
      store.DeleteSession(digest);
      if (lapsed_impersonation) {
        store.EndImpersonation(lapsed_impersonation->first, lapsed_impersonation->second, "expired");
      }
      return {};
    }));
  }
  if (!checked) {
    return Fail(checked.error());
  }
  if (needs_touch) {
    auto touched = transactions_.Write([&](AccountStore& store) -> Result<void> {
      store.TouchSession(digest, now);
      return {};
    });
    if (!touched) {
      return Fail(touched.error());
    }
  }
  return principal;
}

Result<Principal> AccountService::AuthenticateApiKey(const std::string& key) {
  // Format: wk_<16 hex id>_<64 hex secret>
  const Error invalid = Error::Unauthenticated("API key is not valid");
  if (key.size() != kApiKeyPrefix.size() + 16 + 1 + 64 || !key.starts_with(kApiKeyPrefix) ||
      key[kApiKeyPrefix.size() + 16] != '_') {
    return Fail(invalid);
  }
  const std::string id = key.substr(kApiKeyPrefix.size(), 16);
  Principal principal;
  auto checked = transactions_.Read([&](AccountStore& store) -> Result<void> {
    auto record = store.FindApiKey(id);
    if (!record || record->revoked_at || !ConstantTimeEquals(record->secret_digest, SecretDigest(key))) {
      return Fail(invalid);
    }
    principal.kind = Principal::Kind::kApiKey;
    principal.id = record->id;
    principal.role = Role::kStaff;  // not used for keys: endpoints check scopes
    principal.scopes = record->scopes;
    principal.signing_secret = record->signing_secret;
    return {};
  });
  if (!checked) {
    return Fail(checked.error());
  }
  return principal;
}

Result<void> AccountService::Logout(const Principal& principal, const std::string& ip) {
  if (auto user = RequireUser(principal); !user) {
    return user;
  }
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.DeleteSession(principal.session_digest);
    if (principal.impersonation) store.EndImpersonation(principal.impersonation->id, clock_.Now(), "logout");
    store.AppendAudit(Audit(principal, "logout", "user:" + principal.id, ip));
    return {};
  });
}

Result<User> AccountService::SetLanguage(const Principal& principal, const std::string& language,
                                         const std::string& ip) {
  if (auto user = RequireUser(principal); !user) return Fail(user.error());
  if (language != "en" && language != "sw") {
    return Fail(Error::Invalid("the language cannot be set as given", {{"language", "must be en or sw"}}));
  }
  User user = principal.user;
  if (user.language == language) return user;
  user.language = language;
  auto written = transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.SetLanguage(user.id, language);
    store.AppendAudit(
        Audit(principal, "language_set", "user:" + user.id, ip, R"({"language":")" + language + R"("})"));
    return {};
  });
  if (!written) return Fail(written.error());
  return user;
}

Result<LoginResult> AccountService::StartImpersonation(const Principal& agent_user,
                                                       const std::string& client_id,
                                                       const std::vector<std::string>& permissions,
                                                       const std::string& ip) {
  if (auto allowed = RequireRole(agent_user, {Role::kAgent}); !allowed) return Fail(allowed.error());
  if (agent_user.impersonation || !agent_user.agent_id) {
    return Fail(Error::Forbidden("only an agent user in its own panel can sign in as a client"));
  }
  const Timestamp now = clock_.Now();
  LoginResult result;
  result.session_token = RandomHex(32);
  result.csrf_token = RandomHex(32);
  result.expires_at = now + kImpersonationLifetime;
  result.user = agent_user.user;
  ImpersonationRecord impersonation{"imp_" + RandomHex(8),
                                    *agent_user.agent_id,
                                    agent_user.id,
                                    client_id,
                                    permissions,
                                    now,
                                    result.expires_at,
                                    std::nullopt,
                                    "",
                                    ip};
  const SessionRecord session{SecretDigest(result.session_token),
                              agent_user.id,
                              result.csrf_token,
                              now,
                              now,
                              result.expires_at,
                              ip,
                              impersonation.id};
  auto stored = transactions_.Write([&](AccountStore& store) -> Result<void> {
    if (!store.FindClientAccount(client_id)) return Fail(Error::NotFound("no client account " + client_id));
    store.InsertImpersonation(impersonation);
    store.InsertSession(session);
    // The agent's own session makes way, as at any sign-in; it gets a new one when this ends.
    store.DeleteSession(agent_user.session_digest);
    AuditEntry entry = Audit(agent_user, "impersonation_started", "client:" + client_id, ip,
                             "{\"impersonation\":" + JsonQuote(impersonation.id) + "}");
    entry.on_behalf_of = "client:" + client_id;
    store.AppendAudit(entry);
    return {};
  });
  if (!stored) return Fail(stored.error());
  result.impersonation = std::move(impersonation);
  return result;
}

Result<LoginResult> AccountService::EndImpersonation(const Principal& principal, const std::string& ip) {
  if (auto user = RequireUser(principal); !user) return Fail(user.error());
  if (!principal.impersonation) return Fail(Error::Conflict("this session is not acting for a client"));
  std::optional<User> agent_user;
  auto ended = transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.EndImpersonation(principal.impersonation->id, clock_.Now(), "ended");
    store.AppendAudit(Audit(principal, "impersonation_ended", "client:" + principal.impersonation->client_id,
                            ip, "{\"impersonation\":" + JsonQuote(principal.impersonation->id) + "}"));
    auto record = store.FindUserById(principal.id);
    if (record && record->user.active) agent_user = record->user;
    return {};
  });
  if (!ended) return Fail(ended.error());
  if (!agent_user) return Fail(SessionInvalid());
  return StartSession(*agent_user, ip, "login");
}

Result<void> AccountService::CloseImpersonation(const Principal& principal, const std::string& reason,
                                                const std::string& ip) {
  if (!principal.impersonation) return {};
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.EndImpersonation(principal.impersonation->id, clock_.Now(), reason);
    store.AppendAudit(Audit(principal, "impersonation_ended", "client:" + principal.impersonation->client_id,
                            ip,
                            "{\"impersonation\":" + JsonQuote(principal.impersonation->id) +
                                ",\"reason\":" + JsonQuote(reason) + "}"));
    return {};
  });
}

Result<void> AccountService::RecordImpersonated(const Principal& principal, const std::string& action,
                                                const std::string& detail, const std::string& ip) {
  if (!principal.impersonation) return {};
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.AppendAudit(Audit(principal, action, "client:" + principal.impersonation->client_id, ip, detail));
    return {};
  });
}

Result<User> AccountService::CreateUser(const Principal& actor, const NewUser& request,
                                        const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<FieldError> problems;
  User user;
  user.email = NormaliseEmail(request.email);
  if (user.email.empty()) {
    problems.push_back({"email", "not a valid email address"});
  }
  user.display_name = std::string(Trim(request.display_name));
  if (user.display_name.empty() || CountCharacters(user.display_name) > kMaxNameLength) {
    problems.push_back({"display_name", "must be 1 to 200 characters"});
  }
  const auto role = ParseRole(request.role);
  if (!role) {
    problems.push_back({"role", "must be one of staff, agent, client"});
  } else {
    user.role = *role;
    if (*role == Role::kAgent && !request.agent_id) {
      problems.push_back({"agent_id", "required for an agent user"});
    }
    if (*role == Role::kClient && !request.client_id) {
      problems.push_back({"client_id", "required for a client user"});
    }
    if (*role != Role::kAgent && request.agent_id) {
      problems.push_back({"agent_id", "only agent users belong to an agent company"});
    }
    if (*role != Role::kClient && request.client_id) {
      problems.push_back({"client_id", "only client users belong to a client account"});
    }
  }
  if (auto why = CheckPasswordPolicy(request.password, user.email); !why.empty()) {
    problems.push_back({"password", why});
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("the user cannot be created as given", std::move(problems)));
  }
  user.agent_id = request.agent_id;
  user.client_id = request.client_id;
  user.id = "usr_" + RandomHex(8);
  user.created_at = clock_.Now();
  const UserRecord record{user, hasher_.Hash(request.password)};

  auto written = transactions_.Write([&](AccountStore& store) -> Result<void> {
    if (user.agent_id && !store.FindAgentCompany(*user.agent_id)) {
      return Fail(
          Error::Invalid("no such agent company", {{"agent_id", "no agent company " + *user.agent_id}}));
    }
    if (user.client_id && !store.FindClientAccount(*user.client_id)) {
      return Fail(
          Error::Invalid("no such client account", {{"client_id", "no client account " + *user.client_id}}));
    }
    if (store.FindUserByEmail(user.email)) {
      return Fail(Error::Conflict("a user with email " + user.email + " already exists"));
    }
    store.InsertUser(record);
    store.AppendAudit(
        Audit(actor, "user_created", "user:" + user.id, ip,
              "{\"email\":" + JsonQuote(user.email) + ",\"role\":" + JsonQuote(RoleName(user.role)) + "}"));
    return {};
  });
  if (!written) {
    return Fail(written.error());
  }
  return user;
}

Result<User> AccountService::GetUser(const Principal& actor, const std::string& user_id) {
  if (auto allowed = RequireUserAccess(actor, user_id); !allowed) {
    return Fail(allowed.error());
  }
  std::optional<UserRecord> found;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    found = store.FindUserById(user_id);
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  if (!found) {
    return Fail(Error::NotFound("no user " + user_id));
  }
  return found->user;
}

Result<std::vector<User>> AccountService::ListUsers(const Principal& actor) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<User> users;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    users = store.ListUsers(std::nullopt, std::nullopt);
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return users;
}

Result<std::vector<User>> AccountService::ListAgentUsers(const Principal& actor,
                                                         const std::string& agent_id) {
  if (auto allowed = RequireAgentAccess(actor, agent_id); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<User> users;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    if (!store.FindAgentCompany(agent_id)) {
      return Fail(Error::NotFound("no agent company " + agent_id));
    }
    users = store.ListUsers(agent_id, std::nullopt);
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return users;
}

Result<std::vector<User>> AccountService::ListClientUsers(const Principal& actor,
                                                          const std::string& client_id) {
  if (auto allowed = RequireClientAccess(actor, client_id); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<User> users;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    if (!store.FindClientAccount(client_id)) {
      return Fail(Error::NotFound("no client account " + client_id));
    }
    users = store.ListUsers(std::nullopt, client_id);
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return users;
}

Result<User> AccountService::UpdateUser(const Principal& actor, const std::string& user_id,
                                        const UserPatch& patch, const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<FieldError> problems;
  std::string display_name;
  if (patch.display_name) {
    display_name = std::string(Trim(*patch.display_name));
    if (display_name.empty() || CountCharacters(display_name) > kMaxNameLength) {
      problems.push_back({"display_name", "must be 1 to 200 characters"});
    }
  }
  if (patch.password) {
    std::string email;  // the password must not be the user's own email
    auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
      if (auto found = store.FindUserById(user_id)) email = found->user.email;
      return {};
    });
    if (!read) return Fail(read.error());
    if (auto why = CheckPasswordPolicy(*patch.password, email); !why.empty()) {
      problems.push_back({"password", why});
    }
  }
  if (patch.active && !*patch.active && actor.id == user_id) {
    problems.push_back({"active", "staff cannot deactivate themselves"});
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("the user cannot be changed as given", std::move(problems)));
  }
  const std::optional<std::string> new_hash =
      patch.password ? std::optional<std::string>(hasher_.Hash(*patch.password)) : std::nullopt;

  User updated;
  auto written = transactions_.Write([&](AccountStore& store) -> Result<void> {
    auto found = store.FindUserById(user_id);
    if (!found) {
      return Fail(Error::NotFound("no user " + user_id));
    }
    updated = found->user;
    std::string changes;
    if (patch.display_name) {
      updated.display_name = display_name;
      changes += ",\"display_name\":" + JsonQuote(display_name);
    }
    if (patch.active) {
      updated.active = *patch.active;
      changes += std::string(",\"active\":") + (*patch.active ? "true" : "false");
    }
    store.UpdateUser(updated);
    if (new_hash) {
      store.UpdatePasswordHash(user_id, *new_hash);
      changes += ",\"password\":\"changed\"";
    }
    // A deactivated user or a new password ends every open session at once,
    // and with it any sign-in as a client the user has open.
    if ((patch.active && !*patch.active) || new_hash) {
      store.EndImpersonationsOfUser(user_id, clock_.Now(),
                                    patch.active && !*patch.active ? "user_deactivated" : "password_changed");
      store.DeleteSessionsOfUser(user_id);
    }
    const std::string detail = changes.empty() ? "{}" : "{" + changes.substr(1) + "}";
    store.AppendAudit(Audit(actor, "user_updated", "user:" + user_id, ip, detail));
    return {};
  });
  if (!written) {
    return Fail(written.error());
  }
  return updated;
}

Result<CreatedApiKey> AccountService::CreateApiKey(const Principal& actor, const std::string& name,
                                                   const std::vector<std::string>& scopes,
                                                   const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<FieldError> problems;
  const std::string trimmed(Trim(name));
  if (trimmed.empty() || CountCharacters(trimmed) > kMaxNameLength) {
    problems.push_back({"name", "must be 1 to 200 characters"});
  }
  if (scopes.empty()) {
    problems.push_back({"scopes", "at least one scope is required"});
  }
  for (std::size_t i = 0; i < scopes.size(); ++i) {
    if (!scopes::IsKnown(scopes[i])) {
      problems.push_back(
          {"scopes/" + std::to_string(i),
           "unknown scope '" + scopes[i] + "' (known: billing:write, provisioning:write, read)"});
    }
  }
  if (!problems.empty()) {
    return Fail(Error::Invalid("the API key cannot be created as given", std::move(problems)));
  }
  CreatedApiKey created;
  created.record.id = RandomHex(8);
  created.key = std::string(kApiKeyPrefix) + created.record.id + "_" + RandomHex(32);
  created.record.name = trimmed;
  created.record.scopes = scopes;
  created.record.secret_digest = SecretDigest(created.key);
  created.record.signing_secret = RandomHex(32);
  created.record.created_by = actor.id;
  created.record.created_at = clock_.Now();
  auto written = transactions_.Write([&](AccountStore& store) -> Result<void> {
    store.InsertApiKey(created.record);
    store.AppendAudit(Audit(actor, "api_key_created", "api_key:" + created.record.id, ip,
                            "{\"name\":" + JsonQuote(trimmed) + "}"));
    return {};
  });
  if (!written) {
    return Fail(written.error());
  }
  return created;
}

Result<std::vector<ApiKeyRecord>> AccountService::ListApiKeys(const Principal& actor) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  std::vector<ApiKeyRecord> keys;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    keys = store.ListApiKeys();
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return keys;
}

Result<void> AccountService::RevokeApiKey(const Principal& actor, const std::string& key_id,
                                          const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return allowed;
  }
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    auto key = store.FindApiKey(key_id);
    if (!key) {
      return Fail(Error::NotFound("no API key " + key_id));
    }
    if (key->revoked_at) {
      return {};  // revoking twice is harmless; nothing more to record
    }
    store.RevokeApiKey(key_id, clock_.Now());
    store.AppendAudit(Audit(actor, "api_key_revoked", "api_key:" + key_id, ip));
    return {};
  });
}

Result<std::vector<AuditEntry>> AccountService::ListAudit(const Principal& actor, const AuditQuery& query) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return Fail(allowed.error());
  }
  if (query.limit < 1 || query.limit > 500) {
    return Fail(Error::Invalid("limit must be 1 to 500", {{"limit", "must be 1 to 500"}}));
  }
  std::vector<AuditEntry> entries;
  auto read = transactions_.Read([&](AccountStore& store) -> Result<void> {
    entries = store.ListAudit(query);
    return {};
  });
  if (!read) {
    return Fail(read.error());
  }
  return entries;
}

Result<void> AccountService::EnsureAgentCompany(const Principal& actor, const Organisation& agent,
                                                const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return allowed;
  }
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    if (!store.FindAgentCompany(agent.id)) {
      store.InsertAgentCompany(agent);
      store.AppendAudit(Audit(actor, "agent_company_created", "agent:" + agent.id, ip));
    }
    return {};
  });
}

Result<void> AccountService::EnsureClientAccount(const Principal& actor, const Organisation& client,
                                                 const std::string& ip) {
  if (auto allowed = RequireRole(actor, {Role::kStaff}); !allowed) {
    return allowed;
  }
  return transactions_.Write([&](AccountStore& store) -> Result<void> {
    if (!store.FindClientAccount(client.id)) {
      store.InsertClientAccount(client);
      store.AppendAudit(Audit(actor, "client_account_created", "client:" + client.id, ip));
    }
    return {};
  });
}

}  // namespace wakala::accounts
