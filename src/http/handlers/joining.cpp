// Joining the program over HTTP: the public application form, the
// applicant's status page, the staff review queue, and accepting an
// invitation (setting the first password).
#include "agents/joining_service.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

json::object ApplicationJson(const agents::Application& a) {
  json::array certifications;
  for (const auto& name : a.certifications) certifications.emplace_back(name);
  return json::object{
      {"id", a.id},
      {"kind", a.kind},
      {"name", a.name},
      {"contact_name", a.contact_name},
      {"email", a.email},
      {"phone", a.phone},
      {"kra_pin", a.kra_pin},
      {"registration_number", a.registration_number},
      {"residency", a.residency},
      {"website", a.website},
      {"town", a.town},
      {"certifications", std::move(certifications)},
      {"terms_accepted_at", FormatRfc3339(a.terms_accepted_at)},
      {"applied_at", FormatRfc3339(a.applied_at)},
      {"status", a.status},
      {"decided_at", a.decided_at ? json::value(FormatRfc3339(*a.decided_at)) : json::value(nullptr)},
      {"rejection_reason", OptionalText(a.rejection_reason)},
      {"agent_id", OptionalText(a.agent_id)}};
}

// What the applicant may see of its own application: no reviewer identity.
json::object StatusJson(const agents::Application& a) {
  return json::object{
      {"id", a.id},
      {"status", a.status},
      {"applied_at", FormatRfc3339(a.applied_at)},
      {"decided_at", a.decided_at ? json::value(FormatRfc3339(*a.decided_at)) : json::value(nullptr)},
      {"rejection_reason", OptionalText(a.rejection_reason)}};
}

Response Submit(ApiContext& context, Request& request) {
  agents::ApplicationForm form;
  if (auto refused =
          ReadFields(request, "the application cannot be accepted as given", [&](FieldReader& fields) {
            form.kind = fields.RequiredString("kind", 20);
            form.name = fields.RequiredString("name", 200);
            form.contact_name = fields.RequiredString("contact_name", 200);
            form.email = fields.RequiredString("email", 254);
            form.phone = fields.RequiredString("phone", 20);
            form.kra_pin = fields.RequiredString("kra_pin", 20);
            form.registration_number = fields.OptionalString("registration_number", 40).value_or("");
            form.residency = fields.RequiredString("residency", 40);
            form.website = fields.OptionalString("website", 300).value_or("");
            form.town = fields.OptionalString("town", 100).value_or("");
            if (fields.Has("certifications"))
              form.certifications = fields.RequiredStringArray("certifications", 20);
            form.accept_terms = fields.OptionalBool("accept_terms").value_or(false);
            form.language = fields.OptionalString("language", 2).value_or("en");
          })) {
    return std::move(*refused);
  }
  auto submitted = context.joining->Submit(form, request.remote_ip);
  if (!submitted) return http::ErrorResponse(submitted.error());
  json::object out = StatusJson(submitted->application);
  out["status_token"] = submitted->status_token;
  out["status_url"] = "/api/v1/agent-applications/" + submitted->application.id + "/status";
  Response response = JsonResponse(201, out);
  response.SetHeader("Location", "/api/v1/agent-applications/" + submitted->application.id + "/status");
  return response;
}

Response Status(ApiContext& context, Request& request) {
  const auto token = request.Header("X-Application-Token");
  if (!token || token->empty()) {
    return http::ErrorResponse(Error::Unauthenticated(
        "X-Application-Token header: the status token given when the application was sent is required"));
  }
  return Respond(context.joining->Status(request.path_params["application_id"], *token), StatusJson);
}

Response AcceptInvitation(ApiContext& context, Request& request) {
  std::string token;
  std::string password;
  if (auto refused =
          ReadFields(request, "an invitation needs its token and a password", [&](FieldReader& fields) {
            token = fields.RequiredString("token", 128);
            password = fields.RequiredString("password", 1024);
          })) {
    return std::move(*refused);
  }
  auto login = context.accounts.AcceptInvitation(token, password, request.remote_ip);
  if (!login) return http::ErrorResponse(login.error());
  Response response = JsonResponse(200, json::object{{"user", UserJson(login->user)},
                                                     {"csrf_token", login->csrf_token},
                                                     {"expires_at", FormatRfc3339(login->expires_at)}});
  response.SetHeader("Set-Cookie", SessionCookie(context, login->session_token, context.session_lifetime));
  return response;
}

Response ListApplications(ApiContext& context, Request& request, const Principal& principal) {
  const std::string status = request.Query("status").value_or("");
  if (!status.empty() && status != "pending" && status != "approved" && status != "rejected") {
    return http::ErrorResponse(Error::Invalid("invalid application filter",
                                              {{"status", "must be one of pending, approved, rejected"}}));
  }
  return Respond(context.joining->List(principal, status), [](const auto& applications) {
    json::array items;
    for (const auto& application : applications) items.push_back(ApplicationJson(application));
    return json::object{{"items", std::move(items)}};
  });
}

Response GetApplication(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.joining->Get(principal, request.path_params["application_id"]), ApplicationJson);
}

Response ApproveApplication(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(
      context.joining->Approve(principal, request.path_params["application_id"], request.remote_ip),
      [](const agents::Approval& approval) {
        return json::object{
            {"application", ApplicationJson(approval.application)},
            {"agent", json::object{{"id", approval.agent.id},
                                   {"name", approval.agent.name},
                                   {"referral_id", approval.agent.referral_id},
                                   {"tier", approval.tier},
                                   {"activated_at", FormatRfc3339(*approval.agent.activated_at)}}},
            {"owner_user_id", approval.owner_user_id},
            {"invitation", "sent by email to " + approval.application.email}};
      });
}

Response RejectApplication(ApiContext& context, Request& request, const Principal& principal) {
  std::string reason;
  if (auto refused = ReadFields(request, "a rejection needs a reason", [&](FieldReader& fields) {
        reason = fields.RequiredString("reason", 1000, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  return Respond(
      context.joining->Reject(principal, request.path_params["application_id"], reason, request.remote_ip),
      ApplicationJson);
}

}  // namespace

void RegisterJoining(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/agent-applications",
             [&context](Request& request) { return Submit(context, request); });
  router.Add("GET", "/api/v1/agent-applications/{application_id}/status",
             [&context](Request& request) { return Status(context, request); });
  router.Add("POST", "/api/v1/invitations/accept",
             [&context](Request& request) { return AcceptInvitation(context, request); });

  AddAuthenticated(router, context, "GET", "/api/v1/agent-applications", ListApplications);
  AddAuthenticated(router, context, "GET", "/api/v1/agent-applications/{application_id}", GetApplication);
  AddAuthenticated(router, context, "POST", "/api/v1/agent-applications/{application_id}/approve",
                   ApproveApplication);
  AddAuthenticated(router, context, "POST", "/api/v1/agent-applications/{application_id}/reject",
                   RejectApplication);
}

}  // namespace wakala::http::handlers
