#include "payouts/mpesa.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/secure_random.hpp"

namespace wakala::payouts {

namespace json = boost::json;

namespace {
constexpr std::int64_t kCentsPerShilling = 100;
// Callbacks are small; a body past this is not one.
constexpr std::size_t kMaxCallbackBytes = std::size_t{64} * 1024;
constexpr std::size_t kMaxParameters = 64;

// A JSON scalar as text, without ever going through floating point: an
// integer as its digits, a string as itself; other numbers are refused.
std::optional<std::string> ScalarText(const json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_int64()) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  if (value.is_null()) return std::string();
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  return std::nullopt;
}
}  // namespace

WholeShillingPayout WholeShillings(Money gross, BasisPoints rate) {
  // Net falls by 0 or 1 cent per cent of gross (rates under 100%), so a
  // whole net is at most 100 / (1 - rate) cents down.
  Money paid = gross;
  while (paid > Money{}) {
    const Money tax = ApplyRate(paid, rate);
    if ((paid - tax).cents() % kCentsPerShilling == 0) return {paid, tax, paid - tax};
    paid -= Money::Cents(1);
  }
  return {};
}

std::vector<Money> SplitPayout(Money net, Money limit) {
  const std::int64_t shillings = net.cents() / kCentsPerShilling;
  const std::int64_t most = std::max<std::int64_t>(1, limit.cents() / kCentsPerShilling);
  if (shillings <= 0) return {};
  const std::int64_t parts = (shillings + most - 1) / most;
  std::vector<Money> split;
  for (std::int64_t i = 0; i < parts; ++i) {
    const std::int64_t share = shillings / parts + (i < shillings % parts ? 1 : 0);
    split.push_back(Money::Cents(share * kCentsPerShilling));
  }
  return split;
}

std::string PaymentIdOf(const std::string& withdrawal_id, int part) {
  return fmt::format("WKL{}-{}", SecretDigest(withdrawal_id).substr(0, 24), part);
}

std::optional<std::string> MsisdnOf(const std::string& e164) {
  std::string digits = e164.starts_with('+') ? e164.substr(1) : e164;
  if (digits.size() != 12 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  if (!digits.starts_with("2547") && !digits.starts_with("2541")) return std::nullopt;
  return digits;
}

Result<MpesaResult> ParseResult(std::string_view body) {
  const auto malformed = [](const std::string& why) {
    return Fail(Error::Invalid("malformed callback: " + why));
  };
  if (body.size() > kMaxCallbackBytes) return malformed("larger than a Daraja callback can be");
  boost::system::error_code error;
  const json::value parsed = json::parse(body, error);
  if (error) return malformed("not JSON (" + error.message() + ")");
  if (!parsed.is_object() || !parsed.as_object().contains("Result") ||
      !parsed.as_object().at("Result").is_object()) {
    return malformed("no \"Result\" object");
  }
  const json::object& result = parsed.as_object().at("Result").as_object();
  MpesaResult read;
  const auto field = [&](std::string_view key, std::string& into, bool required) -> Result<void> {
    const auto* value = result.if_contains(key);
    if (value == nullptr) {
      if (required) return malformed(fmt::format("Result.{} is missing", key));
      return {};
    }
    auto text = ScalarText(*value);
    if (!text) return malformed(fmt::format("Result.{} must be a string or an integer", key));
    into = std::move(*text);
    return {};
  };
  for (auto checked :
       {field("ResultCode", read.result_code, true), field("ResultDesc", read.result_desc, false),
        field("OriginatorConversationID", read.originator_id, true),
        field("ConversationID", read.conversation_id, false),
        field("TransactionID", read.transaction_id, false)}) {
    if (!checked) return Fail(checked.error());
  }
  if (read.result_code.empty()) return malformed("Result.ResultCode is empty");
  if (const auto* parameters = result.if_contains("ResultParameters")) {
    const json::value* list =
        parameters->is_object() ? parameters->as_object().if_contains("ResultParameter") : nullptr;
    if (list == nullptr) return malformed("Result.ResultParameters has no ResultParameter");
    // One parameter may come as an object instead of a one-element list.
    json::array items;
    if (list->is_array())
      items = list->as_array();
    else
      items.push_back(*list);
    if (items.size() > kMaxParameters) return malformed("too many ResultParameter entries");
    for (const auto& item : items) {
      const auto* key = item.is_object() ? item.as_object().if_contains("Key") : nullptr;
      const auto* value = item.is_object() ? item.as_object().if_contains("Value") : nullptr;
      if (key == nullptr || !key->is_string() || value == nullptr)
        return malformed("a ResultParameter needs a string Key and a Value");
      auto text = ScalarText(*value);
      if (!text) {
        // Balances come as decimals; nothing here reads them, so they are kept out.
        continue;
      }
      read.parameters[std::string(key->as_string())] = std::move(*text);
    }
  }
  return read;
}

Result<Money> ShillingsOf(const std::string& text) {
  // Daraja's amounts are whole shillings ("1000"); the money grammar's
  // "1000.00" is taken too.
  const bool digits = !text.empty() && text.size() <= Money::kMaxWholeDigits &&
                      text.find_first_not_of("0123456789") == std::string::npos && text[0] != '0';
  auto parsed =
      digits ? Result<Money>(Money::Cents(std::stoll(text) * kCentsPerShilling)) : Money::Parse(text);
  if (!parsed || parsed->cents() % kCentsPerShilling != 0 || *parsed <= Money{}) {
    return Fail(Error::Invalid("amount \"" + text + "\" is not a positive whole number of shillings"));
  }
  return *parsed;
}

}  // namespace wakala::payouts
