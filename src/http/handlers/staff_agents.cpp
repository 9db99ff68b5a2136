// The staff side of agents over HTTP: the searchable list, an agent's record
// with its history, and the staff actions — violations, termination, manual
// commissions, tier overrides. Handlers authorise, read input and shape JSON;
// app/staff_agents_service does the work.
#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <regex>

#include "agents/staff_agents_service.hpp"
#include "engine/json_views.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMaxPageSize = 500;
constexpr std::int64_t kMaxDueWithinDays = 3650;
constexpr std::size_t kMaxSearchLength = 200;
constexpr std::size_t kMaxNamedCommissions = 1000;

json::value ClockJson(const std::optional<agents::AffiliateClock>& clock) {
  if (!clock) return nullptr;
  return json::object{{"window_started_at", FormatRfc3339(clock->window_start)},
                      {"window_ends_at", FormatRfc3339(clock->window_end)},
                      {"days_left", clock->days_left},
                      {"sale_made", clock->sale_made}};
}

json::object SummaryJson(const agents::AgentSummary& s) {
  return json::object{{"id", s.id},
                      {"name", OptionalText(s.name)},
                      {"email", OptionalText(s.email)},
                      {"referral_id", OptionalText(s.referral_id)},
                      {"tier", s.tier},
                      {"status", s.terminated ? "terminated" : "active"},
                      {"activated_at", FormatRfc3339(s.activated_at)},
                      {"affiliate_clock", ClockJson(s.affiliate_clock)},
                      {"balances", json::object{{"available", s.balances.available.ToString()},
                                                {"pending", s.balances.pending.ToString()}}}};
}

std::string ForfeitedTotal(const std::vector<engine::Forfeit>& forfeits) {
  Money total;
  for (const auto& forfeit : forfeits) total += forfeit.amount;
  return total.ToString();
}

json::object ViolationJson(const engine::ViolationRecord& v) {
  json::array named;
  for (const auto& id : v.named) named.emplace_back(id);
  return json::object{{"at", FormatRfc3339(v.at)},
                      {"reason", v.reason},
                      {"all_unpaid", v.all_unpaid},
                      {"commission_ids", std::move(named)},
                      {"forfeited", engine::ForfeitsJson(v.forfeited)},
                      {"forfeited_total", ForfeitedTotal(v.forfeited)}};
}

json::object TerminationJson(const engine::TerminationRecord& t) {
  json::array reassigned;
  for (const auto& move : t.reassigned) {
    reassigned.push_back(json::object{{"client", move.client},
                                      {"to", move.to ? json::value(*move.to) : json::value(nullptr)}});
  }
  return json::object{{"at", FormatRfc3339(t.at)},
                      {"reason", t.reason},
                      {"forfeited", engine::ForfeitsJson(t.forfeited)},
                      {"forfeited_total", ForfeitedTotal(t.forfeited)},
                      {"reassigned", std::move(reassigned)}};
}

json::object TierChangeJson(const engine::Evaluation& e) {
  return json::object{{"quarter", e.quarter},
                      {"at", FormatRfc3339(e.at)},
                      {"from", e.from},
                      {"to", e.to},
                      {"reason", OptionalText(e.reason)}};
}

json::object DetailJson(const agents::AgentDetail& d) {
  json::object out = SummaryJson(d.summary);
  out["phone"] = OptionalText(d.phone);
  out["town"] = OptionalText(d.town);
  out["website"] = OptionalText(d.website);
  out["application_id"] = d.application_id ? json::value(*d.application_id) : json::value(nullptr);
  out["sip_trunk_active"] = d.sip_trunk_active;
  out["agreement_signed"] = d.agreement_signed;
  out["balances"] = BalancesJson(d.summary.balances);
  json::array tiers;
  for (const auto& change : d.tier_history) tiers.push_back(TierChangeJson(change));
  out["tier_history"] = std::move(tiers);
  json::array associations;
  for (const auto& a : d.associations) {
    associations.push_back(json::object{
        {"client", a.client},
        {"source", engine::SourceName(a.source)},
        {"referral_url", OptionalText(a.referral_url)},
        {"created_at", FormatRfc3339(a.created_at)},
        {"ended_at", a.ended_at ? json::value(FormatRfc3339(*a.ended_at)) : json::value(nullptr)},
        {"rate_card", a.rate_card}});
  }
  out["associations"] = std::move(associations);
  json::array violations;
  for (const auto& violation : d.violations) violations.push_back(ViolationJson(violation));
  out["violations"] = std::move(violations);
  out["termination"] = d.termination ? json::value(TerminationJson(*d.termination)) : json::value(nullptr);
  out["as_of"] = FormatRfc3339(d.as_of);
  return out;
}

