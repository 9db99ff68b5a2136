// How clients come to an agent, over HTTP: the referral link (/r/<id>), the
// public client signup, and the staff's queue of fraud flags.
#include "api/authenticated.hpp"
#include "api/json_body.hpp"
#include "app/client_service.hpp"
#include "http/problem.hpp"

namespace wakala::api {

namespace json = boost::json;
using accounts::Principal;
using http::Request;
using http::Response;

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

void RegisterClients(http::Router& router, ApiContext& context) {
  router.Add("GET", "/r/{referral_id}", [&context](Request& request) {
    return ReferralRedirect(context, request, request.path_params["referral_id"],
                            request.Query("to").value_or("/"));
  });

  router.Add("POST", "/api/v1/client-signups", [&context](Request& request) {
    auto body = ParseJsonObject(request);
    if (!body) return body.error().response;
    FieldReader fields(*body);
    clients::SignupForm form;
    form.company = fields.RequiredString("company", 200);
    form.contact_name = fields.RequiredString("contact_name", 200);
    form.email = fields.RequiredString("email", 254);
    form.phone = fields.RequiredString("phone", 20);
    form.kra_pin = fields.OptionalString("kra_pin", 20).value_or("");
    form.registration_number = fields.OptionalString("registration_number", 40).value_or("");
    form.password = fields.RequiredString("password", 1024);
    fields.RejectUnknown();
    if (!fields.ok()) return http::ErrorResponse(fields.ToError("the signup cannot be accepted as given"));
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
  });

  router.Add("GET", "/api/v1/fraud-flags",
             WithPrincipal(context, [&context](Request& request, const Principal& principal) {
               const std::string status = request.Query("status").value_or("open");
               if (status != "open" && status != "dismissed" && status != "confirmed") {
                 return http::ErrorResponse(Error::Invalid(
                     "invalid filter", {{"status", "must be one of open, dismissed, confirmed"}}));
               }
               auto flags = context.clients->Flags(principal, status);
               if (!flags) return http::ErrorResponse(flags.error());
               json::array items;
               for (const auto& flag : *flags) {
                 boost::system::error_code ec;
                 auto evidence = json::parse(flag.evidence, ec);
                 items.push_back(json::object{{"id", flag.id},
                                              {"kind", flag.kind},
                                              {"agent_id", flag.agent_id},
                                              {"client_id", flag.client_id},
                                              {"evidence", ec ? json::value(flag.evidence) : evidence},
                                              {"status", flag.status},
                                              {"created_at", FormatRfc3339(flag.created_at)}});
               }
               return JsonResponse(200, json::object{{"items", std::move(items)}});
             }));
}

}  // namespace wakala::api
