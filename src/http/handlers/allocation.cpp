// Clients and their agents over HTTP, for staff: the client list, assignment
// and transfer, a client's association history (also for the client itself),
// the decisions on fraud flags, and the reversal of reversible commissions.
// Handlers authorise, read input and shape JSON; app/allocation_service does
// the work.
#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "clients/allocation_service.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMaxPageSize = 500;
constexpr std::size_t kMaxSearchLength = 200;
constexpr std::size_t kMaxIdLength = 200;
constexpr std::size_t kMaxNamedCommissions = 1000;

std::optional<Response> RefuseNonStaff(const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  return std::nullopt;
}

json::object AssociationJson(const engine::Association& a) {
  return json::object{
      {"client_id", a.client},
      {"agent_id", a.agent},
      {"source", engine::SourceName(a.source)},
      {"referral_url", OptionalText(a.referral_url)},
      {"reversible", a.reversible},
      {"rate_card", a.rate_card},
      {"created_at", FormatRfc3339(a.created_at)},
      {"ended_at", a.ended_at ? json::value(FormatRfc3339(*a.ended_at)) : json::value(nullptr)}};
}

// A decision answers with the flag (FraudFlag, decision_reason included) and,
// as documented for FlagDecision, the staff reason again as `reason`.
json::object FlagDecisionJson(const clients::FraudFlag& flag) {
  json::object out = FlagJson(flag);
  out["reason"] = flag.decision_reason ? OptionalText(*flag.decision_reason) : json::value(nullptr);
  return out;
}

Response ListHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  clients::ClientQuery query;
  std::vector<FieldError> problems;
  query.q = request.Query("q").value_or("");
  if (query.q.size() > kMaxSearchLength) {
    problems.push_back({"q", fmt::format("must be at most {} characters", kMaxSearchLength)});
  }
  if (const auto unassigned = request.Query("unassigned")) {
    if (*unassigned != "true" && *unassigned != "false") {
      problems.push_back({"unassigned", "must be true or false"});
    }
    query.unassigned = *unassigned == "true";
  }
  const auto limit = QueryNumber(request, "limit", 1, kMaxPageSize, problems);
  const auto offset = QueryNumber(request, "offset", 0, std::numeric_limits<std::int32_t>::max(), problems);
  if (!problems.empty()) return http::ErrorResponse(Error::Invalid("invalid client filter", problems));
  query.limit = static_cast<std::size_t>(limit.value_or(kDefaultPageSize));
  query.offset = static_cast<std::size_t>(offset.value_or(0));
  auto page = context.allocation->List(principal, query);
  if (!page) return http::ErrorResponse(page.error());
  json::array items;
  for (const auto& c : page->items) {
    items.push_back(
        json::object{{"id", c.id},
                     {"name", OptionalText(c.name)},
                     {"email", OptionalText(c.email)},
                     {"agent_id", c.agent ? json::value(*c.agent) : json::value(nullptr)},
                     {"source", c.source ? json::value(*c.source) : json::value(nullptr)},
                     {"since", c.since ? json::value(FormatRfc3339(*c.since)) : json::value(nullptr)}});
  }
  return JsonResponse(200, json::object{{"items", std::move(items)},
                                        {"total", page->total},
                                        {"limit", query.limit},
                                        {"offset", query.offset}});
}

Response AssignHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string agent_id;
  if (auto refused = ReadFields(request, "the assignment cannot be made as given", [&](FieldReader& fields) {
        agent_id = fields.RequiredString("agent_id", kMaxIdLength);
      })) {
    return std::move(*refused);
  }
  auto made =
      context.allocation->Assign(principal, request.path_params["client_id"], agent_id, request.remote_ip);
  if (!made) return http::ErrorResponse(made.error());
  return JsonResponse(201, AssociationJson(*made));
}

Response TransferHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string agent_id;
  std::string reason;
  if (auto refused = ReadFields(request, "the transfer cannot be made as given", [&](FieldReader& fields) {
        agent_id = fields.RequiredString("agent_id", kMaxIdLength);
        reason = fields.RequiredString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  auto made = context.allocation->Transfer(principal, request.path_params["client_id"], agent_id, reason,
                                           request.remote_ip);
  if (!made) return http::ErrorResponse(made.error());
  json::object out = AssociationJson(*made);
  out["reason"] = reason;
  return JsonResponse(201, out);
}

Response HistoryHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string client_id = request.path_params["client_id"];
  auto history = context.allocation->History(principal, client_id);
  if (!history) return http::ErrorResponse(history.error());
  json::array items;
  for (const auto& entry : *history) {
    json::object item = AssociationJson(entry.association);
    item["transfer_reason"] =
        entry.transfer_reason ? json::value(*entry.transfer_reason) : json::value(nullptr);
    items.push_back(std::move(item));
  }
  return JsonResponse(200, json::object{{"client_id", client_id}, {"items", std::move(items)}});
}

Response DismissHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string reason;
  if (!request.body.empty()) {  // the body is optional: {"reason"} for the record
    if (auto refused = ReadFields(request, "the flag cannot be dismissed as given", [&](FieldReader& fields) {
          reason = fields.OptionalString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany)
                       .value_or("");
        })) {
      return std::move(*refused);
    }
  }
  auto decided =
      context.allocation->DismissFlag(principal, request.path_params["flag_id"], reason, request.remote_ip);
  if (!decided) return http::ErrorResponse(decided.error());
  json::object out = FlagDecisionJson(decided->flag);
  out["association"] = decided->association ? json::value(AssociationJson(*decided->association)) : nullptr;
  return JsonResponse(200, out);
}

