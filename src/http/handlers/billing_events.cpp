// POST /api/v1/billing-events: the billing system pushes paid invoices,
// refunds and chargebacks. Authenticated by an API key with billing:write and
// signed: X-Wakala-Timestamp (Unix seconds) and
// X-Wakala-Signature: sha256=<hex HMAC-SHA256(signing secret, timestamp + "." + body)>.
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <optional>

#include "accounts/principal.hpp"
#include "billing/billing_event_service.hpp"
#include "billing/billing_service.hpp"
#include "clients/client_service.hpp"
#include "clients/payment.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxBatch = 1000;
constexpr std::string_view kSignaturePrefix = "sha256=";

http::Response Unsigned(const std::string& detail) {
  return http::Problem(401, "bad-signature", "Request signature refused", detail);
}

// Checks the signature headers; "" if the request is authentic, else why not.
std::string CheckSignature(const ApiContext& context, const http::Request& request,
                           const accounts::Principal& principal) {
  const auto timestamp = request.Header("X-Wakala-Timestamp");
  const auto signature = request.Header("X-Wakala-Signature");
  if (!timestamp || !signature) return "X-Wakala-Timestamp and X-Wakala-Signature headers are required";
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(timestamp->data(), timestamp->data() + timestamp->size(), seconds);
  if (ec != std::errc() || end != timestamp->data() + timestamp->size()) {
    return "X-Wakala-Timestamp must be Unix seconds";
  }
  const auto skew = context.wall_clock->Now() - FromUnixSeconds(seconds);
  if (skew > context.signature_tolerance || -skew > context.signature_tolerance) {
    return "X-Wakala-Timestamp is more than " + std::to_string(context.signature_tolerance.count()) +
           " s away from the server's clock (stale or replayed request)";
  }
  if (principal.signing_secret.empty()) return "this API key has no signing secret; create a new key";
  if (!signature->starts_with(kSignaturePrefix)) return "X-Wakala-Signature must be 'sha256=<hex>'";
  const std::string expected = HmacSha256Hex(principal.signing_secret, *timestamp + "." + request.body);
  if (!ConstantTimeEquals(signature->substr(kSignaturePrefix.size()), expected)) {
    return "X-Wakala-Signature does not match the body and timestamp";
  }
  return "";
}

// Who sends a signed integration request: an API key with one of `scopes`
// (Authorization: Bearer), and the body's signature. The refusal as the
// response otherwise (`what` names the endpoint's requests in messages).
std::optional<http::Response> RefuseUnsigned(ApiContext& context, const http::Request& request,
                                             const std::string& what,
                                             std::initializer_list<std::string_view> scopes,
                                             std::optional<accounts::Principal>& sender) {
  const auto authorization = request.Header("Authorization");
  if (!authorization || !authorization->starts_with("Bearer ")) {
    return http::ErrorResponse(Error::Unauthenticated(what + " need an API key: Authorization: Bearer wk_…"));
  }
  auto principal = context.accounts.AuthenticateApiKey(authorization->substr(7));
  if (!principal) return http::ErrorResponse(principal.error());
  const bool scoped = std::any_of(scopes.begin(), scopes.end(), [&](std::string_view scope) {
    return static_cast<bool>(accounts::RequireScope(*principal, scope));
  });
  if (!scoped) {
    std::string names;
    for (const auto scope : scopes) names += (names.empty() ? "" : " or ") + std::string(scope);
    return http::ErrorResponse(Error::Forbidden(what + " need an API key with " + names));
  }
  if (auto why = CheckSignature(context, request, *principal); !why.empty()) return Unsigned(why);
  sender = std::move(*principal);
  return std::nullopt;
}

}  // namespace