json::object ManualCommissionJson(const agents::PostedCommission& posted) {
  const auto& c = posted.commission;
  return json::object{
      {"id", c.id},
      {"agent_id", c.agent},
      {"kind", engine::CommissionKindName(c.kind)},
      {"category", c.category ? json::value(program::CategoryName(*c.category)) : json::value(nullptr)},
      {"amount", c.amount.ToString()},
      {"reason", c.reason},
      {"state", posted.state},
      {"created_at", FormatRfc3339(c.created_at)},
      {"available_at", FormatRfc3339(c.available_at)}};
}

// Staff-only actions refuse other roles before looking at the input.
std::optional<Response> RefuseNonStaff(const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  return std::nullopt;
}

Response ListHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  agents::AgentQuery query;
  std::vector<FieldError> problems;
  query.q = request.Query("q").value_or("");
  if (query.q.size() > kMaxSearchLength) {
    problems.push_back({"q", fmt::format("must be at most {} characters", kMaxSearchLength)});
  }
  query.tier = request.Query("tier");
  query.status = request.Query("status");
  if (const auto due = QueryNumber(request, "due_within_days", 0, kMaxDueWithinDays, problems)) {
    query.affiliate_due_within = static_cast<int>(*due);
  }
  const auto limit = QueryNumber(request, "limit", 1, kMaxPageSize, problems);
  const auto offset = QueryNumber(request, "offset", 0, std::numeric_limits<std::int32_t>::max(), problems);
  if (!problems.empty()) return http::ErrorResponse(Error::Invalid("invalid agent filter", problems));
  query.limit = static_cast<std::size_t>(limit.value_or(kDefaultPageSize));
  query.offset = static_cast<std::size_t>(offset.value_or(0));
  auto page = context.staff_agents->List(principal, query);
  if (!page) return http::ErrorResponse(page.error());
  json::array items;
  for (const auto& summary : page->items) items.push_back(SummaryJson(summary));
  return JsonResponse(200, json::object{{"items", std::move(items)},
                                        {"total", page->total},
                                        {"limit", query.limit},
                                        {"offset", query.offset},
                                        {"as_of", FormatRfc3339(page->as_of)}});
}

Response DetailHandler(ApiContext& context, Request& request, const Principal& principal) {
  auto detail = context.staff_agents->Get(principal, request.path_params["agent_id"]);
  if (!detail) return http::ErrorResponse(detail.error());
  return JsonResponse(200, DetailJson(*detail));
}

Response ViolationHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  const std::string agent_id = request.path_params["agent_id"];
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  agents::ViolationRequest violation;
  violation.reason =
      fields.RequiredString("reason", agents::StaffAgentsService::kMaxReasonLength, Lines::kMany);
  if (body->contains("commission_ids")) {
    violation.commission_ids = fields.RequiredStringArray("commission_ids", kMaxNamedCommissions);
  }
  violation.all_unpaid = fields.OptionalBool("all_unpaid").value_or(false);
  fields.RejectUnknown();
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("the violation cannot be recorded as given"));
  auto recorded = context.staff_agents->RecordViolation(principal, agent_id, violation, request.remote_ip);
  if (!recorded) return http::ErrorResponse(recorded.error());
  json::object out = ViolationJson(recorded->violation);
  out["agent_id"] = agent_id;
  out["balances"] = BalancesJson(recorded->balances);
  return JsonResponse(201, out);
}

