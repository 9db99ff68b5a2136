// How clients come to an agent, over HTTP: the referral link (/r/<id>), the
// public client signup, and the staff's queue of fraud flags.
#include <array>

#include "agents/records_service.hpp"
#include "clients/client_service.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

std::string ReferralCookieName(const ApiContext& context) {
  // __Host- binds the cookie to this host and path "/" (browsers insist on Secure for it).
  return context.cookie_secure ? "__Host-" + std::string(clients::kReferralCookieName)
                               : std::string(clients::kReferralCookieName);
}

}  // namespace

Response ReferralRedirect(ApiContext& context, Request& request, const std::string& referral_id,
                          const std::string& landing) {
  const auto outcome =
      context.clients->Click(referral_id, request.remote_ip, request.Header("User-Agent").value_or(""),
                             request.Header("Referer").value_or(""), landing);
  Response response;
  response.status = 302;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "See " + outcome.location + "\n";
  response.SetHeader("Location", outcome.location);
  response.SetHeader("Cache-Control", "no-store");
  if (outcome.cookie) {
    response.SetHeader("Set-Cookie",
                       fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
                                   ReferralCookieName(context), *outcome.cookie,
                                   outcome.cookie_max_age.count(), context.cookie_secure ? "; Secure" : ""));
  }
  return response;
}

namespace {

struct BannerSize {
  int width, height;
};
// The provider's banner in the usual IAB sizes.
constexpr std::array<BannerSize, 4> kBannerSizes{{{728, 90}, {468, 60}, {300, 250}, {160, 600}}};

std::optional<BannerSize> FindBanner(std::string_view file) {
  for (const auto size : kBannerSizes) {
    if (file == fmt::format("{}x{}.svg", size.width, size.height)) return size;
  }
  return std::nullopt;
}

// A plain SVG banner: no scripts, no external references.
std::string BannerSvg(BannerSize size) {
  const bool tall = size.height > size.width;
  const int title = std::max(12, std::min(size.height / 3, size.width / 12));
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">)"
      R"(<rect width="{0}" height="{1}" fill="#0b4f6c"/>)"
      R"(<text x="{2}" y="{3}" font-family="sans-serif" font-size="{4}" font-weight="bold" fill="#ffffff" text-anchor="middle">Cloud One</text>)"
      R"(<text x="{2}" y="{5}" font-family="sans-serif" font-size="{6}" fill="#d7f2ff" text-anchor="middle">Business phone systems for Kenya</text>)"
      R"(</svg>)",
      size.width, size.height, size.width / 2, tall ? size.height / 3 : size.height / 2, title,
      tall ? size.height / 3 + title + 10 : size.height / 2 + title, std::max(9, title / 2));
}

json::object PreferencesJson(const clients::NotificationPreferences& p) {
  return json::object{{"service_changes", p.service_changes},
                      {"invoice_paid", p.invoice_paid},
                      {"invoice_overdue", p.invoice_overdue},
                      {"ticket_opened", p.ticket_opened},
                      {"invoice_issued", p.invoice_issued}};
}

json::object AgentClientJson(const clients::AgentClient& client) {
  const auto& row = client.row;
  json::array subscriptions;
  for (const auto& subscription : row.subscriptions) subscriptions.emplace_back(subscription);
  json::value last_invoice = nullptr;
  if (row.last_invoice) {
    last_invoice = json::object{{"id", *row.last_invoice},
                                {"paid_at", FormatRfc3339(*row.last_invoice_paid_at)},
                                {"total", row.last_invoice_total.ToString()}};
  }
  return json::object{{"client_id", row.client},
                      {"name", client.name.empty() ? json::value(nullptr) : json::value(client.name)},
                      {"status", "active"},
                      {"source", row.source},
                      {"since", FormatRfc3339(row.since)},
                      {"services", json::object{{"subscriptions", std::move(subscriptions)},
                                                {"invoices_paid", row.invoices_paid}}},
                      {"last_invoice", std::move(last_invoice)},
                      {"commissions_earned", row.commissions_earned.ToString()},
                      {"notifications", PreferencesJson(client.notifications)}};
}

}  // namespace

