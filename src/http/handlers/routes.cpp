#include "http/handlers/routes.hpp"
#include "http/handlers/json_shapes.hpp"

#include <fmt/format.h>

#include "accounts/principal.hpp"
#include "core/money.hpp"
#include "core/secure_random.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"
#include "payouts/withdrawal_service.hpp"

namespace wakala::http::handlers {

std::string SessionCookieName(bool secure) {
  return secure ? "__Host-wakala_session" : "wakala_session";
}

json::object UserJson(const accounts::User& user) {
  return json::object{{"id", user.id},
                      {"email", user.email},
                      {"display_name", user.display_name},
                      {"role", accounts::RoleName(user.role)},
                      {"agent_id", user.agent_id ? json::value(*user.agent_id) : json::value(nullptr)},
                      {"client_id", user.client_id ? json::value(*user.client_id) : json::value(nullptr)},
                      {"active", user.active},
                      {"created_at", FormatRfc3339(user.created_at)}};
}

namespace {

json::object ApiKeyJson(const accounts::ApiKeyRecord& key) {
  json::array scopes;
  for (const auto& scope : key.scopes) {
    scopes.emplace_back(scope);
  }
  return json::object{{"id", key.id},
                      {"name", key.name},
                      {"scopes", std::move(scopes)},
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

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Resolves the caller and enforces CSRF for cookie sessions. Bearer API keys
// are not sent by browsers on their own, so they need no CSRF token.
Result<Principal> Authenticate(ApiContext& context, const Request& request) {
  if (auto authorization = request.Header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (!authorization->starts_with(kBearer)) {
      return Fail(Error::Unauthenticated("Authorization header must be 'Bearer <API key>'"));
    }
    return context.accounts.AuthenticateApiKey(authorization->substr(kBearer.size()));
  }
  const auto token = request.Cookie(SessionCookieName(context.cookie_secure));
  if (!token) {
    return Fail(Error::Unauthenticated("not signed in: no session cookie and no API key"));
  }
  auto principal = context.accounts.AuthenticateSession(*token);
  if (!principal) {
    return principal;
  }
  if (!IsSafeMethod(request.method)) {
    const auto csrf = request.Header("X-CSRF-Token");
    if (!csrf) {
      return Fail(
          Error::Forbidden("missing X-CSRF-Token header (required on state-changing requests with a "
                           "session cookie; get it from GET /api/v1/auth/session)"));
    }
    if (!ConstantTimeEquals(*csrf, principal->csrf_token)) {
      return Fail(Error::Forbidden("X-CSRF-Token does not match this session"));
    }
  }
  return principal;
}

}  // namespace

http::Handler WithPrincipal(ApiContext& context, AuthedHandler handler) {
  return [&context, handler = std::move(handler)](Request& request) -> Response {
    auto principal = Authenticate(context, request);
    if (!principal) {
      Response response = http::ErrorResponse(principal.error());
      if (principal.error().code == ErrorCode::kForbidden &&
          principal.error().message.find("CSRF") != std::string::npos) {
        // Distinct type so that a front end knows to refetch the token.
        response = http::Problem(403, "csrf", "CSRF check failed", principal.error().message);
      }
      return response;
    }
    if (principal->impersonation) return ActForClient(context, request, *principal, handler);
    return handler(request, *principal);
  };
}

void AddAuthenticated(http::Router& router, ApiContext& context, const char* method, const char* path,
                      ContextHandler handler) {
  router.Add(method, path,
             WithPrincipal(context, [&context, handler](Request& request, const Principal& principal) {
               return handler(context, request, principal);
             }));
}

std::string SessionCookie(const ApiContext& context, const std::string& value, std::chrono::seconds max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
                     SessionCookieName(context.cookie_secure), value, max_age.count(),
                     context.cookie_secure ? "; Secure" : "");
}

namespace {

json::object UsersJson(const std::vector<accounts::User>& users) {
  json::array items;
  for (const auto& user : users) {
    items.push_back(UserJson(user));
  }
  return json::object{{"items", std::move(items)}};
}

// ---- health, metrics, documents ----

// A loopback caller is on this host. Without trust in X-Forwarded-For, a
// request that carries it came through a proxy (perhaps one on this host) for
// someone else: not loopback, whatever the peer.
bool FromLoopback(const ApiContext& context, const Request& request) {
  if (!context.trust_forwarded_for && request.Header("X-Forwarded-For")) return false;
  const std::string& ip = request.remote_ip;
  return ip.starts_with("127.") || ip == "::1" || ip.starts_with("::ffff:127.");
}

// Who may read /metrics (route names, statuses, pool sizes: not for the public).
Result<void> MetricsAccess(const ApiContext& context, const Request& request) {
  if (context.metrics_allow_loopback && FromLoopback(context, request)) return {};
  if (context.metrics_token.empty()) {
    return Fail(Error::Forbidden(
        "metrics are served to loopback callers only; set server.metrics_token to scrape from elsewhere"));
  }
  constexpr std::string_view kBearer = "Bearer ";
  const auto authorization = request.Header("Authorization");
  if (!authorization || !authorization->starts_with(kBearer)) {
    return Fail(Error::Unauthenticated("metrics need 'Authorization: Bearer <server.metrics_token>'"));
  }
  if (!ConstantTimeEquals(std::string_view(*authorization).substr(kBearer.size()), context.metrics_token)) {
    return Fail(Error::Unauthenticated("the metrics token is wrong"));
  }
  return {};
}

void RegisterOperations(http::Router& router, ApiContext& context) {
  router.Add("GET", "/healthz", [](Request&) {
    Response response = JsonResponse(200, json::object{{"status", "ok"}});
    return response;
  });
  router.Add("GET", "/readyz", [&context](Request&) {
    auto ready = context.check_ready();
    if (!ready) {
      return http::Problem(503, "not-ready", "Not ready", "database check failed: " + ready.error().message);
    }
    return JsonResponse(200, json::object{{"status", "ready"}});
  });
  router.Add("GET", "/metrics", [&context](Request& request) {
    if (auto allowed = MetricsAccess(context, request); !allowed) {
      Response refused = http::ErrorResponse(allowed.error());
      if (refused.status == 401) refused.SetHeader("WWW-Authenticate", "Bearer");
      return refused;
    }
    Response response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = context.metrics.Render();
    return response;
  });
  router.Add("GET", "/api/v1/openapi.json", [&context](Request&) {
    Response response;
    response.body = std::string(context.openapi_json);
    return response;
  });
}

// ---- sign-in ----

void RegisterAuth(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/auth/login", [&context](Request& request) {
    auto body = ParseJsonObject(request);
    if (!body) {
      return body.error().response;
    }
    FieldReader fields(*body);
    const std::string email = fields.RequiredString("email", 254);
    const std::string password = fields.RequiredString("password", 1024);
    fields.RejectUnknown();
    if (!fields.ok()) {
      return http::ErrorResponse(fields.ToError("sign-in needs an email and a password"));
    }
    auto login = context.accounts.Login(email, password, request.remote_ip);
    if (!login) {
      return http::ErrorResponse(login.error());
    }
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
  });