namespace {

constexpr std::string_view kPaymentMethodAdded = "payment_method_added";

// Billing learned how a client pays: {method: mpesa|bank|card, and the
// M-Pesa number, the bank code and account number, or a fingerprint}.
http::Response PaymentMethodAdded(ApiContext& context, const accounts::Principal& principal,
                                  FieldReader& fields, const std::string& id, const std::string& client,
                                  const std::string& at_text) {
  if (!accounts::RequireScope(principal, accounts::scopes::kBillingWrite)) {
    return http::ErrorResponse(
        Error::Forbidden("payment methods come from billing: an API key with billing:write"));
  }
  const clients::PaymentMethodForm form = ReadPaymentMethodForm(fields, /*with_fingerprint=*/true);
  fields.RejectUnknown();
  const auto at = ParseRfc3339Timestamp(at_text);
  if (!at_text.empty() && !at) fields.AddProblem("at", at.error().message);
  std::optional<clients::PaymentMethod> method;
  if (!form.method.empty()) {
    auto checked = clients::ValidatePaymentMethod(
        form, clients::PaymentMethodRules{.prefix = "", .allow_card = true, .allow_fingerprint = true});
    if (checked) {
      method = std::move(*checked);
    } else {
      for (const auto& problem : checked.error().fields) fields.AddProblem(problem.field, problem.reason);
    }
  }
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("the client event cannot be taken as given"));
  auto outcome = context.clients->RecordPaymentMethod(id, client, *at, *method);
  if (!outcome) return http::ErrorResponse(outcome.error());
  return JsonResponse(
      200,
      boost::json::object{
          {"id", id},
          {"status", outcome->duplicate ? "duplicate" : "applied"},
          {"matched_agent", outcome->matched_agent ? boost::json::value(*outcome->matched_agent) : nullptr},
          {"fraud_flag", outcome->flag_id ? boost::json::value(*outcome->flag_id) : nullptr},
          {"flag_raised", outcome->flag_raised}});
}

// POST /api/v1/client-events: what the billing and provisioning systems know
// about a client that its agent may want to hear (not engine events), and the
// payment methods billing learns of (checked against the agent's own, §4.4).
http::Response ClientEvent(ApiContext& context, http::Request& request) {
  std::optional<accounts::Principal> principal;
  if (auto refused = RefuseUnsigned(context, request, "client events",
                                    {accounts::scopes::kBillingWrite, accounts::scopes::kProvisioningWrite},
                                    principal)) {
    return std::move(*refused);
  }
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  const std::string type = fields.RequiredString("type", 40);
  const std::string id = fields.RequiredString("id", 100);
  const std::string client = fields.RequiredString("client", 100);
  const std::string at_text = fields.RequiredString("at", 40);
  if (type == kPaymentMethodAdded)
    return PaymentMethodAdded(context, *principal, fields, id, client, at_text);
  const auto summary = fields.OptionalString("summary", 500, Lines::kMany);
  const auto reference = fields.OptionalString("reference", 200);  // service, invoice or ticket id
  const auto state = fields.OptionalString("state", 100);          // a service's new state
  fields.RejectUnknown();
  if (!type.empty() && type != "service_state_changed" && type != "invoice_overdue" &&
      type != "ticket_opened") {
    fields.AddProblem(
        "type", "must be service_state_changed, invoice_overdue, ticket_opened or payment_method_added");
  }
  const auto at = ParseRfc3339Timestamp(at_text);
  if (!at_text.empty() && !at) fields.AddProblem("at", at.error().message);
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("the client event cannot be taken as given"));
  boost::json::object detail;
  if (summary) detail["summary"] = *summary;
  if (reference) detail["reference"] = *reference;
  if (state) detail["state"] = *state;
  auto notified = context.clients->RecordClientEvent(type, id, client, *at, boost::json::serialize(detail));
  if (!notified) return http::ErrorResponse(notified.error());
  return JsonResponse(
      200, boost::json::object{{"id", id},
                               {"notified_agent", *notified ? boost::json::value(**notified) : nullptr}});
}

