#include "storage/quote_store.hpp"

#include <soci/soci.h>

#include <limits>

#include "core/calendar.hpp"
#include "storage/sql_values.hpp"

namespace wakala::storage {

using billing::Quote;
using billing::QuoteLine;
using billing::QuoteStatus;

namespace sql {
constexpr const char* kInsertQuote =
    "INSERT INTO quotes (id, seq, number, agent_id, created_by, client_id, prospect_name, prospect_company,"
    " prospect_email, note, valid_until, status, created_at, sent_at, decided_at, decided_by, decline_reason,"
    " order_id, token_digest) VALUES (:id, :seq, :number, :agent_id, :created_by, :client_id, :prospect_name,"
    " :prospect_company, :prospect_email, :note, :valid_until, :status, :created_at, NULL, NULL, '', '', "
    "NULL,"
    " NULL)";
constexpr const char* kInsertQuoteLine =
    "INSERT INTO quote_lines (quote_id, line_id, position, kind, description, category, quantity,"
    " unit_price_cents, vat_bp, net_cents, vat_cents, product_id, performed_by) VALUES (:quote_id, :line_id,"
    " :position, :kind, :description, :category, :quantity, :unit_price, :vat_bp, :net, :vat, :product_id,"
    " :performed_by)";
constexpr const char* kUpdateQuote =
    "UPDATE quotes SET status = :status, sent_at = :sent_at, decided_at = :decided_at, decided_by = "
    ":decided_by,"
    " decline_reason = :reason, order_id = :order_id, token_digest = :token_digest, client_id = :client_id"
    " WHERE id = :id AND status = :from";
constexpr const char* kQuoteColumns =
    "SELECT id, seq, number, agent_id, created_by, client_id, prospect_name, prospect_company, "
    "prospect_email,"
    " note, valid_until, status, created_at, sent_at, decided_at, decided_by, decline_reason, order_id,"
    " token_digest FROM quotes ";
constexpr const char* kById = "WHERE id = :key";
constexpr const char* kByToken = "WHERE token_digest = :key";
// An agent's (all statuses) or a client's (never drafts), each on its own
// index; the status is a fixed condition added to either.
constexpr const char* kAgentQuotes = "WHERE agent_id = :agent AND seq < :before_seq ";
constexpr const char* kClientQuotes =
    "WHERE client_id = :client AND status <> 'draft' AND seq < :before_seq ";
constexpr const char* kInStatus = "AND status = :status ";
constexpr const char* kNewestFirst = "ORDER BY seq DESC LIMIT :limit";
constexpr const char* kQuoteLines =
    "SELECT line_id, kind, description, category, quantity, unit_price_cents, vat_bp, net_cents, vat_cents,"
    " product_id, performed_by FROM quote_lines WHERE quote_id = :id ORDER BY position";
}  // namespace sql

namespace {

// A NULL-able time bound as a parameter.
struct BoundTime {
  explicit BoundTime(const std::optional<Timestamp>& at)
      : value(at ? ToUnixSeconds(*at) : 0), indicator(at ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator indicator;
};

struct QuoteRow {
  Quote quote;
  long long seq = 0, created = 0;
  std::string valid_until, status;
  NullableText client, order, token;
  NullableTime sent, decided;

