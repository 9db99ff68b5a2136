// Sign-in, users, API keys and the audit log: the routes of accounts/.
#include <algorithm>
#include <limits>

#include "accounts/principal.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

json::object UserJson(const accounts::User& user) {
  return json::object{{"id", user.id},
                      {"email", user.email},
                      {"display_name", user.display_name},
                      {"role", accounts::RoleName(user.role)},
                      {"agent_id", user.agent_id ? json::value(*user.agent_id) : json::value(nullptr)},
                      {"client_id", user.client_id ? json::value(*user.client_id) : json::value(nullptr)},
                      {"active", user.active},
                      {"language", user.language},
                      {"created_at", FormatRfc3339(user.created_at)}};
}

namespace {

json::array StringArray(const std::vector<std::string>& strings) {
  json::array array;
  for (const auto& text : strings) array.emplace_back(text);
  return array;
}

json::object ApiKeyJson(const accounts::ApiKeyRecord& key) {
  return json::object{{"id", key.id},
                      {"name", key.name},
                      {"scopes", StringArray(key.scopes)},
                      {"created_by", key.created_by},
                      {"created_at", FormatRfc3339(key.created_at)},
                      {"revoked_at", key.revoked_at ? json::value(FormatRfc3339(*key.revoked_at)) : nullptr}};
}

json::object AuditJson(const accounts::AuditEntry& entry) {
  boost::system::error_code ec;
  json::value detail = json::parse(entry.detail, ec);
  return json::object{
      {"seq", entry.seq},
      {"actor", entry.actor},
      {"on_behalf_of", entry.on_behalf_of.empty() ? json::value(nullptr) : json::value(entry.on_behalf_of)},
      {"action", entry.action},
      {"subject", entry.subject},
      {"at", FormatRfc3339(entry.at)},
      {"ip", entry.ip},
      {"detail", ec ? json::value(entry.detail) : detail}};
}

json::object UsersJson(const std::vector<accounts::User>& users) {
  json::array items;
  for (const auto& user : users) items.push_back(UserJson(user));
  return json::object{{"items", std::move(items)}};
}

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

// ---- sign-in ----

Response Login(ApiContext& context, Request& request) {
  std::string email;
  std::string password;
  if (auto refused = ReadFields(request, "sign-in needs an email and a password", [&](FieldReader& fields) {
        email = fields.RequiredString("email", 254);
        password = fields.RequiredString("password", 1024);
      })) {
    return std::move(*refused);
  }
  auto login = context.accounts.Login(email, password, request.remote_ip);
  if (!login) return http::ErrorResponse(login.error());
  // A session the browser still had is ended: a login always gets a new token.
  if (auto old = request.Cookie(SessionCookieName(context.cookie_secure))) {
    if (auto previous = context.accounts.AuthenticateSession(*old)) {
      static_cast<void>(context.accounts.Logout(*previous, request.remote_ip));
    }
  }
  Response response = JsonResponse(200, json::object{{"user", UserJson(login->user)},
                                                     {"csrf_token", login->csrf_token},
                                                     {"expires_at", FormatRfc3339(login->expires_at)}});
  response.SetHeader("Set-Cookie", SessionCookie(context, login->session_token, context.session_lifetime));
  return response;
}

Response Logout(ApiContext& context, Request& request, const Principal& principal) {
  auto done = context.accounts.Logout(principal, request.remote_ip);
  if (!done) return http::ErrorResponse(done.error());
  Response response = NoContent();
  response.SetHeader("Set-Cookie", SessionCookie(context, "", std::chrono::seconds(0)));
  return response;
}

json::object ImpersonationJson(const Principal& principal) {
  const auto& acting = *principal.impersonation;
  return json::object{{"id", acting.id},
                      {"agent_id", acting.agent_id},
                      {"agent_user_id", acting.agent_user_id},
                      {"agent_user_name", principal.user.display_name},
                      {"client_id", acting.client_id},
                      {"permissions", StringArray(acting.permissions)},
                      {"started_at", FormatRfc3339(acting.started_at)},
                      {"expires_at", FormatRfc3339(acting.expires_at)}};
}

Response Session(ApiContext& /*context*/, Request& /*request*/, const Principal& principal) {
  json::object body{{"kind", principal.kind == Principal::Kind::kUser ? "user" : "api_key"}};
  if (principal.kind == Principal::Kind::kApiKey) {
    body["api_key_id"] = principal.id;
    body["scopes"] = StringArray(principal.scopes);
    return JsonResponse(200, body);
  }
  // The session check has just read the user: no second read.
  body["user"] = UserJson(principal.user);
  body["csrf_token"] = principal.csrf_token;
  // The panels show a banner while an agent acts for a client.
  body["impersonating"] = principal.impersonation.has_value();
  if (principal.impersonation) body["impersonation"] = ImpersonationJson(principal);
  return JsonResponse(200, body);
}

Response SetLanguage(ApiContext& context, Request& request, const Principal& principal) {
  std::string language;
  if (auto refused = ReadFields(request, "the language cannot be set as given", [&](FieldReader& fields) {
        language = fields.RequiredString("language", 2);
      })) {
    return std::move(*refused);
  }
  return Respond(context.accounts.SetLanguage(principal, language, request.remote_ip), UserJson);
}

// ---- users ----

Response ListUsers(ApiContext& context, Request& /*request*/, const Principal& principal) {
  return Respond(context.accounts.ListUsers(principal), UsersJson);
}

Response CreateUser(ApiContext& context, Request& request, const Principal& principal) {
  // Role first: a caller who may not create users learns nothing about the body.
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  accounts::NewUser user;
  if (auto refused = ReadFields(request, "the user cannot be created as given", [&](FieldReader& fields) {
        user.email = fields.RequiredString("email", 254);
        user.display_name = fields.RequiredString("display_name", 200);
        user.role = fields.RequiredString("role", 20);
        user.agent_id = fields.OptionalString("agent_id", 100);
        user.client_id = fields.OptionalString("client_id", 100);
        user.password = fields.RequiredString("password", 256);
      })) {
    return std::move(*refused);
  }
  return Respond(context.accounts.CreateUser(principal, user, request.remote_ip), UserJson, 201);
}

Response GetUser(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.accounts.GetUser(principal, request.path_params["user_id"]), UserJson);
}