// POST /api/v1/payment-notifications: the payment gateway (M-Pesa paybill
// confirmations, bank credits) tells built-in billing that an invoice was
// paid; recorded as staff record payments, idempotent by method and reference.
http::Response PaymentNotification(ApiContext& context, http::Request& request) {
  std::optional<accounts::Principal> principal;
  if (auto refused = RefuseUnsigned(context, request, "payment notifications",
                                    {accounts::scopes::kBillingWrite}, principal)) {
    return std::move(*refused);
  }
  std::string invoice;
  billing::PaymentRequest payment;
  if (auto refused =
          ReadFields(request, "the payment notification cannot be taken as given", [&](FieldReader& fields) {
            invoice = fields.RequiredString("invoice", 40);
            payment.method = fields.RequiredString("method", 10);
            payment.reference = fields.RequiredString("reference", 40);
            payment.amount = fields.RequiredAmount("amount").value_or(Money{});
            payment.paid_at = fields.OptionalTime("paid_at");
          })) {
    return std::move(*refused);
  }
  auto recorded = context.billing->RecordNotifiedPayment(*principal, invoice, payment, request.remote_ip);
  if (!recorded) return http::ErrorResponse(recorded.error());
  return JsonResponse(recorded->replayed ? 200 : 201,
                      json::object{{"payment_id", recorded->payment.id},
                                   {"invoice", recorded->invoice.number},
                                   {"status", recorded->replayed ? "duplicate" : "recorded"}});
}

// POST /api/v1/billing-events: one event, or {"events": [...]} applied all-or-nothing.
http::Response BillingEvents(ApiContext& context, http::Request& request) {
  std::optional<accounts::Principal> principal;
  if (auto refused =
          RefuseUnsigned(context, request, "billing events", {accounts::scopes::kBillingWrite}, principal)) {
    return std::move(*refused);
  }

  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  // One event, or {"events": [...]} applied all-or-nothing.
  std::vector<json::object> events;
  if (auto* batch = body->if_contains("events")) {
    if (!batch->is_array() || batch->as_array().empty() || batch->as_array().size() > kMaxBatch) {
      return http::ErrorResponse(Error::Invalid("events must be a list of 1 to 1000 billing events",
                                                {{"events", "must be a list of 1 to 1000 events"}}));
    }
    for (auto& item : batch->as_array()) {
      if (!item.is_object()) {
        return http::ErrorResponse(
            Error::Invalid("every event must be a JSON object", {{"events", "not an object"}}));
      }
      events.push_back(std::move(item.as_object()));
    }
  } else {
    events.push_back(std::move(*body));
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto* type = events[i].if_contains("type");
    const bool billing = type != nullptr && type->is_string() &&
                         (type->as_string() == "invoice_paid" || type->as_string() == "refund" ||
                          type->as_string() == "chargeback");
    if (!billing) {
      const std::string message =
          "event " + std::to_string(i) + ": type must be invoice_paid, refund or chargeback";
      return http::ErrorResponse(
          Error::Invalid(message, {{"events/" + std::to_string(i) + "/type", message}}));
    }
  }
  auto outcomes = context.billing_events->Ingest(events);
  if (!outcomes) return http::ErrorResponse(outcomes.error());
  json::array results;
  for (const auto& outcome : *outcomes) {
    results.push_back(json::object{
        {"type", outcome.type}, {"id", outcome.id}, {"status", outcome.applied ? "applied" : "duplicate"}});
  }
  return JsonResponse(200, json::object{{"results", std::move(results)}});
}

}  // namespace

void RegisterBillingEvents(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/client-events",
             [&context](http::Request& request) { return ClientEvent(context, request); });
  router.Add("POST", "/api/v1/payment-notifications",
             [&context](http::Request& request) { return PaymentNotification(context, request); });
  router.Add("POST", "/api/v1/billing-events",
             [&context](http::Request& request) { return BillingEvents(context, request); });
}

}  // namespace wakala::http::handlers