  Quote Read() const {
    Quote read = quote;
    read.seq = seq;
    read.client = client.Get();
    read.valid_until = ParseDate(valid_until).value_or(std::chrono::year_month_day{});
    read.status = billing::ParseQuoteStatus(status).value_or(QuoteStatus::kDraft);
    read.created_at = FromUnixSeconds(created);
    read.sent_at = sent.Get();
    read.decided_at = decided.Get();
    read.order = order.Get();
    read.token_digest = token.Get().value_or("");
    return read;
  }
};

// The into() list of kQuoteColumns.
void IntoQuote(soci::statement& statement, QuoteRow& row) {
  statement.exchange(soci::into(row.quote.id));
  statement.exchange(soci::into(row.seq));
  statement.exchange(soci::into(row.quote.number));
  statement.exchange(soci::into(row.quote.agent));
  statement.exchange(soci::into(row.quote.created_by));
  statement.exchange(soci::into(row.client.value, row.client.indicator));
  statement.exchange(soci::into(row.quote.prospect.name));
  statement.exchange(soci::into(row.quote.prospect.company));
  statement.exchange(soci::into(row.quote.prospect.email));
  statement.exchange(soci::into(row.quote.note));
  statement.exchange(soci::into(row.valid_until));
  statement.exchange(soci::into(row.status));
  statement.exchange(soci::into(row.created));
  statement.exchange(soci::into(row.sent.value, row.sent.indicator));
  statement.exchange(soci::into(row.decided.value, row.decided.indicator));
  statement.exchange(soci::into(row.quote.decided_by));
  statement.exchange(soci::into(row.quote.decline_reason));
  statement.exchange(soci::into(row.order.value, row.order.indicator));
  statement.exchange(soci::into(row.token.value, row.token.indicator));
}

}  // namespace

void SqlQuoteStore::InsertQuote(const Quote& quote) {
  const long long sequence = quote.seq;
  const long long created = ToUnixSeconds(quote.created_at);
  const std::string valid_until = FormatDate(quote.valid_until);
  const std::string status(billing::QuoteStatusName(quote.status));
  BoundText client(quote.client);
  session_ << sql::kInsertQuote, soci::use(quote.id), soci::use(sequence), soci::use(quote.number),
      soci::use(quote.agent), soci::use(quote.created_by), soci::use(client.value, client.indicator),
      soci::use(quote.prospect.name), soci::use(quote.prospect.company), soci::use(quote.prospect.email),
      soci::use(quote.note), soci::use(valid_until), soci::use(status), soci::use(created);
  int position = 0;
  for (const auto& [line, kind] : quote.lines) {
    const std::string kind_name(billing::QuoteLineKindName(kind));
    const std::string category(program::CategoryName(line.category));
    const long long quantity = line.quantity;
    const long long unit = line.unit_price.cents();
    const int vat_bp = line.vat.value;
    const long long net = line.net.cents();
    const long long vat = line.vat_amount.cents();
    BoundText product(line.product);
    BoundText performer(line.performed_by);
    ++position;
    session_ << sql::kInsertQuoteLine, soci::use(quote.id), soci::use(line.id), soci::use(position),
        soci::use(kind_name), soci::use(line.description), soci::use(category), soci::use(quantity),
        soci::use(unit), soci::use(vat_bp), soci::use(net), soci::use(vat),
        soci::use(product.value, product.indicator), soci::use(performer.value, performer.indicator);
  }
}

bool SqlQuoteStore::UpdateQuote(const Quote& quote, QuoteStatus from) {
  const std::string status(billing::QuoteStatusName(quote.status));
  const std::string from_status(billing::QuoteStatusName(from));
  BoundTime sent(quote.sent_at);
  BoundTime decided(quote.decided_at);
  BoundText order(quote.order);
  BoundText token(quote.token_digest.empty() ? std::nullopt : std::optional(quote.token_digest));
  BoundText client(quote.client);
  soci::statement statement =
      (session_.prepare << sql::kUpdateQuote, soci::use(status), soci::use(sent.value, sent.indicator),
       soci::use(decided.value, decided.indicator), soci::use(quote.decided_by),
       soci::use(quote.decline_reason), soci::use(order.value, order.indicator),
       soci::use(token.value, token.indicator), soci::use(client.value, client.indicator),
       soci::use(quote.id), soci::use(from_status));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

std::vector<QuoteLine> SqlQuoteStore::LinesOf(const std::string& quote_id) {
  billing::Line row;
  std::string kind, category;
  long long quantity = 0, unit = 0, net = 0, vat = 0;
  int vat_bp = 0;
  NullableText product, performer;
  soci::statement statement =
      (session_.prepare << sql::kQuoteLines, soci::into(row.id), soci::into(kind),
       soci::into(row.description), soci::into(category), soci::into(quantity), soci::into(unit),
       soci::into(vat_bp), soci::into(net), soci::into(vat), soci::into(product.value, product.indicator),
       soci::into(performer.value, performer.indicator), soci::use(quote_id));
  statement.execute();
  std::vector<QuoteLine> lines;
  while (statement.fetch()) {
    QuoteLine line{row, billing::ParseQuoteLineKind(kind).value_or(billing::QuoteLineKind::kFree)};
    line.line.category = CategoryOf(category);
    line.line.quantity = quantity;
    line.line.unit_price = Money::Cents(unit);
    line.line.vat = BasisPoints{vat_bp};
    line.line.net = Money::Cents(net);
    line.line.vat_amount = Money::Cents(vat);
    line.line.product = product.Get();
    line.line.performed_by = performer.Get();
    lines.push_back(std::move(line));
  }
  return lines;
}

std::optional<Quote> SqlQuoteStore::FindBy(const char* condition, const std::string& key) {
  QuoteRow row;
  if (!ReadOneRow(session_, row, IntoQuote, std::string(sql::kQuoteColumns) + condition, key))
    return std::nullopt;
  Quote quote = row.Read();
  quote.lines = LinesOf(quote.id);
  return quote;
}

std::optional<Quote> SqlQuoteStore::FindQuote(const std::string& id) {
  return FindBy(sql::kById, id);
}

std::optional<Quote> SqlQuoteStore::FindQuoteByToken(const std::string& token_digest) {
  return FindBy(sql::kByToken, token_digest);
}

std::vector<Quote> SqlQuoteStore::ListQuotes(const billing::QuoteQuery& query) {
  const std::string agent = query.agent.value_or("");
  const std::string client = query.client.value_or("");
  const std::string status = query.status ? std::string(billing::QuoteStatusName(*query.status)) : "";
  const long long before = query.before_seq.value_or(std::numeric_limits<long long>::max());
  const int limit = query.limit;
  QuoteRow row;
  soci::statement statement(session_);
  IntoQuote(statement, row);
  // The service always names the agent or the client.
  statement.exchange(query.agent ? soci::use(agent) : soci::use(client));
  statement.exchange(soci::use(before));
  if (query.status) statement.exchange(soci::use(status));
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kQuoteColumns) +
                         (query.agent ? sql::kAgentQuotes : sql::kClientQuotes) +
                         (query.status ? sql::kInStatus : "") + sql::kNewestFirst);
  statement.execute();
  std::vector<Quote> quotes;
  while (statement.fetch()) quotes.push_back(row.Read());
  for (auto& quote : quotes) quote.lines = LinesOf(quote.id);
  return quotes;
}

}  // namespace wakala::storage
