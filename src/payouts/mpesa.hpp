#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"

// The M-Pesa rules of a payout, pure: what is sent, in how many parts, and
// what a Daraja callback says.
namespace wakala::payouts {

// A withdrawal as M-Pesa can pay it: B2C amounts are whole shillings, so the
// gross paid is the largest at most the asked gross whose net (after the
// withholding tax at `rate`) is whole; the rest returns to available.
struct WholeShillingPayout {
  Money gross, tax, net;
};
WholeShillingPayout WholeShillings(Money gross, BasisPoints rate);

// A whole-shilling `net` in the fewest parts of at most `limit` each, as
// equal as whole shillings allow (larger parts first): a last part is never
// a few shillings under Daraja's minimum.
std::vector<Money> SplitPayout(Money net, Money limit);

// The OriginatorConversationID of a withdrawal's part: made from the
// withdrawal's id, so the same part always has the same idempotency key.
std::string PaymentIdOf(const std::string& withdrawal_id, int part);

// "+254712345678" -> "254712345678"; nullopt unless a Kenyan mobile number
// (2547… or 2541…), the only numbers B2C pays.
std::optional<std::string> MsisdnOf(const std::string& e164);

// A Result callback (payment result, queue timeout or status result) as read
// from its JSON: {"Result": {"ResultType", "ResultCode", "ResultDesc",
// "OriginatorConversationID", "ConversationID", "TransactionID",
// "ResultParameters": {"ResultParameter": [{"Key", "Value"}, …]}}}.
struct MpesaResult {
  std::string result_code;  // "0" is success; as text, whether sent as a number or a string
  std::string result_desc, originator_id, conversation_id, transaction_id;
  std::map<std::string, std::string> parameters;  // values as text
};
// A clear reason when the body is not such a callback.
Result<MpesaResult> ParseResult(std::string_view body);

// A callback's amount ("1000", 1000, "1000.00") as Money: whole shillings only.
Result<Money> ShillingsOf(const std::string& text);

}  // namespace wakala::payouts
