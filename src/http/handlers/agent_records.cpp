// An agent's records over HTTP: evidence files, people, certifications, the
// agreement and the SIP trunk status; and the staff queues that check them.
#include "agents/records_service.hpp"
#include "core/calendar.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "payouts/payout_method_service.hpp"

namespace wakala::http::handlers {

namespace {

json::value OptionalTime(const std::optional<Timestamp>& at) {
  return at ? json::value(FormatRfc3339(*at)) : json::value(nullptr);
}

json::object FileJson(const agents::StoredFile& f) {
  return json::object{{"id", f.id},
                      {"agent_id", f.agent_id},
                      {"content_type", f.content_type},
                      {"size_bytes", f.size_bytes},
                      {"sha256", f.sha256},
                      {"original_name", f.original_name},
                      {"uploaded_at", FormatRfc3339(f.uploaded_at)}};
}

json::object PersonJson(const agents::Person& p) {
  return json::object{{"user_id", p.user_id},           {"agent_id", p.agent_id},
                      {"agent_role", p.agent_role},     {"email", p.email},
                      {"display_name", p.display_name}, {"added_at", FormatRfc3339(p.added_at)}};
}

json::object CertificationJson(const agents::Certification& c) {
  return json::object{{"id", c.id},
                      {"agent_id", c.agent_id},
                      {"person_id", c.person_id},
                      {"kind", c.kind},
                      {"level", c.level.empty() ? json::value(nullptr) : json::value(c.level)},
                      {"issued_on", FormatDate(c.issued_on)},
                      {"valid_until", FormatDate(c.valid_until)},
                      {"evidence_file_id", c.evidence_file_id},
                      {"status", c.status},
                      {"submitted_at", FormatRfc3339(c.submitted_at)},
                      {"decided_at", OptionalTime(c.decided_at)},
                      {"rejection_reason", OptionalText(c.rejection_reason)}};
}

json::object AgreementJson(const agents::Agreement& a) {
  return json::object{{"id", a.id},
                      {"agent_id", a.agent_id},
                      {"method", a.method},
                      {"signer_name", a.signer_name},
                      {"signed_at", FormatRfc3339(a.signed_at)},
                      {"ip", a.ip},
                      {"file_id", OptionalText(a.file_id)},
                      {"status", a.status},
                      {"decided_at", OptionalTime(a.decided_at)},
                      {"rejection_reason", OptionalText(a.rejection_reason)}};
}

json::object PayoutMethodJson(const clients::PayoutMethodRecord& m) {
  return json::object{{"id", m.id},
                      {"method", m.method},
                      {"mpesa_number", OptionalText(m.mpesa_number)},
                      {"bank_code", OptionalText(m.bank_code)},
                      {"account_number", OptionalText(m.account_number)},
                      {"fingerprint", m.fingerprint},
                      {"set_by", m.set_by},
                      {"created_at", FormatRfc3339(m.created_at)},
                      {"ended_at", OptionalTime(m.ended_at)}};
}

// The current method (null before the first) and every one the agent had, newest first.
json::object PayoutMethodsJson(const std::vector<clients::PayoutMethodRecord>& methods) {
  json::array history;
  for (const auto& method : methods) history.push_back(PayoutMethodJson(method));
  const bool current = !methods.empty() && !methods.front().ended_at;
  return json::object{{"current", current ? json::value(PayoutMethodJson(methods.front())) : nullptr},
                      {"history", std::move(history)}};
}

template <class T, class F>
json::object Items(const std::vector<T>& list, F&& to_json) {
  json::array items;
  for (const auto& item : list) items.push_back(to_json(item));
  return json::object{{"items", std::move(items)}};
}

// {"reason"} for a rejection; nothing for a verification.
Result<std::string> DecisionReason(const Request& request, bool verify) {
  if (verify) return std::string();
  auto body = ParseJsonObject(request);
  if (!body)
    return Fail(Error::Invalid("a rejection needs a JSON body with its reason", {{"reason", "is required"}}));
  FieldReader fields(*body);
  std::string reason = fields.RequiredString("reason", 1000, Lines::kMany);
  fields.RejectUnknown();
  if (!fields.ok()) return Fail(fields.ToError("a rejection needs a reason"));
  return reason;
}

}  // namespace

bool IsUploadRequest(std::string_view method, std::string_view target) {
  // POST /api/v1/agents/{agent_id}/files and /api/v1/tickets/{ticket_id}/attachments
  // (a query string is not expected).
  const auto one_segment_between = [&](std::string_view prefix, std::string_view suffix) {
    if (!target.starts_with(prefix) || !target.ends_with(suffix) ||
        target.size() <= prefix.size() + suffix.size()) {
      return false;
    }
    const auto middle = target.substr(prefix.size(), target.size() - prefix.size() - suffix.size());
    return middle.find('/') == std::string_view::npos;
  };
  return method == "POST" && (one_segment_between("/api/v1/agents/", "/files") ||
                              one_segment_between("/api/v1/tickets/", "/attachments"));
}

// ---- one handler per route ----

namespace {

Response UploadFile(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  Response refusal;
  const auto media_type = UploadMediaType(request, refusal);
  if (!media_type) return refusal;
  return Respond(records.Upload(principal, request.path_params["agent_id"], request.body, *media_type,
                                request.Header("X-File-Name").value_or(""), request.remote_ip),
                 FileJson, 201);
}

Response DownloadFile(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  auto content = records.Download(principal, request.path_params["file_id"]);
  if (!content) return http::ErrorResponse(content.error());
  return FileDownload(content->file.content_type, content->file.id, std::move(content->bytes));
}

Response ListPeople(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  return Respond(records.People(principal, request.path_params["agent_id"]),
                 [](const auto& people) { return Items(people, PersonJson); });
}

Response InvitePerson(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  std::string email;
  std::string name;
  std::string role;
  if (auto refused = ReadFields(request, "the person cannot be invited as given", [&](FieldReader& fields) {
        email = fields.RequiredString("email", 254);
        name = fields.RequiredString("display_name", 200);
        role = fields.RequiredString("agent_role", 20);
      })) {
    return std::move(*refused);
  }
  return Respond(
      records.InvitePerson(principal, request.path_params["agent_id"], email, name, role, request.remote_ip),
      PersonJson, 201);
}

Response RemovePerson(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  auto removed = records.RemovePerson(principal, request.path_params["agent_id"],
                                      request.path_params["user_id"], request.remote_ip);
  if (!removed) return http::ErrorResponse(removed.error());
  Response response;
  response.status = 204;
  return response;
}

Response GetPayoutMethod(ApiContext& context, Request& request, const Principal& principal) {
  auto& payout_methods = *context.payout_methods;
  return Respond(payout_methods.PayoutMethods(principal, request.path_params["agent_id"]), PayoutMethodsJson);
}

Response SetPayoutMethod(ApiContext& context, Request& request, const Principal& principal) {
  auto& payout_methods = *context.payout_methods;
  clients::PaymentMethodForm form;
  if (auto refused = ReadFields(request, "the payout method cannot be set as given",
                                [&](FieldReader& fields) { form = ReadPaymentMethodForm(fields); })) {
    return std::move(*refused);
  }
  return Respond(
      payout_methods.SetPayoutMethod(principal, request.path_params["agent_id"], form, request.remote_ip),
      PayoutMethodsJson);
}

Response ListCertifications(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  return Respond(records.Certifications(principal, request.path_params["agent_id"]),
                 [](const auto& list) { return Items(list, CertificationJson); });
}

Response SubmitCertification(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  agents::CertificationForm form;
  if (auto refused =
          ReadFields(request, "the certification cannot be submitted as given", [&](FieldReader& fields) {
            form.person_id = fields.RequiredString("person_id", 64);
            form.kind = fields.RequiredString("kind", 20);
            form.level = fields.OptionalString("level", 20).value_or("");
            form.issued_on = fields.RequiredString("issued_on", 10);
            form.valid_until = fields.RequiredString("valid_until", 10);
            form.evidence_file_id = fields.RequiredString("evidence_file_id", 64);
          })) {
    return std::move(*refused);
  }
  return Respond(
      records.SubmitCertification(principal, request.path_params["agent_id"], form, request.remote_ip),
      CertificationJson, 201);
}

Response CertificationQueue(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  const std::string status = request.Query("status").value_or("submitted");
  if (status != "submitted" && status != "verified" && status != "rejected") {
    return http::ErrorResponse(
        Error::Invalid("invalid filter", {{"status", "must be one of submitted, verified, rejected"}}));
  }
  return Respond(records.CertificationQueue(principal, status),
                 [](const auto& list) { return Items(list, CertificationJson); });
}

Response ListAgreements(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  return Respond(records.Agreements(principal, request.path_params["agent_id"]),
                 [](const auto& list) { return Items(list, AgreementJson); });
}

Response SignAgreement(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  std::string method;
  std::string signer;
  bool accept = false;
  std::optional<std::string> file_id;
  if (auto refused =
          ReadFields(request, "the agreement cannot be recorded as given", [&](FieldReader& fields) {
            method = fields.RequiredString("method", 20);
            signer = fields.RequiredString("signer_name", 200);
            accept = fields.OptionalBool("accept").value_or(false);
            file_id = fields.OptionalString("file_id", 64);
          })) {
    return std::move(*refused);
  }
  return Respond(records.SignAgreement(principal, request.path_params["agent_id"], method, signer, accept,
                                       file_id, request.remote_ip),
                 AgreementJson, 201);
}

Response SetSipTrunk(ApiContext& context, Request& request, const Principal& principal) {
  auto& records = *context.records;
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  const auto active = fields.OptionalBool("active");
  if (!active && fields.ok()) fields.AddProblem("active", "is required (true or false)");
  fields.RejectUnknown();
  if (!fields.ok())
    return http::ErrorResponse(fields.ToError("the SIP trunk status needs active: true or false"));
  const std::string agent_id = request.path_params["agent_id"];
  auto set = records.SetSipTrunk(principal, agent_id, *active, request.remote_ip);
  if (!set) return http::ErrorResponse(set.error());
  return JsonResponse(200, json::object{{"agent_id", agent_id}, {"sip_trunk_active", *active}});
}

// Staff verify or reject what an agent submitted; a rejection needs a reason.
Response DecideCertification(ApiContext& context, Request& request, const Principal& principal, bool verify) {
  auto reason = DecisionReason(request, verify);
  if (!reason) return http::ErrorResponse(reason.error());
  return Respond(context.records->DecideCertification(principal, request.path_params["certification_id"],
                                                      verify, *reason, request.remote_ip),
                 CertificationJson);
}
Response VerifyCertification(ApiContext& context, Request& request, const Principal& principal) {
  return DecideCertification(context, request, principal, true);
}
Response RejectCertification(ApiContext& context, Request& request, const Principal& principal) {
  return DecideCertification(context, request, principal, false);
}

Response DecideAgreement(ApiContext& context, Request& request, const Principal& principal, bool verify) {
  auto reason = DecisionReason(request, verify);
  if (!reason) return http::ErrorResponse(reason.error());
  return Respond(context.records->DecideAgreement(principal, request.path_params["agreement_id"], verify,
                                                  *reason, request.remote_ip),
                 AgreementJson);
}
Response VerifyAgreement(ApiContext& context, Request& request, const Principal& principal) {
  return DecideAgreement(context, request, principal, true);
}
Response RejectAgreement(ApiContext& context, Request& request, const Principal& principal) {
  return DecideAgreement(context, request, principal, false);
}

}  // namespace

void RegisterAgentRecords(http::Router& router, ApiContext& context) {
  AddAuthenticated(router, context, "POST", "/api/v1/agents/{agent_id}/files", UploadFile);
  AddAuthenticated(router, context, "GET", "/api/v1/files/{file_id}", DownloadFile);

  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/people", ListPeople);
  AddAuthenticated(router, context, "POST", "/api/v1/agents/{agent_id}/people", InvitePerson);
  AddAuthenticated(router, context, "DELETE", "/api/v1/agents/{agent_id}/people/{user_id}", RemovePerson);

  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/payout-method", GetPayoutMethod);
  AddAuthenticated(router, context, "PUT", "/api/v1/agents/{agent_id}/payout-method", SetPayoutMethod);

  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/certifications", ListCertifications);
  AddAuthenticated(router, context, "POST", "/api/v1/agents/{agent_id}/certifications", SubmitCertification);
  AddAuthenticated(router, context, "GET", "/api/v1/certifications", CertificationQueue);
  AddAuthenticated(router, context, "POST", "/api/v1/certifications/{certification_id}/verify",
                   VerifyCertification);
  AddAuthenticated(router, context, "POST", "/api/v1/certifications/{certification_id}/reject",
                   RejectCertification);
  AddAuthenticated(router, context, "POST", "/api/v1/agreements/{agreement_id}/verify", VerifyAgreement);
  AddAuthenticated(router, context, "POST", "/api/v1/agreements/{agreement_id}/reject", RejectAgreement);

  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/agreements", ListAgreements);
  AddAuthenticated(router, context, "POST", "/api/v1/agents/{agent_id}/agreements", SignAgreement);

  AddAuthenticated(router, context, "PUT", "/api/v1/agents/{agent_id}/sip-trunk", SetSipTrunk);
}

}  // namespace wakala::http::handlers
