#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "program/program.hpp"

namespace wakala::billing {

// What a line of a quote or an invoice says before it is priced.
struct LineInput {
  std::string description;
  program::Category category = program::Category::kManagedSubscription;
  std::int64_t quantity = 1;
  Money unit_price;  // net of VAT
  BasisPoints vat{1600};
  std::optional<std::string> product;       // the catalogue product it came from
  std::optional<std::string> subscription;  // the service it bills, for recurring lines
  std::optional<std::string> performed_by;  // the agent who did setup or training work
};

// A priced line. VAT is rounded per line, half up, on the line's net amount
// (program-rules.md §1's rounding): the invoice's VAT is the sum of its lines'.
struct Line : LineInput {
  std::string id;  // "1", "2", … within its document
  Money net;
  Money vat_amount;
  Money credited;  // net credited back by credit notes so far

  Money Gross() const { return net + vat_amount; }
};

inline constexpr std::int64_t kMaxQuantity = 10'000;

// Prices one line: net = quantity × unit price (refused above the money
// limit), VAT = round_half_up(net × rate). Problems are named "<where>.<field>".
Result<Line> PriceLine(const LineInput& input, std::string id, const std::string& where);

struct Totals {
  Money net;
  Money vat;
  Money gross;
};
Totals TotalsOf(const std::vector<Line>& lines);

// An invoice's stored facts; its status is derived from them (StatusOf).
struct Invoice {
  std::string id;
  std::int64_t seq = 0;  // its place in the invoice sequence
  std::string number;    // "INV-000042": sequential, no gaps, never reused
  std::string client;
  std::string kind;  // "order", "renewal", "top_up" or "manual"
  Timestamp issued_at{};
  Timestamp due_at{};
  std::vector<Line> lines;
  std::optional<Timestamp> paid_at;
  std::optional<Timestamp> cancelled_at;
  std::string created_by;
  std::optional<std::string> order;  // the order it bills, if any
};

enum class InvoiceStatus { kUnpaid, kOverdue, kPaid, kPartlyRefunded, kRefunded, kCancelled };
std::string_view StatusName(InvoiceStatus status);
// Overdue: unpaid after its due time. Refunded: paid and credited in full.
InvoiceStatus StatusOf(const Invoice& invoice, Timestamp now);

std::string InvoiceNumber(std::int64_t sequence);
std::string CreditNoteNumber(std::int64_t sequence);

// How a payment reached the provider.
enum class PaymentMethod { kMpesa, kBank };
std::string_view MethodName(PaymentMethod method);
std::optional<PaymentMethod> ParseMethod(std::string_view name);

struct Payment {
  std::string id;
  std::string invoice;
  PaymentMethod method = PaymentMethod::kMpesa;
  std::string reference;  // the M-Pesa receipt ("QK71ZP3XYZ") or the bank's reference
  Money amount;
  Timestamp paid_at{};
  std::string recorded_by;
};

// Checks a payment against its invoice: the invoice must be payable (not
// paid, not cancelled), the amount must be its gross total, the reference
// well formed for its method (an M-Pesa receipt is 10 capitals and digits).
Result<void> CheckPayment(const Invoice& invoice, const Payment& payment);

// A credit of part (or all) of one line's net amount; its VAT follows.
struct CreditLine {
  std::string line;
  Money net;
  Money vat;
};

struct CreditNote {
  std::string id;
  std::string number;  // "CN-000007"
  std::string invoice;
  std::string reason;
  Timestamp issued_at{};
  std::vector<CreditLine> lines;
  std::string created_by;

  Money Gross() const;
};

// Plans a credit note on a paid invoice: each line's credit is positive and
// at most what is left of its net. The VAT credited follows the same rule as
// the engine's reversals, vat(left) − vat(left − credit), so crediting a line
// in full gives back exactly its VAT.
Result<std::vector<CreditLine>> PlanCredit(const Invoice& invoice,
                                           const std::vector<std::pair<std::string, Money>>& credits);

}  // namespace wakala::billing