Response UpdateUser(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  accounts::UserPatch patch;
  if (auto refused = ReadFields(request, "the user cannot be changed as given", [&](FieldReader& fields) {
        patch.display_name = fields.OptionalString("display_name", 200);
        patch.active = fields.OptionalBool("active");
        patch.password = fields.OptionalString("password", 256);
      })) {
    return std::move(*refused);
  }
  return Respond(
      context.accounts.UpdateUser(principal, request.path_params["user_id"], patch, request.remote_ip),
      UserJson);
}

Response ListAgentUsers(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.accounts.ListAgentUsers(principal, request.path_params["agent_id"]), UsersJson);
}

Response ListClientUsers(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.accounts.ListClientUsers(principal, request.path_params["client_id"]), UsersJson);
}

// ---- API keys and audit ----

Response CreateApiKey(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  std::string name;
  std::vector<std::string> scopes;
  if (auto refused = ReadFields(request, "the API key cannot be created as given", [&](FieldReader& fields) {
        name = fields.RequiredString("name", 200);
        scopes = fields.RequiredStringArray("scopes", 10);
      })) {
    return std::move(*refused);
  }
  return Respond(
      context.accounts.CreateApiKey(principal, name, scopes, request.remote_ip),
      [](const accounts::CreatedApiKey& created) {
        json::object key = ApiKeyJson(created.record);
        key["key"] = created.key;                               // shown this once only
        key["signing_secret"] = created.record.signing_secret;  // likewise
        return key;
      },
      201);
}

Response ListApiKeys(ApiContext& context, Request& /*request*/, const Principal& principal) {
  return Respond(context.accounts.ListApiKeys(principal), [](const auto& keys) {
    json::array items;
    for (const auto& key : keys) items.push_back(ApiKeyJson(key));
    return json::object{{"items", std::move(items)}};
  });
}

Response RevokeApiKey(ApiContext& context, Request& request, const Principal& principal) {
  auto revoked = context.accounts.RevokeApiKey(principal, request.path_params["key_id"], request.remote_ip);
  if (!revoked) return http::ErrorResponse(revoked.error());
  return NoContent();
}

Response AuditLog(ApiContext& context, Request& request, const Principal& principal) {
  accounts::AuditQuery query;
  query.action = request.Query("action");
  query.actor = request.Query("actor");
  query.subject = request.Query("subject");
  query.on_behalf_of = request.Query("on_behalf_of");
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  std::vector<FieldError> problems;
  if (const auto limit = QueryNumber(request, "limit", kMin, kMax, problems)) {
    query.limit = static_cast<int>(std::clamp<std::int64_t>(*limit, -1, 100000));
  }
  if (const auto cursor = QueryNumber(request, "cursor", kMin, kMax, problems)) query.before_seq = *cursor;
  if (!problems.empty()) return http::ErrorResponse(Error::Invalid("bad query parameters", problems));
  return Respond(context.accounts.ListAudit(principal, query), [&](const auto& entries) {
    json::array items;
    for (const auto& entry : entries) items.push_back(AuditJson(entry));
    json::object body{{"items", std::move(items)}};
    body["next_cursor"] = static_cast<int>(entries.size()) == query.limit && !entries.empty()
                              ? json::value(std::to_string(entries.back().seq))
                              : json::value(nullptr);
    return body;
  });
}

}  // namespace

void RegisterAccounts(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/auth/login", [&context](Request& request) { return Login(context, request); });
  AddAuthenticated(router, context, "POST", "/api/v1/auth/logout", Logout);
  // ?optional=true is how the panels ask at start: nobody signed in is a 200
  // {"kind": "anonymous"}, not a 401 every visitor's console would show.
  router.Add("GET", "/api/v1/auth/session",
             [&context, session = WithPrincipal(context, [&context](Request& request, const Principal& who) {
                          return Session(context, request, who);
                        })](Request& request) {
               if (request.Query("optional") == "true" && !IsSignedIn(context, request)) {
                 return JsonResponse(200, json::object{{"kind", "anonymous"}});
               }
               return session(request);
             });

  AddAuthenticated(router, context, "PUT", "/api/v1/auth/language", SetLanguage);

  AddAuthenticated(router, context, "GET", "/api/v1/users", ListUsers);
  AddAuthenticated(router, context, "POST", "/api/v1/users", CreateUser);
  AddAuthenticated(router, context, "GET", "/api/v1/users/{user_id}", GetUser);
  AddAuthenticated(router, context, "PATCH", "/api/v1/users/{user_id}", UpdateUser);
  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/users", ListAgentUsers);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/users", ListClientUsers);

  AddAuthenticated(router, context, "POST", "/api/v1/api-keys", CreateApiKey);
  AddAuthenticated(router, context, "GET", "/api/v1/api-keys", ListApiKeys);
  AddAuthenticated(router, context, "DELETE", "/api/v1/api-keys/{key_id}", RevokeApiKey);
  AddAuthenticated(router, context, "GET", "/api/v1/audit-log", AuditLog);
}

}  // namespace wakala::http::handlers