Response ConfirmHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string reason;
  if (auto refused = ReadFields(request, "the flag cannot be confirmed as given", [&](FieldReader& fields) {
        reason = fields.RequiredString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  auto decided =
      context.allocation->ConfirmFlag(principal, request.path_params["flag_id"], reason, request.remote_ip);
  if (!decided) return http::ErrorResponse(decided.error());
  json::object out = FlagDecisionJson(decided->flag);
  const auto& v = *decided->violation;
  out["violation"] = json::object{{"agent_id", decided->flag.agent_id},
                                  {"at", FormatRfc3339(v.at)},
                                  {"reason", v.reason},
                                  {"forfeited", json::array{}}};
  return JsonResponse(200, out);
}

json::object TransferDecisionJson(const clients::TransferRequestDecision& decision) {
  json::object out = TransferRequestJson(decision.request);
  out["association"] = decision.association ? json::value(AssociationJson(*decision.association)) : nullptr;
  return out;
}

Response ApproveTransferRequestHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string reason;
  if (!request.body.empty()) {  // optional: {"reason"}; else the client's message is the transfer's reason
    if (auto refused =
            ReadFields(request, "the request cannot be approved as given", [&](FieldReader& fields) {
              reason =
                  fields.OptionalString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany)
                      .value_or("");
            })) {
      return std::move(*refused);
    }
  }
  auto decided = context.allocation->ApproveTransferRequest(principal, request.path_params["request_id"],
                                                            reason, request.remote_ip);
  if (!decided) return http::ErrorResponse(decided.error());
  return JsonResponse(200, TransferDecisionJson(*decided));
}

Response DeclineTransferRequestHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  std::string reason;
  if (auto refused = ReadFields(request, "the request cannot be declined as given", [&](FieldReader& fields) {
        reason = fields.RequiredString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  auto decided = context.allocation->DeclineTransferRequest(principal, request.path_params["request_id"],
                                                            reason, request.remote_ip);
  if (!decided) return http::ErrorResponse(decided.error());
  return JsonResponse(200, TransferDecisionJson(*decided));
}

Response ReversibleHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  auto items = context.allocation->Reversible(principal, request.Query("agent_id"));
  if (!items) return http::ErrorResponse(items.error());
  json::array out;
  for (const auto& item : *items) {
    const auto& c = item.commission;
    out.push_back(json::object{{"id", c.id},
                               {"agent_id", c.agent},
                               {"client_id", OptionalText(item.client)},
                               {"kind", engine::CommissionKindName(c.kind)},
                               {"amount", c.amount.ToString()},
                               {"reversed", c.reversed.ToString()},
                               {"forfeited", c.forfeited.ToString()},
                               {"left", c.Left().ToString()},
                               {"state", item.state},
                               {"created_at", FormatRfc3339(c.created_at)},
                               {"available_at", FormatRfc3339(c.available_at)}});
  }
  return JsonResponse(200, json::object{{"items", std::move(out)}});
}

Response ReverseHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  clients::ReverseRequest reverse;
  reverse.reason =
      fields.RequiredString("reason", clients::AllocationService::kMaxReasonLength, Lines::kMany);
  if (body->contains("commission_ids")) {
    reverse.commission_ids = fields.RequiredStringArray("commission_ids", kMaxNamedCommissions);
  }
  reverse.agent_id = fields.OptionalString("agent_id", kMaxIdLength);
  fields.RejectUnknown();
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("the reversal cannot be made as given"));
  auto reversed = context.allocation->Reverse(principal, reverse, request.remote_ip);
  if (!reversed) return http::ErrorResponse(reversed.error());
  json::array items;
  Money total;
  for (const auto& item : *reversed) {
    items.push_back(json::object{{"commission_id", item.commission}, {"amount", item.amount.ToString()}});
    total += item.amount;
  }
  return JsonResponse(200, json::object{{"reversed", std::move(items)},
                                        {"reversed_total", total.ToString()},
                                        {"reason", reverse.reason}});
}

}  // namespace

void RegisterAllocation(http::Router& router, ApiContext& context) {
  const auto route = [&](const char* method, const char* path, ContextHandler handler) {
    AddAuthenticated(router, context, method, path, handler);
  };
  route("GET", "/api/v1/clients", ListHandler);
  route("POST", "/api/v1/clients/{client_id}/assignment", AssignHandler);
  route("POST", "/api/v1/clients/{client_id}/transfer", TransferHandler);
  route("GET", "/api/v1/clients/{client_id}/associations", HistoryHandler);
  route("POST", "/api/v1/fraud-flags/{flag_id}/dismiss", DismissHandler);
  route("POST", "/api/v1/fraud-flags/{flag_id}/confirm", ConfirmHandler);
  route("POST", "/api/v1/transfer-requests/{request_id}/approve", ApproveTransferRequestHandler);
  route("POST", "/api/v1/transfer-requests/{request_id}/decline", DeclineTransferRequestHandler);
  route("GET", "/api/v1/reversible-commissions", ReversibleHandler);
  route("POST", "/api/v1/reversible-commissions/reverse", ReverseHandler);
}

}  // namespace wakala::http::handlers