  router.Add("POST", "/api/v1/auth/logout",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               auto done = context.accounts.Logout(principal, request.remote_ip);
               if (!done) {
                 return http::ErrorResponse(done.error());
               }
               Response response;
               response.status = 204;
               response.SetHeader("Set-Cookie", SessionCookie(context, "", std::chrono::seconds(0)));
               return response;
             }));

  auto session = WithPrincipal(context, [&context](Request&, const Principal& principal) {
    json::object body{{"kind", principal.kind == Principal::Kind::kUser ? "user" : "api_key"}};
    if (principal.kind == Principal::Kind::kApiKey) {
      json::array scopes;
      for (const auto& scope : principal.scopes) {
        scopes.emplace_back(scope);
      }
      body["api_key_id"] = principal.id;
      body["scopes"] = std::move(scopes);
      return JsonResponse(200, body);
    }
    // The session check has just read the user: no second read.
    body["user"] = UserJson(principal.user);
    body["csrf_token"] = principal.csrf_token;
    // The panels show a banner while an agent acts for a client.
    body["impersonating"] = principal.impersonation.has_value();
    if (principal.impersonation) {
      const auto& acting = *principal.impersonation;
      json::array permissions;
      for (const auto& permission : acting.permissions) permissions.emplace_back(permission);
      body["impersonation"] = json::object{{"id", acting.id},
                                           {"agent_id", acting.agent_id},
                                           {"agent_user_id", acting.agent_user_id},
                                           {"agent_user_name", principal.user.display_name},
                                           {"client_id", acting.client_id},
                                           {"permissions", std::move(permissions)},
                                           {"started_at", FormatRfc3339(acting.started_at)},
                                           {"expires_at", FormatRfc3339(acting.expires_at)}};
    }
    return JsonResponse(200, body);
  });
  // ?optional=true is how the panels ask at start: nobody signed in is a 200
  // {"kind": "anonymous"}, not a 401 every visitor's console would show.
  router.Add("GET", "/api/v1/auth/session", [&context, session = std::move(session)](Request& request) {
    if (request.Query("optional") == "true" && !Authenticate(context, request)) {
      return JsonResponse(200, json::object{{"kind", "anonymous"}});
    }
    return session(request);
  });
}

