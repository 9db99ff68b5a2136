// Service managers over HTTP (program-rules.md §4.2, §4.3): the link an agent
// shares with its clients, transfer requests, "My service manager" with
// revocation, and "sign in as client" with the gate every impersonated
// request passes.
#include <algorithm>
#include <array>
#include <utility>

#include "clients/service_manager_service.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace json = boost::json;
namespace actions = accounts::client_actions;
using accounts::Principal;
using http::Request;
using http::Response;

namespace {

// Routes an agent signed in as a client may reach, and the client action each
// one is; every other route is refused (deny by default). An empty action is
// the session itself (its banner, ending it).
struct ImpersonatedRoute {
  std::string_view method, route, action;
};
constexpr std::string_view kNotInClientPanel = "outside_client_panel";
constexpr std::array kImpersonatedRoutes{
    ImpersonatedRoute{"GET", "/api/v1/auth/session", ""},
    ImpersonatedRoute{"POST", "/api/v1/auth/logout", ""},
    ImpersonatedRoute{"DELETE", "/api/v1/impersonations/current", ""},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/service-manager", actions::kViewAccount},
    ImpersonatedRoute{"POST", "/api/v1/clients/{client_id}/service-manager/revoke",
                      actions::kManageAssociation},
    ImpersonatedRoute{"GET", "/api/v1/service-manager", actions::kManageAssociation},
    ImpersonatedRoute{"POST", "/api/v1/service-manager/confirm", actions::kManageAssociation},
    ImpersonatedRoute{"POST", "/api/v1/service-manager/transfer-requests", actions::kManageAssociation},
    // The catalogue is what the client orders from.
    ImpersonatedRoute{"GET", "/api/v1/products", actions::kPlaceOrders},
    ImpersonatedRoute{"GET", "/api/v1/products/{product_id}", actions::kPlaceOrders},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/invoices", actions::kViewInvoices},
    ImpersonatedRoute{"GET", "/api/v1/invoices/{invoice_id}", actions::kViewInvoices},
    ImpersonatedRoute{"POST", "/api/v1/clients/{client_id}/orders", actions::kPlaceOrders},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/services", actions::kViewServices},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/orders", actions::kViewServices},
    ImpersonatedRoute{"POST", "/api/v1/clients/{client_id}/tickets", actions::kOpenTickets},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/tickets", actions::kOpenTickets},
    ImpersonatedRoute{"GET", "/api/v1/tickets/{ticket_id}", actions::kOpenTickets},
    ImpersonatedRoute{"POST", "/api/v1/tickets/{ticket_id}/replies", actions::kOpenTickets},
    ImpersonatedRoute{"POST", "/api/v1/tickets/{ticket_id}/close", actions::kOpenTickets},
    ImpersonatedRoute{"POST", "/api/v1/tickets/{ticket_id}/attachments", actions::kOpenTickets},
    ImpersonatedRoute{"GET", "/api/v1/ticket-attachments/{attachment_id}", actions::kOpenTickets},
    ImpersonatedRoute{"GET", "/api/v1/clients/{client_id}/quotes", actions::kViewQuotes},
    ImpersonatedRoute{"GET", "/api/v1/quotes/{quote_id}", actions::kViewQuotes},
    ImpersonatedRoute{"POST", "/api/v1/quotes/{quote_id}/accept", actions::kAcceptQuotes},
    ImpersonatedRoute{"POST", "/api/v1/quotes/{quote_id}/decline", actions::kAcceptQuotes},
};

std::string_view ActionOf(const Request& request) {
  if (request.method == "PATCH" && request.route == "/api/v1/users/{user_id}") {
    // A user's password is a credential; its name and status are contact details.
    boost::system::error_code ec;
    const auto body = json::parse(request.body, ec);
    const bool password = !ec && body.is_object() && body.as_object().contains("password");
    return password ? actions::kChangeCredentials : actions::kChangeContactDetails;
  }
  const auto found = std::find_if(
      kImpersonatedRoutes.begin(), kImpersonatedRoutes.end(),
      [&](const auto& route) { return route.method == request.method && route.route == request.route; });
  return found == kImpersonatedRoutes.end() ? kNotInClientPanel : found->action;
}

json::object ContactJson(const clients::ManagerContact& contact) {
  return json::object{{"agent_id", contact.agent_id},
                      {"name", contact.name},
                      {"email", contact.email},
                      {"phone", contact.phone},
                      {"referral_id", contact.referral_id}};
}

json::array StringsJson(const std::vector<std::string>& values) {
  json::array items;
  for (const auto& value : values) items.emplace_back(value);
  return items;
}

