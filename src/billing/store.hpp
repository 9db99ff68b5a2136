#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing/catalogue.hpp"
#include "billing/invoice.hpp"
#include "billing/order.hpp"
#include "billing/quote.hpp"
#include "billing/ticket.hpp"
#include "clients/store.hpp"
#include "engine/journal_port.hpp"

namespace wakala::billing {

struct InvoiceQuery {
  std::optional<std::string> client;
  // "unpaid" also lists overdue ones; "paid" also the (partly) refunded.
  std::optional<std::string> status;
  Timestamp now{};
  int limit = 100;
  std::optional<std::int64_t> before_seq;  // the page after this one, newest first
};

// An order with what its invoice says, for the order lists.
struct OrderSummary {
  Order order;
  std::string invoice_number;
  Money invoice_total;  // gross
  bool paid = false, cancelled = false;
};

struct OrderQuery {
  std::optional<std::string> client;  // one client's, or (staff) everyone's
  int limit = 100;
  std::optional<std::int64_t> before_seq;  // the page after the order with this seq
};

// A renewal invoice issued for one period of a service.
struct Renewal {
  std::string service;
  std::chrono::year_month_day due{};
  std::string invoice;
};

// The catalogue, invoices, payments, credit notes, orders and services.
// storage/ implements it;
// methods throw on database failure.
class BillingStore {
 public:
  virtual ~BillingStore() = default;

  // The next number of a sequence ("invoice", "credit_note"), counted in the
  // transaction: numbers have no gaps and are never reused.
  virtual std::int64_t NextNumber(const std::string& sequence) = 0;

  virtual void InsertProduct(const Product& product) = 0;
  virtual void UpdateProduct(const Product& product) = 0;  // name, description, active
  virtual void InsertPrice(const std::string& product_id, const PriceVersion& price) = 0;
  virtual std::optional<Product> FindProduct(const std::string& id) = 0;
  virtual std::vector<Product> ListProducts(bool active_only) = 0;

  virtual void InsertInvoice(const Invoice& invoice) = 0;
  virtual std::optional<Invoice> FindInvoice(const std::string& id) = 0;
  // By its number ("INV-000042"): what a client types as the paybill account.
  virtual std::optional<Invoice> FindInvoiceByNumber(const std::string& number) = 0;
  virtual std::vector<Invoice> ListInvoices(const InvoiceQuery& query) = 0;
  virtual void MarkPaid(const std::string& invoice_id, Timestamp at) = 0;
  virtual void MarkCancelled(const std::string& invoice_id, Timestamp at) = 0;

  virtual void InsertPayment(const Payment& payment) = 0;
  // The payment already recorded under this method and reference, if any.
  virtual std::optional<Payment> FindPayment(PaymentMethod method, const std::string& reference) = 0;
  virtual std::vector<Payment> PaymentsOf(const std::string& invoice_id) = 0;

  // Inserts the note and adds its credits to the invoice's lines.
  virtual void InsertCreditNote(const CreditNote& note) = 0;
  virtual std::vector<CreditNote> CreditNotesOf(const std::string& invoice_id) = 0;

  virtual void InsertOrder(const Order& order) = 0;
  virtual std::optional<Order> FindOrder(const std::string& id) = 0;
  // Newest first, a page at a time.
  virtual std::vector<OrderSummary> ListOrders(const OrderQuery& query) = 0;
  virtual void InsertService(const Service& service) = 0;
  virtual std::optional<Service> FindService(const std::string& id) = 0;
  virtual std::vector<Service> ServicesOf(const std::string& client_id) = 0;
  virtual std::vector<Service> ServicesOfOrder(const std::string& order_id) = 0;
  // Writes the service's state, times and next due day; true if it was still
  // in `from` (a conditional update: of two servers, one moves it).
  virtual bool UpdateService(const Service& service, ServiceState from) = 0;

  // Active recurring services whose next period starts on or before `up_to`
  // and has no renewal invoice yet, earliest first.
  virtual std::vector<Service> ServicesDueForRenewal(std::chrono::year_month_day up_to, int limit) = 0;
  // False if that period already has its renewal (another server issued it).
  virtual bool InsertRenewal(const Renewal& renewal) = 0;
  virtual std::vector<Renewal> RenewalsOfInvoice(const std::string& invoice_id) = 0;
  // Renewals whose invoice is unpaid, not cancelled and due at or before
  // `cutoff`, of services still active.
  virtual std::vector<Renewal> OverdueRenewals(Timestamp cutoff, int limit) = 0;
  // Unpaid, uncancelled invoices due at or before `cutoff` with no reminder of `kind` yet.
  virtual std::vector<Invoice> InvoicesToRemind(const std::string& kind, Timestamp cutoff, int limit) = 0;
  // False if that reminder was already recorded.
  virtual bool RecordReminder(const std::string& invoice_id, const std::string& kind, Timestamp at) = 0;

  virtual void InsertTicket(const Ticket& ticket) = 0;  // with its messages
  virtual void AddTicketMessage(const std::string& ticket_id,
                                const TicketMessage& message) = 0;  // with its files
  virtual std::optional<TicketAttachment> FindTicketAttachment(const std::string& id) = 0;
  // Writes status and updated_at; true if the ticket was still in `from`.
  virtual bool UpdateTicket(const Ticket& ticket, TicketStatus from) = 0;
  virtual std::optional<Ticket> FindTicket(const std::string& id) = 0;  // with its messages
  // Without messages, newest activity first: one client's, or (client empty) the queue in one status.
  virtual std::vector<Ticket> ListTickets(const std::string& client_id, const std::string& status,
                                          int limit) = 0;
};

struct QuoteQuery {
  std::optional<std::string> agent;   // an agent's quotes, all statuses
  std::optional<std::string> client;  // a client's, from sent on (never its agent's drafts)
  std::optional<QuoteStatus> status;  // as stored (expired ones are stored as sent)
  int limit = 100;
  std::optional<std::int64_t> before_seq;  // the page after this one, newest first
};

// Agents' quotes with their lines. storage/ implements it; methods throw on
// database failure.
class QuoteStore {
 public:
  virtual ~QuoteStore() = default;

  virtual void InsertQuote(const Quote& quote) = 0;  // with its lines
  // Writes status, times, decider, reason, order and token digest; true if
  // the quote was still in `from` (a conditional update: of two accepting at
  // once, one wins).
  virtual bool UpdateQuote(const Quote& quote, QuoteStatus from) = 0;
  virtual std::optional<Quote> FindQuote(const std::string& id) = 0;
  // The sent prospect quote whose link carries this secret.
  virtual std::optional<Quote> FindQuoteByToken(const std::string& token_digest) = 0;
  // Newest first, each with its lines.
  virtual std::vector<Quote> ListQuotes(const QuoteQuery& query) = 0;
};

// The stores a billing service works on in one transaction: the clients'
// records (whose invoice, which agent) and billing's own.
struct Stores : clients::Stores {
  BillingStore& billing;
  QuoteStore& quotes;
};

// The engine and billing's records, written together: a paid invoice reaches
// the commission engine in the transaction that marks it paid.
using Journal = engine::JournalPort<Stores>;

}  // namespace wakala::billing
