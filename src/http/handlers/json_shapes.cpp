#include "http/handlers/json_shapes.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <regex>

namespace wakala::http::handlers {

namespace json = boost::json;

json::value OptionalText(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object BalancesJson(const ledger::AgentBalances& b) {
  return json::object{{"pending", b.pending.ToString()},           {"available", b.available.ToString()},
                      {"withdrawing", b.withdrawing.ToString()},   {"paid_out", b.paid_out.ToString()},
                      {"tax_withheld", b.tax_withheld.ToString()}, {"reversed", b.reversed.ToString()},
                      {"forfeited", b.forfeited.ToString()}};
}

clients::PaymentMethodForm ReadPaymentMethodForm(FieldReader& fields, bool with_fingerprint) {
  clients::PaymentMethodForm form;
  form.method = fields.RequiredString("method", 10);
  form.mpesa_number = fields.OptionalString("mpesa_number", 30).value_or("");
  form.bank_code = fields.OptionalString("bank_code", 30).value_or("");
  form.account_number = fields.OptionalString("account_number", 40).value_or("");
  if (with_fingerprint) form.fingerprint = fields.OptionalString("fingerprint", 250).value_or("");
  return form;
}

json::object FlagJson(const clients::FraudFlag& flag) {
  // Evidence is stored as JSON text; text that does not parse is shown as it is.
  boost::system::error_code ec;
  auto evidence = json::parse(flag.evidence, ec);
  return json::object{
      {"id", flag.id},
      {"kind", flag.kind},
      {"agent_id", flag.agent_id},
      {"client_id", flag.client_id},
      {"evidence", ec ? json::value(flag.evidence) : evidence},
      {"status", flag.status},
      {"created_at", FormatRfc3339(flag.created_at)},
      {"decided_by", flag.decided_by ? json::value(*flag.decided_by) : json::value(nullptr)},
      {"decided_at", flag.decided_at ? json::value(FormatRfc3339(*flag.decided_at)) : json::value(nullptr)},
      {"decision_reason", flag.decision_reason ? json::value(*flag.decision_reason) : json::value(nullptr)}};
}

json::object TransferRequestJson(const clients::TransferRequest& request) {
  return json::object{{"id", request.id},
                      {"client_id", request.client_id},
                      {"requested_by", request.requested_by},
                      {"from_agent_id", request.from_agent_id},
                      {"to_agent_id", request.to_agent_id},
                      {"from_agent_name", request.from_agent_name},
                      {"to_agent_name", request.to_agent_name},
                      {"message", request.message},
                      {"status", request.status},
                      {"created_at", FormatRfc3339(request.created_at)},
                      {"decided_by", OptionalText(request.decided_by)},
                      {"decided_at", request.decided_at ? json::value(FormatRfc3339(*request.decided_at))
                                                        : json::value(nullptr)},
                      {"decision_reason", OptionalText(request.decision_reason)}};
}

std::optional<std::int64_t> QueryNumber(const http::Request& request, const char* name, std::int64_t min,
                                        std::int64_t max, std::vector<FieldError>& problems) {
  const auto text = request.Query(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text->data() + text->size();
  const auto [rest, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || rest != end || value < min || value > max) {
    problems.push_back({name, fmt::format("must be a whole number from {} to {}", min, max)});
    return std::nullopt;
  }
  return value;
}

Result<std::int64_t> QueryNumberOr(const http::Request& request, const char* name, std::int64_t fallback,
                                   std::int64_t max) {
  std::vector<FieldError> problems;
  const auto value = QueryNumber(request, name, 0, max, problems);
  if (!problems.empty()) return Fail(Error::Invalid("invalid " + std::string(name), problems));
  return value.value_or(fallback);
}

boost::json::object LineJson(const billing::Line& line) {
  return json::object{{"id", line.id},
                      {"description", line.description},
                      {"category", program::CategoryName(line.category)},
                      {"quantity", line.quantity},
                      {"unit_price", line.unit_price.ToString()},
                      {"vat_bp", line.vat.value},
                      {"net", line.net.ToString()},
                      {"vat", line.vat_amount.ToString()},
                      {"gross", line.Gross().ToString()},
                      {"credited", line.credited.ToString()},
                      {"product_id", OptionalText(line.product)},
                      {"subscription", OptionalText(line.subscription)},
                      {"performed_by", OptionalText(line.performed_by)}};
}

Result<std::string> UploadMediaType(const http::Request& request, http::Response& refusal) {
  const std::string content_type = request.Header("Content-Type").value_or("");
  std::string media_type = content_type.substr(0, content_type.find(';'));
  if (media_type != "application/pdf" && media_type != "image/png" && media_type != "image/jpeg") {
    refusal = http::Problem(
        415, "unsupported-media-type", "Unsupported media type",
        "the file must be sent as its raw bytes with Content-Type application/pdf, image/png or "
        "image/jpeg (got '" +
            content_type + "')");
    return Fail(Error::Invalid("unsupported media type"));
  }
  return media_type;
}

http::Response FileDownload(const std::string& content_type, const std::string& name, std::string bytes) {
  http::Response response;
  response.content_type = content_type;
  response.body = std::move(bytes);
  // RFC 6266: a plain ASCII name for old clients, the exact name (UTF-8,
  // percent-encoded) for the rest; quotes, backslashes and controls never
  // reach the header.
  std::string plain;
  std::string encoded;
  for (const unsigned char c : name) {
    plain += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  response.SetHeader("Content-Disposition",
                     "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + encoded);
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Cache-Control", "private, no-store");
  return response;
}

http::Response PdfDownload(const documents::Document& document, const std::string& name) {
  auto pdf = documents::RenderPdf(document);
  if (!pdf) return http::ErrorResponse(pdf.error());
  return FileDownload("application/pdf", name, std::move(*pdf));
}

bool WantsPdf(const http::Request& request) {
  return request.Query("format").value_or("") == "pdf";
}

billing::QuoteLineRequest ReadLineRequest(FieldReader& fields) {
  billing::QuoteLineRequest line;
  line.product = fields.OptionalString("product_id", 100);
  line.description = fields.OptionalString("description", 500).value_or("");
  line.category = fields.OptionalString("category", 40);
  line.unit_price = fields.OptionalAmountOrZero("unit_price");
  line.quantity = fields.OptionalInteger("quantity", 1, billing::kMaxQuantity).value_or(1);
  line.vat_bp = fields.OptionalInteger("vat_bp", 0, 10000);
  return line;
}

boost::json::object WithdrawalJson(const engine::Withdrawal& w) {
  return boost::json::object{
      {"id", w.id},
      {"agent_id", w.agent},
      {"state", w.state},
      {"gross", w.gross.ToString()},
      {"tax_withheld", w.tax.ToString()},
      {"net", w.net.ToString()},
      {"returned", w.returned.ToString()},
      {"reason", OptionalText(w.reason)},
      {"reference", OptionalText(w.reference)},
      {"requested_at", FormatRfc3339(w.requested_at)},
      {"paid_at", w.paid_at ? boost::json::value(FormatRfc3339(*w.paid_at)) : boost::json::value(nullptr)}};
}

http::Response CsvResponse(std::string body, const std::string& filename) {
  http::Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(body);
  response.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

bool WantsCsv(const http::Request& request) {
  return request.Query("format").value_or("") == "csv";
}

// The {month} of the path ("2026-11").
Result<EatMonth> MonthParam(http::Request& request) {
  static const std::regex kMonth(R"(^(\d{4})-(0[1-9]|1[0-2])$)");
  const std::string text = request.path_params["month"];
  std::smatch match;
  if (!std::regex_match(text, match, kMonth)) {
    return Fail(Error::Invalid("invalid month", {{"month", "must be a month like 2026-11"}}));
  }
  return EatMonth{std::stoi(match[1].str()), static_cast<unsigned>(std::stoi(match[2].str()))};
}

}  // namespace wakala::http::handlers