// ---- one handler per route ----

namespace {

Response Banner(Request& request) {
  const auto size = FindBanner(request.path_params["file"]);
  if (!size) return http::Problem(404, "not-found", "Not found", "no banner " + request.path_params["file"]);
  Response response;
  response.content_type = "image/svg+xml";
  response.body = BannerSvg(*size);
  response.SetHeader("Cache-Control", "public, max-age=86400");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  return response;
}

Response AgentBanners(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  auto referral = context.records->ReferralIdOf(principal, agent_id);
  if (!referral) return http::ErrorResponse(referral.error());
  const std::string link = context.public_url + "/r/" + *referral;
  json::array items;
  for (const auto size : kBannerSizes) {
    const std::string image =
        fmt::format("{}/banners/{}x{}.svg", context.public_url, size.width, size.height);
    items.push_back(json::object{
        {"size", fmt::format("{}x{}", size.width, size.height)},
        {"image_url", image},
        {"html", fmt::format(R"(<a href="{}" rel="sponsored"><img src="{}" width="{}" height="{}" )"
                             R"(alt="Cloud One business phone systems"></a>)",
                             link, image, size.width, size.height)}});
  }
  return JsonResponse(
      200,
      json::object{
          {"agent_id", agent_id}, {"referral_id", *referral}, {"link", link}, {"items", std::move(items)}});
}

Response ReferralStats(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  auto referral = context.records->ReferralIdOf(principal, agent_id);
  if (!referral) return http::ErrorResponse(referral.error());
  auto stats = context.clients->Referrals(principal, agent_id);
  if (!stats) return http::ErrorResponse(stats.error());
  const auto counts = [](const clients::ReferralCounts& c) {
    return json::object{{"clicks", c.clicks},
                        {"clicks_logged", c.clicks_logged},
                        {"signups", c.signups},
                        {"self_referral_flags", c.flagged}};
  };
  return JsonResponse(200, json::object{{"agent_id", agent_id},
                                        {"referral_id", *referral},
                                        {"link", context.public_url + "/r/" + *referral},
                                        {"as_of", FormatRfc3339(stats->as_of)},
                                        {"all_time", counts(stats->all_time)},
                                        {"last_30_days", counts(stats->last_30_days)}});
}

Response AgentClients(ApiContext& context, Request& request, const Principal& principal) {
  auto clients = context.clients->AgentClients(principal, request.path_params["agent_id"]);
  if (!clients) return http::ErrorResponse(clients.error());
  json::array items;
  for (const auto& client : *clients) items.push_back(AgentClientJson(client));
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response SetClientNotifications(ApiContext& context, Request& request, const Principal& principal) {
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  clients::NotificationPreferences preferences;
  const auto read = [&](const char* name, bool& into) {
    const auto value = fields.OptionalBool(name);
    if (!value && fields.ok()) fields.AddProblem(name, "is required (true or false)");
    into = value.value_or(true);
  };
  read("service_changes", preferences.service_changes);
  read("invoice_paid", preferences.invoice_paid);
  read("invoice_overdue", preferences.invoice_overdue);
  read("ticket_opened", preferences.ticket_opened);
  // Added later than the four: on when a client of the API does not send it.
  preferences.invoice_issued = fields.OptionalBool("invoice_issued").value_or(true);
  fields.RejectUnknown();
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("notification choices: true/false each"));
  auto saved = context.clients->SetNotificationPreferences(principal, request.path_params["agent_id"],
                                                           request.path_params["client_id"], preferences);
  if (!saved) return http::ErrorResponse(saved.error());
  return JsonResponse(200, PreferencesJson(*saved));
}

Response AgentNotifications(ApiContext& context, Request& request, const Principal& principal) {
  auto list = context.clients->Notifications(principal, request.path_params["agent_id"]);
  if (!list) return http::ErrorResponse(list.error());
  json::array items;
  for (const auto& n : *list) {
    boost::system::error_code ec;
    auto detail = json::parse(n.detail, ec);
    items.push_back(
        json::object{{"id", n.id},
                     {"client_id", n.client_id.empty() ? json::value(nullptr) : json::value(n.client_id)},
                     {"kind", n.kind},
                     {"at", FormatRfc3339(n.at)},
                     {"detail", ec ? json::value(n.detail) : detail},
                     {"sent", false}});
  }
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

Response FollowReferralLink(ApiContext& context, Request& request) {
  return ReferralRedirect(context, request, request.path_params["referral_id"],
                          request.Query("to").value_or("/"));
}

Response ClientSignup(ApiContext& context, Request& request) {
  clients::SignupForm form;
  const auto read = [&form](FieldReader& fields) {
    form.company = fields.RequiredString("company", 200);
    form.contact_name = fields.RequiredString("contact_name", 200);
    form.email = fields.RequiredString("email", 254);
    form.phone = fields.RequiredString("phone", 20);
    form.kra_pin = fields.OptionalString("kra_pin", 20).value_or("");
    form.registration_number = fields.OptionalString("registration_number", 40).value_or("");
    form.password = fields.RequiredString("password", 1024);
    // How the client will pay, if it says: {"method": "mpesa", "mpesa_number"}
    // or {"method": "bank", "bank_code", "account_number"}.
    if (const auto* payment = fields.OptionalObject("payment_method")) {
      FieldReader method(*payment);
      form.payment_method = ReadPaymentMethodForm(method);
      method.RejectUnknown();
      fields.AddProblems(method, "payment_method/");
    }
  };
  if (auto refused = ReadFields(request, "the signup cannot be accepted as given", read)) {
    return std::move(*refused);
  }
  auto signed_up =
      context.clients->Signup(form, request.Cookie(ReferralCookieName(context)), request.remote_ip);
  if (!signed_up) return http::ErrorResponse(signed_up.error());
  Response response =
      JsonResponse(201, json::object{{"client_id", signed_up->client_id}, {"user_id", signed_up->user_id}});
  // The referral has done its work: the cookie is cleared.
  response.SetHeader("Set-Cookie",
                     fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
                                 ReferralCookieName(context), context.cookie_secure ? "; Secure" : ""));
  return response;
}

Response FraudFlags(ApiContext& context, Request& request, const Principal& principal) {
  const std::string status = request.Query("status").value_or("open");
  if (status != "open" && status != "dismissed" && status != "confirmed") {
    return http::ErrorResponse(
        Error::Invalid("invalid filter", {{"status", "must be one of open, dismissed, confirmed"}}));
  }
  auto flags = context.clients->Flags(principal, status);
  if (!flags) return http::ErrorResponse(flags.error());
  json::array items;
  for (const auto& flag : *flags) {
    items.push_back(FlagJson(flag));
  }
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

}  // namespace

void RegisterClients(http::Router& router, ApiContext& context) {
  router.Add("GET", "/banners/{file}", Banner);
  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/banners", AgentBanners);

  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/referral-stats", ReferralStats);
  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/clients", AgentClients);
  AddAuthenticated(router, context, "PUT", "/api/v1/agents/{agent_id}/clients/{client_id}/notifications",
                   SetClientNotifications);
  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/notifications", AgentNotifications);

  router.Add("GET", "/r/{referral_id}",
             [&context](Request& request) { return FollowReferralLink(context, request); });

  router.Add("POST", "/api/v1/client-signups",
             [&context](Request& request) { return ClientSignup(context, request); });

  AddAuthenticated(router, context, "GET", "/api/v1/fraud-flags", FraudFlags);
}

}  // namespace wakala::http::handlers
