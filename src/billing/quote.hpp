#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/catalogue.hpp"
#include "billing/invoice.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

// Quotes (issue 13): an agent's priced offer to a prospect or to one of its
// clients, sent, then accepted (it becomes an order) or declined. Pure:
// products, prices and times come in as arguments.
namespace wakala::billing {

// As stored: draft → sent → accepted | declined | withdrawn. "expired" is
// never stored: a sent quote past its validity reads as expired.
enum class QuoteStatus { kDraft, kSent, kAccepted, kDeclined, kWithdrawn, kExpired };
std::string_view QuoteStatusName(QuoteStatus status);
std::optional<QuoteStatus> ParseQuoteStatus(std::string_view name);

// Where a quote line came from: a catalogue product (acceptance makes its
// service), that product's setup fee, or a free line the agent wrote.
enum class QuoteLineKind { kProduct, kSetup, kFree };
std::string_view QuoteLineKindName(QuoteLineKind kind);
std::optional<QuoteLineKind> ParseQuoteLineKind(std::string_view name);

struct QuoteLine {
  Line line;  // priced as an invoice line is; `product` set on product and setup lines
  QuoteLineKind kind = QuoteLineKind::kFree;
};

// Who a quote is for when it is not one of the agent's clients yet.
struct Prospect {
  std::string name;     // the contact person
  std::string company;  // the business
  std::string email;    // normalised; the link to the quote goes there
};

struct Quote {
  std::string id;
  std::int64_t seq = 0;  // its place in the quote sequence
  std::string number;    // "QT-000012": sequential, never reused
  std::string agent;
  std::string created_by;             // the agent's user ("user:<id>")
  std::optional<std::string> client;  // one of the agent's clients, or a prospect
  Prospect prospect;                  // empty for a client's quote
  std::string note;                   // the agent's words to the client
  std::vector<QuoteLine> lines;
  std::chrono::year_month_day valid_until{};  // accepted until the end of this EAT day
  QuoteStatus status = QuoteStatus::kDraft;   // as stored: never kExpired
  Timestamp created_at{};
  std::optional<Timestamp> sent_at, decided_at;
  std::string decided_by;  // who accepted, declined or withdrew it
  std::string decline_reason;
  std::optional<std::string> order;  // the order its acceptance made
  std::string token_digest;          // of the prospect's link, once sent ("" for a client's quote)
};

std::string QuoteNumber(std::int64_t sequence);

// The status a reader sees at `now`: a sent quote past its validity is expired.
QuoteStatus StatusOf(const Quote& quote, Timestamp now);

// What a quote line asks for: a product (priced from the catalogue, its setup
// fee on a line of its own) or a free line (description, category, unit price,
// VAT; not a managed subscription, which only the catalogue sells). Invoice
// lines (LineRequest) are asked for the same way.
struct QuoteLineRequest {
  std::optional<std::string> product;
  std::string description;
  std::optional<std::string> category;
  std::optional<Money> unit_price;
  std::int64_t quantity = 1;
  std::optional<std::int64_t> vat_bp;
};

inline constexpr std::size_t kMaxQuoteLines = 50;
inline constexpr int kMaxQuoteValidityDays = 90;
inline constexpr int kDefaultQuoteValidityDays = 30;

// Prices a quote's lines at `now`. Catalogue lines take the price in force;
// a free setup or training line is the quoting agent's own work
// (`performer`). Problems are named "lines/<i>/<field>", all at once.
Result<std::vector<QuoteLine>> PlanQuoteLines(const std::vector<QuoteLineRequest>& requests,
                                              const std::vector<Product>& products,
                                              const std::string& performer, Timestamp now);

// Checks the validity date: from today (EAT) to kMaxQuoteValidityDays ahead.
Result<std::chrono::year_month_day> CheckValidUntil(std::optional<std::chrono::year_month_day> requested,
                                                    Timestamp now);

// Why `quote` cannot be accepted or declined at `now` (already decided, not
// sent, expired), or nothing.
Result<void> CheckDecidable(const Quote& quote, Timestamp now);

}  // namespace wakala::billing