json::object ImpersonationJson(const accounts::ImpersonationRecord& record) {
  return json::object{
      {"id", record.id},
      {"agent_id", record.agent_id},
      {"agent_user_id", record.agent_user_id},
      {"permissions", StringsJson(record.permissions)},
      {"started_at", FormatRfc3339(record.started_at)},
      {"expires_at", FormatRfc3339(record.expires_at)},
      {"ended_at", record.ended_at ? json::value(FormatRfc3339(*record.ended_at)) : nullptr},
      {"end_reason", record.end_reason.empty() ? json::value(nullptr) : json::value(record.end_reason)},
      {"ip", record.ip}};
}

json::object ViewJson(const clients::ServiceManagerView& view) {
  json::array impersonations;
  for (const auto& record : view.impersonations) {
    json::object entry = ImpersonationJson(record);
    const auto name = view.agent_user_names.find(record.agent_user_id);
    entry["agent_user_name"] =
        name == view.agent_user_names.end() ? json::value(nullptr) : json::value(name->second);
    impersonations.push_back(std::move(entry));
  }
  return json::object{
      {"client_id", view.client_id},
      {"client_name", view.client_name},
      {"service_manager", view.manager ? json::value(ContactJson(*view.manager)) : json::value(nullptr)},
      {"source", view.manager ? json::value(view.source) : json::value(nullptr)},
      {"since", view.since ? json::value(FormatRfc3339(*view.since)) : json::value(nullptr)},
      {"reversible", view.reversible},
      {"permissions", StringsJson(view.permissions)},
      {"impersonations", std::move(impersonations)}};
}

// The body of a new session (sign-in as client, back to the agent's own panel).
Response SessionResponse(const ApiContext& context, const accounts::LoginResult& login, int status,
                         std::chrono::seconds max_age) {
  json::object body{
      {"user", UserJson(login.user)},
      {"csrf_token", login.csrf_token},
      {"expires_at", FormatRfc3339(login.expires_at)},
      {"impersonation",
       login.impersonation ? json::value(ImpersonationJson(*login.impersonation)) : json::value(nullptr)}};
  Response response = JsonResponse(status, body);
  response.SetHeader("Set-Cookie", SessionCookie(context, login.session_token, max_age));
  return response;
}

}  // namespace

Response ActForClient(ApiContext& context, Request& request, const Principal& principal,
                      const AuthedHandler& handler) {
  const auto& acting = *principal.impersonation;
  const std::string_view action = ActionOf(request);
  json::object detail{{"method", request.method}, {"path", request.path}, {"action", action}};
  auto refuse = [&](const Error& error) {
    detail["refused"] = error.message;
    static_cast<void>(context.accounts.RecordImpersonated(principal, "impersonation_refused",
                                                          json::serialize(detail), request.remote_ip));
    return http::ErrorResponse(error);
  };
  // The association is checked again on every request, the session's own
  // included: once it is gone (a revocation, a transfer, a termination, by
  // any path), the impersonation is over and the cookie signs in no one.
  if (context.service_managers != nullptr &&
      !context.service_managers->Manages(acting.agent_id, acting.client_id)) {
    static_cast<void>(context.accounts.CloseImpersonation(principal, "association_ended", request.remote_ip));
    Response ended = http::ErrorResponse(
        Error::Unauthenticated("the agent is no longer this client's service manager: the session acting for "
                               "it has ended; sign in again"));
    ended.SetHeader("Set-Cookie", SessionCookie(context, "", std::chrono::seconds(0)));
    return ended;
  }
  if (!action.empty()) {
    const auto path_client = request.path_params.find("client_id");
    const std::string client_id =
        path_client == request.path_params.end() ? acting.client_id : path_client->second;
    if (auto allowed = accounts::RequireClientAction(principal, client_id, action); !allowed) {
      return refuse(allowed.error());
    }
  }
  Response response = handler(request, principal);
  detail["status"] = response.status;
  static_cast<void>(context.accounts.RecordImpersonated(principal, "impersonated_request",
                                                        json::serialize(detail), request.remote_ip));
  return response;
}

// ---- one handler per route ----

namespace {

Response LinkAgent(ApiContext& context, Request& request) {
  auto agent = context.service_managers->LinkAgent(request.path_params["referral_id"]);
  if (!agent) return http::ErrorResponse(agent.error());
  return JsonResponse(200, ContactJson(*agent));
}

Response MyServiceManager(ApiContext& context, Request& request, const Principal& principal) {
  const auto referral_id = request.Query("agent");
  if (!referral_id) {
    return http::ErrorResponse(
        Error::Invalid("the link names no agent", {{"agent", "required: the agent's referral id"}}));
  }
  auto link = context.service_managers->Link(principal, *referral_id);
  if (!link) return http::ErrorResponse(link.error());
  return JsonResponse(
      200, json::object{{"agent", ContactJson(link->agent)},
                        {"permissions", StringsJson(link->permissions)},
                        {"current_service_manager",
                         link->current ? json::value(ContactJson(*link->current)) : json::value(nullptr)},
                        // With a manager already, the link offers a transfer request instead.
                        {"can_confirm", !link->current.has_value()}});
}

Response ConfirmServiceManager(ApiContext& context, Request& request, const Principal& principal) {
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  const std::string referral_id = fields.RequiredString("referral_id", 40);
  std::optional<std::vector<std::string>> permissions;
  if (body->contains("permissions")) permissions = fields.RequiredStringArray("permissions", 20);
  fields.RejectUnknown();
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("the confirmation cannot be accepted"));
  auto view = context.service_managers->Confirm(principal, referral_id, permissions, request.remote_ip);
  if (!view) return http::ErrorResponse(view.error());
  return JsonResponse(201, ViewJson(*view));
}