// ---- users ----

void RegisterUsers(http::Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/users", WithPrincipal(context, [&context](Request&, const Principal& principal) {
               return Respond(context.accounts.ListUsers(principal), UsersJson);
             }));

  router.Add("POST", "/api/v1/users",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               // Role first: a caller who may not create users learns nothing about the body.
               if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
                 return http::ErrorResponse(allowed.error());
               }
               accounts::NewUser user;
               if (auto refused =
                       ReadFields(request, "the user cannot be created as given", [&](FieldReader& fields) {
                         user.email = fields.RequiredString("email", 254);
                         user.display_name = fields.RequiredString("display_name", 200);
                         user.role = fields.RequiredString("role", 20);
                         user.agent_id = fields.OptionalString("agent_id", 100);
                         user.client_id = fields.OptionalString("client_id", 100);
                         user.password = fields.RequiredString("password", 256);
                       })) {
                 return std::move(*refused);
               }
               return Respond(
                   context.accounts.CreateUser(principal, user, request.remote_ip),
                   [](const accounts::User& created) { return UserJson(created); }, 201);
             }));

  router.Add("GET", "/api/v1/users/{user_id}",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               return Respond(context.accounts.GetUser(principal, request.path_params["user_id"]),
                              [](const accounts::User& user) { return UserJson(user); });
             }));

  router.Add("PATCH", "/api/v1/users/{user_id}",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
                 return http::ErrorResponse(allowed.error());
               }
               accounts::UserPatch patch;
               if (auto refused =
                       ReadFields(request, "the user cannot be changed as given", [&](FieldReader& fields) {
                         patch.display_name = fields.OptionalString("display_name", 200);
                         patch.active = fields.OptionalBool("active");
                         patch.password = fields.OptionalString("password", 256);
                       })) {
                 return std::move(*refused);
               }
               return Respond(context.accounts.UpdateUser(principal, request.path_params["user_id"], patch,
                                                          request.remote_ip),
                              [](const accounts::User& user) { return UserJson(user); });
             }));

  router.Add("GET", "/api/v1/agents/{agent_id}/users",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               return Respond(context.accounts.ListAgentUsers(principal, request.path_params["agent_id"]),
                              UsersJson);
             }));

  router.Add("GET", "/api/v1/agents/{agent_id}/tax-withheld",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               const std::string& agent_id = request.path_params["agent_id"];
               const auto months = context.withdrawals->TaxWithheld(principal, agent_id);
               if (!months) return http::ErrorResponse(months.error());
               json::array items;
               Money total;
               for (const auto& month : *months) {
                 items.push_back(json::object{{"month", month.month.ToString()},
                                              {"tax_withheld", month.withheld.ToString()}});
                 total += month.withheld;
               }
               return JsonResponse(200, json::object{{"agent_id", agent_id},
                                                     {"months", std::move(items)},
                                                     {"total", total.ToString()}});
             }));

  router.Add("GET", "/api/v1/clients/{client_id}/users",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               return Respond(context.accounts.ListClientUsers(principal, request.path_params["client_id"]),
                              UsersJson);
             }));
}

