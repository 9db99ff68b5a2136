// Program-wide views: the public agent directory, the feed of tier changes
// with their entitlements (polled by the provisioning system), and staff's
// dry run of the quarter close.
#include <fmt/format.h>

#include <charconv>

#include "agents/records_service.hpp"
#include "engine/program_views.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

json::value Entitlements(const program::Program& program, const std::string& tier_name) {
  const auto tier = program.FindTier(tier_name);
  if (!tier) return nullptr;
  const auto& b = program.tiers.at(static_cast<std::size_t>(*tier)).benefits;
  return json::object{{"sip_channels", b.sip_channels},
                      {"did_numbers", b.did_numbers},
                      {"free_talk_time", b.free_talk_time.ToString()},
                      {"free_talk_time_period", b.talk_time_one_off ? "once" : "monthly"},
                      {"sales_leads", b.sales_leads},
                      {"website_listing", b.website_listing},
                      {"premium_support", b.premium_support}};
}

// Staff, or an integration key with the provisioning:write or read scope.
Result<void> RequireProvisioningReader(const Principal& principal) {
  if (principal.kind == Principal::Kind::kApiKey) {
    if (accounts::RequireScope(principal, accounts::scopes::kProvisioningWrite)) return {};
    return accounts::RequireScope(principal, accounts::scopes::kRead);
  }
  return accounts::RequireRole(principal, {accounts::Role::kStaff});
}

Response Directory(ApiContext& context) {
  auto entries = context.records->PublicDirectory();
  if (!entries) return http::ErrorResponse(entries.error());
  json::array items;
  for (const auto& entry : *entries) {
    json::array certifications;
    for (const auto& label : entry.certifications) certifications.emplace_back(label);
    items.push_back(json::object{{"id", entry.id},
                                 {"name", entry.name},
                                 {"town", entry.town},
                                 {"tier", entry.tier},
                                 {"certifications", std::move(certifications)},
                                 {"email", entry.email},
                                 {"phone", entry.phone},
                                 {"website", entry.website}});
  }
  Response response = JsonResponse(200, json::object{{"items", std::move(items)}});
  response.headers.clear();
  response.SetHeader("Cache-Control", "public, max-age=300");
  return response;
}

json::object TierChangeJson(const engine::TierChange& change, const program::Program& program) {
  const bool first = change.from.empty();
  return json::object{
      {"seq", change.seq},
      {"agent_id", change.agent},
      {"at", FormatRfc3339(change.at)},
      {"from_tier", first ? json::value(nullptr) : json::value(change.from)},
      {"to_tier", change.to},
      {"reason", change.reason},
      {"entitlements_before", first ? json::value(nullptr) : Entitlements(program, change.from)},
      {"entitlements_after", Entitlements(program, change.to)}};
}

// The provisioning system's feed: tier changes after `after`, oldest first.
Response EntitlementChanges(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = RequireProvisioningReader(principal); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto after = QueryNumberOr(request, "after", 0, std::numeric_limits<long long>::max());
  if (!after) return http::ErrorResponse(after.error());
  auto limit = QueryNumberOr(request, "limit", 100, 1000);
  if (!limit) return http::ErrorResponse(limit.error());
  json::array items;
  long long last = *after;
  context.engine->Read([&](const engine::Engine& engine) {
    for (const auto& change : engine::TierChanges(engine)) {
      if (change.seq <= *after) continue;
      if (static_cast<long long>(items.size()) >= *limit) break;
      items.push_back(TierChangeJson(change, engine.program()));
      last = change.seq;
    }
  });
  return JsonResponse(200, json::object{{"items", std::move(items)}, {"next_after", last}});
}

json::object TierMoveJson(const engine::DryRunChange& change) {
  json::array checks;
  for (const auto& check : change.checks) {
    checks.push_back(json::object{{"requirement", check.requirement},
                                  {"tier", check.tier},
                                  {"measured", check.measured},
                                  {"threshold", check.threshold},
                                  {"met", check.met}});
  }
  return json::object{
      {"agent_id", change.agent}, {"from", change.from}, {"to", change.to}, {"checks", std::move(checks)}};
}

// What the next quarter close would do, computed now and written nowhere.
Response QuarterCloseDryRun(ApiContext& context, Request& /*request*/, const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  std::optional<engine::DryRun> dry_run;
  context.engine->Read([&](const engine::Engine& engine) {
    dry_run = engine::QuarterCloseDryRun(engine, context.program_clock->Now());
  });
  if (!dry_run) return http::ErrorResponse(Error::NotFound("the program has no history yet"));
  json::array changes;
  for (const auto& change : dry_run->changes) changes.push_back(TierMoveJson(change));
  json::array reassignments;
  for (const auto& moved : dry_run->reassignments) {
    reassignments.push_back(
        json::object{{"client_id", moved.client},
                     {"from_agent", moved.from_agent},
                     {"to_agent", moved.to_agent ? json::value(*moved.to_agent) : json::value(nullptr)}});
  }
  return JsonResponse(200, json::object{{"quarter", dry_run->quarter},
                                        {"close_at", FormatRfc3339(dry_run->close_at)},
                                        {"agents_evaluated", dry_run->agents_evaluated},
                                        {"changes", std::move(changes)},
                                        {"reassignments", std::move(reassignments)},
                                        {"written", false}});
}

}  // namespace

void RegisterProgramViews(http::Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/directory/agents", [&context](Request&) { return Directory(context); });
  AddAuthenticated(router, context, "GET", "/api/v1/entitlement-changes", EntitlementChanges);
  AddAuthenticated(router, context, "GET", "/api/v1/quarter-close/dry-run", QuarterCloseDryRun);
}

}  // namespace wakala::http::handlers
