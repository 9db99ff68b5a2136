// The email outbox for staff: GET /api/v1/emails (what left, what waits and
// why, what failed) and POST /api/v1/emails/{email_id}/retry. Bodies are not
// shown: they hold the links people set passwords with.
#include <boost/json.hpp>
#include <charconv>
#include <limits>

#include "accounts/principal.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/problem.hpp"
#include "jobs/email_delivery.hpp"

namespace wakala::http::handlers {

namespace {

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

// "<created_at seconds>-<id>" of the last item of a page.
std::string CursorOf(const jobs::OutboxEmail& email) {
  return std::to_string(ToUnixSeconds(email.created_at)) + "-" + email.id;
}

std::optional<std::pair<Timestamp, std::string>> ParseCursor(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= text.size() || text.size() > 100) {
    return std::nullopt;
  }
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + dash, seconds);
  if (ec != std::errc() || end != text.data() + dash || seconds < 0) return std::nullopt;
  return std::pair{FromUnixSeconds(seconds), std::string(text.substr(dash + 1))};
}

json::object EmailJson(const jobs::OutboxEmail& email) {
  return json::object{
      {"id", email.id},
      {"recipient", email.recipient},
      {"subject", email.subject},
      {"template", email.template_name},
      {"language", email.language},
      {"status", email.status},
      {"attempts", email.attempts},
      {"created_at", FormatRfc3339(email.created_at)},
      {"next_attempt_at", email.status == "queued" || email.status == "sending"
                              ? json::value(FormatRfc3339(email.next_attempt_at))
                              : json::value(nullptr)},
      {"sent_at", email.sent_at ? json::value(FormatRfc3339(*email.sent_at)) : json::value(nullptr)},
      {"last_error", OptionalText(email.last_error)},
      {"message_id", OptionalText(email.message_id)}};
}

// ?status=queued|sending|sent|failed, ?recipient=<address>, ?limit=1..200 (50), ?cursor=<next_cursor>.
Response ListEmails(ApiContext& context, Request& request, const Principal& principal) {
  jobs::OutboxQuery query;
  std::vector<FieldError> problems;
  if (const auto status = request.Query("status")) {
    if (*status != "queued" && *status != "sending" && *status != "sent" && *status != "failed") {
      problems.push_back({"status", "must be queued, sending, sent or failed"});
    }
    query.status = *status;
  }
  if (const auto recipient = request.Query("recipient")) {
    if (recipient->empty() || recipient->size() > 254)
      problems.push_back({"recipient", "must be 1-254 characters"});
    query.recipient = *recipient;
  }
  const int limit = static_cast<int>(QueryNumber(request, "limit", 1, 200, problems).value_or(50));
  if (const auto cursor = request.Query("cursor")) {
    query.before = ParseCursor(*cursor);
    if (!query.before) problems.push_back({"cursor", "must be a next_cursor this list gave"});
  }
  if (!problems.empty()) return http::ErrorResponse(Error::Invalid("bad query parameters", problems));
  query.limit = limit + 1;  // one more tells whether there is a next page
  return Respond(context.outbox->List(principal, query), [&](const jobs::OutboxReport& report) {
    const bool more = static_cast<int>(report.items.size()) > limit;
    json::array items;
    for (std::size_t i = 0; i < report.items.size() && static_cast<int>(i) < limit; ++i) {
      items.push_back(EmailJson(report.items[i]));
    }
    return json::object{
        {"items", std::move(items)},
        {"next_cursor", more ? json::value(CursorOf(report.items[limit - 1])) : json::value(nullptr)},
        {"delivery_configured", report.delivery_configured},
        {"counts",
         json::object{{"queued", report.queued}, {"sending", report.sending}, {"failed", report.failed}}}};
  });
}

Response RetryEmail(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.outbox->Retry(principal, request.path_params["email_id"], request.remote_ip),
                 EmailJson);
}

}  // namespace

void RegisterEmails(http::Router& router, ApiContext& context) {
  AddAuthenticated(router, context, "GET", "/api/v1/emails", ListEmails);
  AddAuthenticated(router, context, "POST", "/api/v1/emails/{email_id}/retry", RetryEmail);
}

}  // namespace wakala::http::handlers
