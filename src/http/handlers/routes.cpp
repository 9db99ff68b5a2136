#include "http/handlers/routes.hpp"
#include "http/handlers/json_shapes.hpp"

#include <fmt/format.h>

#include "accounts/principal.hpp"
#include "core/secure_random.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"

namespace wakala::http::handlers {

std::string SessionCookieName(bool secure) {
  return secure ? "__Host-wakala_session" : "wakala_session";
}

namespace {

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

bool IsSignedIn(ApiContext& context, const Request& request) {
  return Authenticate(context, request).has_value();
}

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

Response Healthz(Request& /*request*/) {
  return JsonResponse(200, json::object{{"status", "ok"}});
}

Response Readyz(ApiContext& context) {
  auto ready = context.check_ready();
  if (!ready) {
    return http::Problem(503, "not-ready", "Not ready", "database check failed: " + ready.error().message);
  }
  return JsonResponse(200, json::object{{"status", "ready"}});
}

Response MetricsPage(ApiContext& context, const Request& request) {
  if (auto allowed = MetricsAccess(context, request); !allowed) {
    Response refused = http::ErrorResponse(allowed.error());
    if (refused.status == 401) refused.SetHeader("WWW-Authenticate", "Bearer");
    return refused;
  }
  Response response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = context.metrics.Render();
  return response;
}

Response OpenApi(const ApiContext& context) {
  Response response;
  response.body = std::string(context.openapi_json);
  return response;
}

void RegisterOperations(http::Router& router, ApiContext& context) {
  router.Add("GET", "/healthz", Healthz);
  router.Add("GET", "/readyz", [&context](Request&) { return Readyz(context); });
  router.Add("GET", "/metrics", [&context](Request& request) { return MetricsPage(context, request); });
  router.Add("GET", "/api/v1/openapi.json", [&context](Request&) { return OpenApi(context); });
}

}  // namespace

void RegisterRoutes(http::Router& router, ApiContext& context) {
  RegisterOperations(router, context);
  RegisterAccounts(router, context);
  RegisterBillingEvents(router, context);
  RegisterBilling(router, context);
  RegisterQuotes(router, context);
  RegisterAgentMoney(router, context);
  RegisterJoining(router, context);
  RegisterAgentRecords(router, context);
  RegisterProgramViews(router, context);
  RegisterClients(router, context);
  RegisterStaffAgents(router, context);
  RegisterAllocation(router, context);
  RegisterServiceManagers(router, context);
  RegisterJobs(router, context);
  RegisterEmails(router, context);
  RegisterPayouts(router, context);
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