Response TerminateHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  const std::string agent_id = request.path_params["agent_id"];
  std::string reason;
  if (auto refused = ReadFields(request, "the termination needs a reason", [&](FieldReader& fields) {
        reason = fields.RequiredString("reason", agents::StaffAgentsService::kMaxReasonLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  auto terminated = context.staff_agents->Terminate(principal, agent_id, reason, request.remote_ip);
  if (!terminated) return http::ErrorResponse(terminated.error());
  json::object out = TerminationJson(terminated->termination);
  out["agent_id"] = agent_id;
  out["status"] = "terminated";
  out["balances"] = BalancesJson(terminated->balances);
  return JsonResponse(200, out);
}

Response ManualCommissionHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  const std::string agent_id = request.path_params["agent_id"];
  // The form's Idempotency-Key makes the commission's id, so a double submit
  // finds the commission the first one posted.
  static const std::regex kKey("^[A-Za-z0-9_-]{8,64}$");
  const auto key = request.Header("Idempotency-Key");
  if (!key || !std::regex_match(*key, kKey)) {
    return http::ErrorResponse(Error::Invalid(
        "Idempotency-Key header: required on a manual commission, 8–64 letters, digits, '-' or '_' (e.g. a "
        "UUID made when the form opens); a retry with the same key returns the first request's commission",
        {{"Idempotency-Key", key ? "must be 8-64 of A-Z a-z 0-9 - _" : "is required"}}));
  }
  agents::ManualCommissionRequest manual;
  std::optional<Money> amount;
  if (auto refused =
          ReadFields(request, "the manual commission cannot be posted as given", [&](FieldReader& fields) {
            manual.idempotency_key = *key;
            amount = fields.RequiredAmount("amount");
            manual.category = fields.RequiredString("category", 40);
            manual.reason =
                fields.RequiredString("reason", agents::StaffAgentsService::kMaxReasonLength, Lines::kMany);
          })) {
    return std::move(*refused);
  }
  manual.amount = *amount;
  auto posted = context.staff_agents->PostManualCommission(principal, agent_id, manual, request.remote_ip);
  if (!posted) return http::ErrorResponse(posted.error());
  Response response = JsonResponse(posted->replayed ? 200 : 201, ManualCommissionJson(*posted));
  if (posted->replayed) response.SetHeader("Idempotent-Replayed", "true");
  return response;
}

Response TierOverrideHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto refused = RefuseNonStaff(principal)) return std::move(*refused);
  const std::string agent_id = request.path_params["agent_id"];
  std::string tier;
  std::string reason;
  if (auto refused =
          ReadFields(request, "the tier override cannot be made as given", [&](FieldReader& fields) {
            tier = fields.RequiredString("tier", 40);
            reason =
                fields.RequiredString("reason", agents::StaffAgentsService::kMaxReasonLength, Lines::kMany);
          })) {
    return std::move(*refused);
  }
  auto overridden = context.staff_agents->OverrideTier(principal, agent_id, tier, reason, request.remote_ip);
  if (!overridden) return http::ErrorResponse(overridden.error());
  json::object out = TierChangeJson(overridden->change);
  out["agent_id"] = agent_id;
  return JsonResponse(200, out);
}

}  // namespace

void RegisterStaffAgents(http::Router& router, ApiContext& context) {
  const auto route = [&](const char* method, const char* path, ContextHandler handler) {
    AddAuthenticated(router, context, method, path, handler);
  };
  route("GET", "/api/v1/agents", ListHandler);
  route("GET", "/api/v1/agents/{agent_id}", DetailHandler);
  route("POST", "/api/v1/agents/{agent_id}/violations", ViolationHandler);
  route("POST", "/api/v1/agents/{agent_id}/terminate", TerminateHandler);
  route("POST", "/api/v1/agents/{agent_id}/manual-commissions", ManualCommissionHandler);
  route("POST", "/api/v1/agents/{agent_id}/tier-override", TierOverrideHandler);
}

}  // namespace wakala::http::handlers
