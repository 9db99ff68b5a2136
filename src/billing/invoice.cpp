#include "billing/invoice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace wakala::billing {

Result<Line> PriceLine(const LineInput& input, std::string id, const std::string& where) {
  std::vector<FieldError> problems;
  if (input.description.empty()) problems.push_back({where + "/description", "is required"});
  if (input.quantity < 1 || input.quantity > kMaxQuantity) {
    problems.push_back(
        {where + "/quantity", fmt::format("must be a whole number from 1 to {}", kMaxQuantity)});
  }
  if (input.vat.value < 0 || input.vat.value > 10000) {
    problems.push_back({where + "/vat_bp", "must be from 0 to 10000 basis points"});
  }
  if (input.unit_price.IsNegative()) problems.push_back({where + "/unit_price", "must not be negative"});
  if (!problems.empty()) return Fail(Error::Invalid("the line cannot be priced as given", problems));
  // Both factors are bounded (10^4 × 10^14 < 2^63): the product cannot overflow.
  const std::int64_t net = input.unit_price.cents() * input.quantity;
  if (net > Money::kMaxCents) {
    return Fail(Error::Invalid("the line cannot be priced as given",
                               {{where + "/quantity", "quantity × unit_price is above the largest amount"}}));
  }
  Line line;
  static_cast<LineInput&>(line) = input;
  line.id = std::move(id);
  line.net = Money::Cents(net);
  line.vat_amount = ApplyRate(line.net, input.vat);
  return line;
}

Totals TotalsOf(const std::vector<Line>& lines) {
  Totals totals;
  for (const auto& line : lines) {
    totals.net += line.net;
    totals.vat += line.vat_amount;
  }
  totals.gross = totals.net + totals.vat;
  return totals;
}

std::string_view StatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kUnpaid:
      return "unpaid";
    case InvoiceStatus::kOverdue:
      return "overdue";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kPartlyRefunded:
      return "partly_refunded";
    case InvoiceStatus::kRefunded:
      return "refunded";
    case InvoiceStatus::kCancelled:
      return "cancelled";
  }
  return "unpaid";
}

InvoiceStatus StatusOf(const Invoice& invoice, Timestamp now) {
  if (invoice.cancelled_at) return InvoiceStatus::kCancelled;
  if (!invoice.paid_at) return now >= invoice.due_at ? InvoiceStatus::kOverdue : InvoiceStatus::kUnpaid;
  Money credited;
  Money net;
  for (const auto& line : invoice.lines) {
    credited += line.credited;
    net += line.net;
  }
  if (credited.IsZero()) return InvoiceStatus::kPaid;
  return credited == net ? InvoiceStatus::kRefunded : InvoiceStatus::kPartlyRefunded;
}

std::string InvoiceNumber(std::int64_t sequence) {
  return fmt::format("INV-{:06}", sequence);
}
std::string CreditNoteNumber(std::int64_t sequence) {
  return fmt::format("CN-{:06}", sequence);
}

std::string_view MethodName(PaymentMethod method) {
  return method == PaymentMethod::kMpesa ? "mpesa" : "bank";
}

std::optional<PaymentMethod> ParseMethod(std::string_view name) {
  if (name == "mpesa") return PaymentMethod::kMpesa;
  if (name == "bank") return PaymentMethod::kBank;
  return std::nullopt;
}

namespace {
bool IsMpesaReceipt(std::string_view text) {
  return text.size() == 10 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}
bool IsBankReference(std::string_view text) {
  return !text.empty() && text.size() <= 40 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '/' || c == '.';
  });
}
}  // namespace

Result<void> CheckPayment(const Invoice& invoice, const Payment& payment) {
  if (invoice.cancelled_at) return Fail(Error::Conflict("invoice " + invoice.number + " is cancelled"));
  if (invoice.paid_at) return Fail(Error::Conflict("invoice " + invoice.number + " is already paid"));
  std::vector<FieldError> problems;
  const Money due = TotalsOf(invoice.lines).gross;
  if (payment.amount != due) {
    problems.push_back({"amount", "must be the invoice's total, " + due.ToString() + " (no part payments)"});
  }
  if (payment.method == PaymentMethod::kMpesa ? !IsMpesaReceipt(payment.reference)
                                              : !IsBankReference(payment.reference)) {
    problems.push_back({"reference", payment.method == PaymentMethod::kMpesa
                                         ? "an M-Pesa receipt is 10 capital letters and digits"
                                         : "a bank reference is 1 to 40 letters, digits, '-', '/' or '.'"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the payment cannot be recorded as given", problems));
  return {};
}

Money CreditNote::Gross() const {
  Money gross;
  for (const auto& line : lines) gross += line.net + line.vat;
  return gross;
}

Result<std::vector<CreditLine>> PlanCredit(const Invoice& invoice,
                                           const std::vector<std::pair<std::string, Money>>& credits) {
  if (!invoice.paid_at) {
    return Fail(
        Error::Conflict("invoice " + invoice.number + " is not paid: cancel it instead of crediting it"));
  }
  if (credits.empty())
    return Fail(Error::Invalid("a credit note needs at least one line", {{"lines", "is empty"}}));
  std::vector<FieldError> problems;
  std::vector<CreditLine> planned;
  for (std::size_t i = 0; i < credits.size(); ++i) {
    const std::string& line_id = credits[i].first;
    const Money amount = credits[i].second;
    const std::string where = fmt::format("lines/{}", i);
    const auto line = std::find_if(invoice.lines.begin(), invoice.lines.end(),
                                   [&](const Line& candidate) { return candidate.id == line_id; });
    const bool repeated = std::any_of(credits.begin(), credits.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const auto& other) { return other.first == line_id; });
    if (repeated) {
      problems.push_back({where + "/line", "names line \"" + line_id + "\" a second time"});
      continue;
    }
    if (line == invoice.lines.end()) {
      problems.push_back({where + "/line", "no line \"" + line_id + "\" on " + invoice.number});
      continue;
    }
    const Money left = line->net - line->credited;
    if (amount.IsZero() || amount.IsNegative()) {
      problems.push_back({where + "/amount", "must be more than 0.00"});
    } else if (amount > left) {
      problems.push_back({where + "/amount", "is more than is left to credit on line " + line->id + " (" +
                                                 left.ToString() + ")"});
    } else {
      const Money vat = ApplyRate(left, line->vat) - ApplyRate(left - amount, line->vat);
      planned.push_back(CreditLine{line->id, amount, vat});
    }
  }
  if (!problems.empty()) return Fail(Error::Invalid("the credit note cannot be issued as given", problems));
  return planned;
}

}  // namespace wakala::billing
