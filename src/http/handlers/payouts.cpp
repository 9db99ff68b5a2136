// Payouts: Daraja's M-Pesa callbacks (public, each URL carrying its payment's
// token), and the finance desk for staff: reconciliation, resolving a
// payment, bank transfer files and the bank's confirmation.
#include <boost/json.hpp>

#include "core/csv.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "payouts/mpesa_payouts.hpp"
#include "payouts/payout_desk.hpp"

namespace wakala::http::handlers {

namespace {

constexpr std::size_t kMaxConfirmationBytes = std::size_t{2} * 1024 * 1024;

json::object PaymentJson(const payouts::MpesaPayment& payment) {
  return json::object{{"id", payment.id},
                      {"withdrawal_id", payment.withdrawal_id},
                      {"part", payment.part},
                      {"parts", payment.parts},
                      {"phone", payment.phone},
                      {"amount", payment.amount.ToString()},
                      {"state", payment.state},
                      {"conversation_id", OptionalText(payment.conversation_id)},
                      {"receipt", OptionalText(payment.receipt)},
                      {"result_code", OptionalText(payment.result_code)},
                      {"result_desc", payment.result_desc},
                      {"send_attempts", payment.send_attempts},
                      {"status_queries", payment.status_queries},
                      {"created_at", FormatRfc3339(payment.created_at)},
                      {"updated_at", FormatRfc3339(payment.updated_at)}};
}

json::object BankPayoutJson(const payouts::BankPayout& payout) {
  return json::object{{"withdrawal_id", payout.withdrawal_id},
                      {"batch_id", payout.batch_id},
                      {"agent_id", payout.agent_id},
                      {"account_name", payout.account_name},
                      {"bank_code", payout.bank_code},
                      {"account_number", payout.account_number},
                      {"amount", payout.amount.ToString()},
                      {"state", payout.state},
                      {"bank_reference", OptionalText(payout.bank_reference)},
                      {"reason", OptionalText(payout.reason)},
                      {"exported_at", FormatRfc3339(payout.exported_at)},
                      {"confirmed_at", payout.confirmed_at ? json::value(FormatRfc3339(*payout.confirmed_at))
                                                           : json::value(nullptr)}};
}

json::object BatchJson(const payouts::BankBatch& batch) {
  json::array items;
  Money total;
  for (const auto& payout : batch.payouts) {
    items.push_back(BankPayoutJson(payout));
    total += payout.amount;
  }
  return json::object{{"id", batch.payouts.empty() ? json::value(nullptr) : json::value(batch.id)},
                      {"count", batch.payouts.size()},
                      {"total", total.ToString()},
                      {"items", std::move(items)}};
}

// What Daraja is answered: its own shape, with the HTTP status saying whether
// the callback was taken.
Response MpesaCallback(ApiContext& context, Request& request) {
  if (context.mpesa == nullptr) {
    return http::Problem(404, "not-found", "Not found", "M-Pesa payouts are not configured on this server");
  }
  const auto reply = context.mpesa->Callback(request.path_params["kind"], request.path_params["payment_id"],
                                             request.path_params["token"], request.body, request.remote_ip);
  const bool taken = reply.outcome != "refused";
  return JsonResponse(reply.status, json::object{{"ResultCode", taken ? 0 : 1},
                                                 {"ResultDesc", taken ? "Accepted" : reply.reason},
                                                 {"outcome", reply.outcome}});
}

// ?month=2026-11 (default: this month) or ?open=true; ?format=csv.
Response Reconciliation(ApiContext& context, Request& request, const Principal& principal) {
  std::optional<EatMonth> month;
  bool open = false;
  if (const auto text = request.Query("open")) {
    if (*text != "true" && *text != "false")
      return http::ErrorResponse(Error::Invalid("bad query parameters", {{"open", "must be true or false"}}));
    open = *text == "true";
  }
  if (const auto text = request.Query("month")) {
    request.path_params["month"] = *text;
    auto parsed = MonthParam(request);
    if (!parsed) return http::ErrorResponse(parsed.error());
    month = *parsed;
  }
  auto report = context.payout_desk->Reconcile(principal, month, open);
  if (!report) return http::ErrorResponse(report.error());
  if (WantsCsv(request)) {
    std::string csv = CsvRow({"withdrawal", "agent_id", "requested_at", "status", "channel", "gross", "tax",
                              "net", "reference", "payments", "note"});
    for (const auto& item : report->items) {
      std::string payments;
      for (const auto& payment : item.payments) {
        payments += (payments.empty() ? "" : "; ") + payment.id + " " + payment.state + " " +
                    payment.amount.ToString() + (payment.receipt ? " " + *payment.receipt : "");
      }
      const auto& w = item.withdrawal;
      csv +=
          CsvRow({w.id, w.agent, FormatRfc3339(w.requested_at), item.status, item.channel, w.gross.ToString(),
                  w.tax.ToString(), w.net.ToString(), w.reference, payments, item.note});
    }
    return CsvResponse(std::move(csv),
                       "payouts-" + (month ? month->ToString() : std::string("open")) + ".csv");
  }
  json::array items;
  for (const auto& item : report->items) {
    json::array payments;
    for (const auto& payment : item.payments) payments.push_back(PaymentJson(payment));
    items.push_back(
        json::object{{"withdrawal", WithdrawalJson(item.withdrawal)},
                     {"status", item.status},
                     {"channel", OptionalText(item.channel)},
                     {"note", OptionalText(item.note)},
                     {"payments", std::move(payments)},
                     {"bank", item.bank ? json::value(BankPayoutJson(*item.bank)) : json::value(nullptr)}});
  }
  json::object totals;
  for (const auto& [status, total] : report->totals) {
    totals[status] = json::object{
        {"count", total.count}, {"gross", total.gross.ToString()}, {"net", total.net.ToString()}};
  }
  return JsonResponse(200,
                      json::object{{"month", month ? json::value(month->ToString()) : json::value(nullptr)},
                                   {"open", open},
                                   {"mpesa_configured", context.mpesa != nullptr},
                                   {"items", std::move(items)},
                                   {"totals", std::move(totals)}});
}

Response ResolvePayment(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto body = ParseJsonObject(request);
  if (!body) return body.error().response;
  FieldReader fields(*body);
  const std::string outcome = fields.RequiredString("outcome", 10);
  const auto receipt = fields.OptionalString("receipt", 20);
  const auto reason = fields.OptionalString("reason", 500, Lines::kMany);
  fields.RejectUnknown();
  if (outcome == "paid" && !receipt) fields.AddProblem("receipt", "is required to resolve a payment as paid");
  if (outcome == "failed" && !reason)
    fields.AddProblem("reason", "is required to resolve a payment as failed");
  if (!fields.ok()) return http::ErrorResponse(fields.ToError("invalid resolution"));
  return Respond(context.payout_desk->Resolve(principal, request.path_params["payment_id"], outcome,
                                              outcome == "paid" ? receipt.value_or("") : reason.value_or(""),
                                              request.remote_ip),
                 PaymentJson);
}

Response PaymentCallbacks(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.payout_desk->Callbacks(principal, request.path_params["payment_id"]),
                 [](const std::vector<payouts::PayoutCallback>& callbacks) {
                   json::array items;
                   for (const auto& callback : callbacks) {
                     items.push_back(json::object{{"id", callback.id},
                                                  {"received_at", FormatRfc3339(callback.received_at)},
                                                  {"kind", callback.kind},
                                                  {"outcome", callback.outcome},
                                                  {"reason", callback.reason},
                                                  {"ip", callback.ip},
                                                  {"body", callback.body}});
                   }
                   return json::object{{"items", std::move(items)}};
                 });
}

Response ExportBankBatch(ApiContext& context, Request& request, const Principal& principal) {
  auto batch = context.payout_desk->ExportBankBatch(principal, request.remote_ip);
  if (!batch) return http::ErrorResponse(batch.error());
  return JsonResponse(batch->payouts.empty() ? 200 : 201, BatchJson(*batch));
}

Response GetBankBatch(ApiContext& context, Request& request, const Principal& principal) {
  auto batch = context.payout_desk->FindBankBatch(principal, request.path_params["batch_id"]);
  if (!batch) return http::ErrorResponse(batch.error());
  if (WantsCsv(request)) return CsvResponse(payouts::TransferFile(batch->payouts), batch->id + ".csv");
  return JsonResponse(200, BatchJson(*batch));
}

// The body is the bank's CSV itself (text/csv).
Response ImportBankConfirmation(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireRole(principal, {accounts::Role::kStaff}); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  const std::string type = request.Header("Content-Type").value_or("");
  if (!type.starts_with("text/csv")) {
    return http::Problem(415, "unsupported-media-type", "Unsupported media type",
                         "send the bank's confirmation as the CSV file itself (Content-Type: text/csv)");
  }
  if (request.body.size() > kMaxConfirmationBytes) {
    return http::ErrorResponse(Error::Invalid("bank confirmation: larger than 2 MiB"));
  }
  return Respond(context.payout_desk->ImportBankConfirmation(principal, request.body, request.remote_ip),
                 [](const payouts::BankImport& imported) {
                   return json::object{{"paid", imported.paid},
                                       {"failed", imported.failed},
                                       {"unchanged", imported.unchanged}};
                 });
}

}  // namespace

void RegisterPayouts(http::Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/payouts/mpesa/{kind}/{payment_id}/{token}",
             [&context](http::Request& request) { return MpesaCallback(context, request); });
  AddAuthenticated(router, context, "GET", "/api/v1/payouts/reconciliation", Reconciliation);
  AddAuthenticated(router, context, "POST", "/api/v1/payouts/mpesa/{payment_id}/resolve", ResolvePayment);
  AddAuthenticated(router, context, "GET", "/api/v1/payouts/mpesa/{payment_id}/callbacks", PaymentCallbacks);
  AddAuthenticated(router, context, "POST", "/api/v1/payouts/bank-batches", ExportBankBatch);
  AddAuthenticated(router, context, "GET", "/api/v1/payouts/bank-batches/{batch_id}", GetBankBatch);
  AddAuthenticated(router, context, "POST", "/api/v1/payouts/bank-confirmations", ImportBankConfirmation);
}

}  // namespace wakala::http::handlers
