#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing/invoice.hpp"
#include "billing/quote.hpp"
#include "clients/payment.hpp"
#include "clients/store.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "documents/pdf.hpp"
#include "engine/state.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "ledger/ledger.hpp"

// Small shapes every handler file uses: one definition each.
namespace wakala::http::handlers {

// null for "" / nullopt, else the text.
boost::json::value OptionalText(const std::string& text);
boost::json::value OptionalText(const std::optional<std::string>& text);

// A quote's or an invoice's line as asked for: product_id (and quantity) or
// description, category, unit_price, vat_bp.
billing::QuoteLineRequest ReadLineRequest(FieldReader& fields);

// A priced invoice or quote line; money as strings in KES.
boost::json::object LineJson(const billing::Line& line);

// An agent's balances by state (strings in KES, from the ledger).
boost::json::object BalancesJson(const ledger::AgentBalances& balances);

// A fraud flag (FraudFlag): its evidence as JSON, staff's decision if any.
boost::json::object FlagJson(const clients::FraudFlag& flag);

// How someone pays or is paid, as the API takes it: {"method": "mpesa",
// "mpesa_number"} or {"method": "bank", "bank_code", "account_number"}; with
// `with_fingerprint` (billing) also a ready-made "fingerprint". Checking the
// values is ValidatePaymentMethod's.
clients::PaymentMethodForm ReadPaymentMethodForm(FieldReader& fields, bool with_fingerprint = false);

// A client's request to move to another agent, with staff's decision.
boost::json::object TransferRequestJson(const clients::TransferRequest& request);

// A whole number query parameter within [min, max]: nullopt when absent or
// wrong; a wrong one also adds a field error to `problems`.
std::optional<std::int64_t> QueryNumber(const http::Request& request, const char* name, std::int64_t min,
                                        std::int64_t max, std::vector<FieldError>& problems);
// The same for one parameter alone: `fallback` when absent, an error when wrong.
Result<std::int64_t> QueryNumberOr(const http::Request& request, const char* name, std::int64_t fallback,
                                   std::int64_t max);

// An upload's media type (its Content-Type without parameters), or the 415
// that refuses anything but a PDF, PNG or JPEG sent as the raw file.
Result<std::string> UploadMediaType(const http::Request& request, http::Response& refusal);

// A stored file as a download under `name`: never rendered in the panel's
// origin, never sniffed, never cached.
http::Response FileDownload(const std::string& content_type, const std::string& name, std::string bytes);
// The document as a PDF download named `name` (or the problem if it cannot be made).
http::Response PdfDownload(const documents::Document& document, const std::string& name);
// ?format=pdf: the document itself rather than its JSON.
bool WantsPdf(const http::Request& request);

// A withdrawal as the API shows it (money as strings in KES).
boost::json::object WithdrawalJson(const engine::Withdrawal& withdrawal);

// A CSV export as a download named `filename`, never cached.
http::Response CsvResponse(std::string body, const std::string& filename);
// ?format=csv: the export rather than its JSON.
bool WantsCsv(const http::Request& request);
// The {month} path parameter ("2026-11").
Result<EatMonth> MonthParam(http::Request& request);

// The JSON of a service result, or its error as problem+json.
template <class T, class F>
http::Response Respond(const Result<T>& result, F&& to_json, int status = 200) {
  if (!result) return http::ErrorResponse(result.error());
  return JsonResponse(status, to_json(*result));
}

}  // namespace wakala::http::handlers