// ---- API keys and audit ----

void RegisterAdministration(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/api-keys",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
                 return http::ErrorResponse(allowed.error());
               }
               auto body = ParseJsonObject(request);
               if (!body) {
                 return body.error().response;
               }
               FieldReader fields(*body);
               const std::string name = fields.RequiredString("name", 200);
               const auto scopes = fields.RequiredStringArray("scopes", 10);
               fields.RejectUnknown();
               if (!fields.ok()) {
                 return http::ErrorResponse(fields.ToError("the API key cannot be created as given"));
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
             }));

  router.Add("GET", "/api/v1/api-keys",
             WithPrincipal(context, [&context](Request&, const Principal& principal) {
               return Respond(context.accounts.ListApiKeys(principal), [](const auto& keys) {
                 json::array items;
                 for (const auto& key : keys) {
                   items.push_back(ApiKeyJson(key));
                 }
                 return json::object{{"items", std::move(items)}};
               });
             }));

  router.Add("DELETE", "/api/v1/api-keys/{key_id}",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               auto revoked =
                   context.accounts.RevokeApiKey(principal, request.path_params["key_id"], request.remote_ip);
               if (!revoked) {
                 return http::ErrorResponse(revoked.error());
               }
               Response response;
               response.status = 204;
               return response;
             }));

  router.Add("GET", "/api/v1/audit-log",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               accounts::AuditQuery query;
               query.action = request.Query("action");
               query.actor = request.Query("actor");
               query.subject = request.Query("subject");
               query.on_behalf_of = request.Query("on_behalf_of");
               std::vector<FieldError> problems;
               auto parse_number = [&](const char* name, auto assign) {
                 if (auto text = request.Query(name)) {
                   try {
                     std::size_t used = 0;
                     const long long value = std::stoll(*text, &used);
                     if (used != text->size()) throw std::invalid_argument(name);
                     assign(value);
                   } catch (const std::exception&) {
                     problems.push_back({name, "must be an integer"});
                   }
                 }
               };
               parse_number("limit", [&](long long value) {
                 query.limit = static_cast<int>(std::clamp<long long>(value, -1, 100000));
               });
               parse_number("cursor", [&](long long value) { query.before_seq = value; });
               if (!problems.empty()) {
                 return http::ErrorResponse(Error::Invalid("bad query parameters", problems));
               }
               return Respond(context.accounts.ListAudit(principal, query), [&](const auto& entries) {
                 json::array items;
                 for (const auto& entry : entries) {
                   items.push_back(AuditJson(entry));
                 }
                 json::object body{{"items", std::move(items)}};
                 body["next_cursor"] = static_cast<int>(entries.size()) == query.limit && !entries.empty()
                                           ? json::value(std::to_string(entries.back().seq))
                                           : json::value(nullptr);
                 return body;
               });
             }));
}

}  // namespace

void RegisterRoutes(http::Router& router, ApiContext& context) {
  RegisterOperations(router, context);
  RegisterAuth(router, context);
  RegisterUsers(router, context);
  RegisterAdministration(router, context);
  RegisterBillingEvents(router, context);
  RegisterAgentMoney(router, context);
  RegisterJoining(router, context);
  RegisterAgentRecords(router, context);
  RegisterProgramViews(router, context);
  RegisterClients(router, context);
  RegisterStaffAgents(router, context);
  RegisterAllocation(router, context);
  RegisterServiceManagers(router, context);
  RegisterJobs(router, context);
  router.SetFallback([&context](Request& request) {
    // ?affid=<referral id> on any public page counts as a referral click.
    if (const auto affid = request.Query("affid");
        affid && request.method == "GET" && context.clients != nullptr) {
      return ReferralRedirect(context, request, *affid, request.path);
    }
    return ServeStaticFile(context.web_root, request);
  });
}

}  // namespace wakala::http::handlers
