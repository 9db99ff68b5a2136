// GET /api/v1/jobs: the latest runs of the server's scheduled jobs (staff), and
// where the answering process's engine stands — so that an operator sees that
// every process of a deployment is in step.
#include <boost/json.hpp>
#include <charconv>

#include "accounts/principal.hpp"
#include "http/handlers/routes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "jobs/run_history.hpp"

namespace wakala::http::handlers {

namespace json = boost::json;

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;

json::value OptionalTime(const std::optional<Timestamp>& time) {
  return time ? json::value(FormatRfc3339(*time)) : json::value(nullptr);
}

json::object RunJson(const jobs::JobRunReport& run) {
  return json::object{{"job", run.job},
                      {"due_at", FormatRfc3339(run.due_at)},
                      {"holder", run.holder},
                      {"started_at", FormatRfc3339(run.started_at)},
                      {"finished_at", FormatRfc3339(run.finished_at)},
                      {"outcome", run.outcome},
                      {"detail", run.detail},
                      {"attempts", run.attempts}};
}

}  // namespace

void RegisterJobs(http::Router& router, ApiContext& context) {
  router.Add(
      "GET", "/api/v1/jobs",
      WithPrincipal(context, [&context](http::Request& request, const accounts::Principal& principal) {
        if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
          return http::ErrorResponse(allowed.error());
        }
        int limit = kDefaultLimit;
        if (const auto text = request.Query("limit")) {
          const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
          if (ec != std::errc() || end != text->data() + text->size() || limit < 1 || limit > kMaxLimit) {
            return http::ErrorResponse(
                Error::Invalid("bad query parameters", {{"limit", "must be an integer from 1 to 500"}}));
          }
        }
        auto report = context.job_runs->Latest(limit);
        if (!report) return http::ErrorResponse(report.error());
        json::array items;
        for (const auto& run : report->runs) items.push_back(RunJson(run));
        return JsonResponse(
            200, json::object{{"items", std::move(items)},
                              {"engine", json::object{{"clock", OptionalTime(report->engine_clock)},
                                                      {"next_due", OptionalTime(report->next_due)}}}});
      }));
}

}  // namespace wakala::http::handlers