Response RequestTransfer(ApiContext& context, Request& request, const Principal& principal) {
  std::string referral_id;
  std::string message;
  if (auto refused = ReadFields(request, "the request cannot be accepted", [&](FieldReader& fields) {
        referral_id = fields.RequiredString("referral_id", 40);
        message = fields.OptionalString("message", 1000, Lines::kMany).value_or("");
      })) {
    return std::move(*refused);
  }
  auto created =
      context.service_managers->RequestTransfer(principal, referral_id, message, request.remote_ip);
  if (!created) return http::ErrorResponse(created.error());
  return JsonResponse(201, TransferRequestJson(*created));
}

Response MyTransferRequests(ApiContext& context, Request& /*request*/, const Principal& principal) {
  auto requests = context.service_managers->MyTransferRequests(principal);
  if (!requests) return http::ErrorResponse(requests.error());
  json::array items;
  for (const auto& item : *requests) items.push_back(TransferRequestJson(item));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response TransferRequests(ApiContext& context, Request& request, const Principal& principal) {
  const std::string status = request.Query("status").value_or("open");
  if (status != "open" && status != "approved" && status != "declined") {
    return http::ErrorResponse(
        Error::Invalid("invalid filter", {{"status", "must be one of open, approved, declined"}}));
  }
  auto requests = context.service_managers->TransferRequests(principal, status);
  if (!requests) return http::ErrorResponse(requests.error());
  json::array items;
  for (const auto& item : *requests) items.push_back(TransferRequestJson(item));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response ClientServiceManager(ApiContext& context, Request& request, const Principal& principal) {
  auto view = context.service_managers->View(principal, request.path_params["client_id"]);
  if (!view) return http::ErrorResponse(view.error());
  return JsonResponse(200, ViewJson(*view));
}

Response RevokeServiceManager(ApiContext& context, Request& request, const Principal& principal) {
  auto revoked =
      context.service_managers->Revoke(principal, request.path_params["client_id"], request.remote_ip);
  if (!revoked) return http::ErrorResponse(revoked.error());
  Response response;
  response.status = 204;
  return response;
}

Response SignInAsClient(ApiContext& context, Request& request, const Principal& principal) {
  auto login = context.service_managers->SignInAsClient(principal, request.path_params["client_id"],
                                                        request.remote_ip);
  if (!login) return http::ErrorResponse(login.error());
  return SessionResponse(context, *login, 201, accounts::kImpersonationLifetime);
}

Response EndSignInAsClient(ApiContext& context, Request& request, const Principal& principal) {
  auto login = context.accounts.EndImpersonation(principal, request.remote_ip);
  if (!login) return http::ErrorResponse(login.error());
  return SessionResponse(context, *login, 200, context.session_lifetime);
}

}  // namespace

void RegisterServiceManagers(http::Router& router, ApiContext& context) {
  // Public: the page of a service-manager link shows whose link it is before
  // the visitor signs in or signs up.
  router.Add("GET", "/api/v1/service-manager/agents/{referral_id}",
             [&context](Request& request) { return LinkAgent(context, request); });

  AddAuthenticated(router, context, "GET", "/api/v1/service-manager", MyServiceManager);

  AddAuthenticated(router, context, "POST", "/api/v1/service-manager/confirm", ConfirmServiceManager);

  AddAuthenticated(router, context, "POST", "/api/v1/service-manager/transfer-requests", RequestTransfer);

  AddAuthenticated(router, context, "GET", "/api/v1/service-manager/transfer-requests", MyTransferRequests);

  AddAuthenticated(router, context, "GET", "/api/v1/transfer-requests", TransferRequests);

  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/service-manager",
                   ClientServiceManager);

  AddAuthenticated(router, context, "POST", "/api/v1/clients/{client_id}/service-manager/revoke",
                   RevokeServiceManager);

  AddAuthenticated(router, context, "POST", "/api/v1/clients/{client_id}/impersonations", SignInAsClient);

  AddAuthenticated(router, context, "DELETE", "/api/v1/impersonations/current", EndSignInAsClient);
}

}  // namespace wakala::http::handlers
