#include "storage/billing_store.hpp"

#include <soci/soci.h>

#include <limits>

#include "core/calendar.hpp"
#include "storage/sql_values.hpp"

namespace wakala::storage {

using billing::CreditNote;
using billing::Invoice;
using billing::Line;
using billing::Payment;
using billing::PriceVersion;
using billing::Product;

namespace sql {
constexpr const char* kNextNumber =
    "INSERT INTO billing_sequences (name, last_value) VALUES (:name, 1)"
    " ON CONFLICT (name) DO UPDATE SET last_value = billing_sequences.last_value + 1 RETURNING last_value";

constexpr const char* kInsertProduct =
    "INSERT INTO products (id, name, description, category, cycle, vat_bp, active, created_at)"
    " VALUES (:id, :name, :description, :category, :cycle, :vat_bp, :active, :at)";
constexpr const char* kUpdateProduct =
    "UPDATE products SET name = :name, description = :description, active = :active WHERE id = :id";
constexpr const char* kInsertPrice =
    "INSERT INTO product_prices (product_id, effective_from, price_cents, setup_fee_cents)"
    " VALUES (:product_id, :effective_from, :price, :setup_fee)";
constexpr const char* kProductColumns =
    "SELECT id, name, description, category, cycle, vat_bp, active, created_at FROM products ";
constexpr const char* kFindProduct = "WHERE id = :id";
constexpr const char* kListProducts = "WHERE (:all_products = 1 OR active = 1) ORDER BY name, id";
constexpr const char* kPricesOf =
    "SELECT effective_from, price_cents, setup_fee_cents FROM product_prices WHERE product_id = :id"
    " ORDER BY effective_from";

constexpr const char* kInsertInvoice =
    "INSERT INTO invoices (id, seq, number, client_id, kind, issued_at, due_at, paid_at, cancelled_at,"
    " created_by, order_id) VALUES (:id, :seq, :number, :client_id, :kind, :issued_at, :due_at, NULL, NULL,"
    " :created_by, :order_id)";
constexpr const char* kInsertLine =
    "INSERT INTO invoice_lines (invoice_id, line_id, position, description, category, quantity,"
    " unit_price_cents, vat_bp, net_cents, vat_cents, credited_cents, product_id, subscription_id,"
    " performed_by) VALUES (:invoice_id, :line_id, :position, :description, :category, :quantity,"
    " :unit_price, :vat_bp, :net, :vat, 0, :product_id, :subscription_id, :performed_by)";
constexpr const char* kInvoiceColumns =
    "SELECT id, seq, number, client_id, kind, issued_at, due_at, paid_at, cancelled_at, created_by, order_id"
    " FROM invoices ";
constexpr const char* kFindInvoice = "WHERE id = :id";
constexpr const char* kFindInvoiceByNumber = "WHERE number = :number";
// Newest first, a page at a time (before_seq is the cursor); the status
// filter is one of the fixed conditions below, never text from a request.
// One client's and everyone's are separate statements so that each has its
// index: "(:client = '' OR client_id = :client)" would walk every invoice.
constexpr const char* kClientInvoices = "WHERE client_id = :client AND seq < :before_seq AND ";
constexpr const char* kAllInvoices = "WHERE seq < :before_seq AND ";
constexpr const char* kAnyStatus = "1 = 1";
constexpr const char* kUnpaid = "paid_at IS NULL AND cancelled_at IS NULL";
constexpr const char* kOverdue = "paid_at IS NULL AND cancelled_at IS NULL AND due_at <= :now";
constexpr const char* kPaid = "paid_at IS NOT NULL";
constexpr const char* kCancelled = "cancelled_at IS NOT NULL";
constexpr const char* kInvoiceOrder = " ORDER BY seq DESC LIMIT :limit";
constexpr const char* kLinesOf =
    "SELECT line_id, description, category, quantity, unit_price_cents, vat_bp, net_cents, vat_cents,"
    " credited_cents, product_id, subscription_id, performed_by FROM invoice_lines WHERE invoice_id = :id"
    " ORDER BY position";
constexpr const char* kMarkPaid = "UPDATE invoices SET paid_at = :at WHERE id = :id AND paid_at IS NULL";
constexpr const char* kMarkCancelled =
    "UPDATE invoices SET cancelled_at = :at WHERE id = :id AND cancelled_at IS NULL";

constexpr const char* kInsertPayment =
    "INSERT INTO payments (id, invoice_id, method, reference, amount_cents, paid_at, recorded_by)"
    " VALUES (:id, :invoice_id, :method, :reference, :amount, :paid_at, :recorded_by)";
constexpr const char* kPaymentColumns =
    "SELECT id, invoice_id, method, reference, amount_cents, paid_at, recorded_by FROM payments ";
constexpr const char* kFindPayment = "WHERE method = :method AND reference = :reference";
constexpr const char* kPaymentsOf = "WHERE invoice_id = :invoice_id ORDER BY paid_at, id";

constexpr const char* kInsertCreditNote =
    "INSERT INTO credit_notes (id, number, invoice_id, reason, issued_at, created_by)"
    " VALUES (:id, :number, :invoice_id, :reason, :issued_at, :created_by)";
constexpr const char* kInsertCreditLine =
    "INSERT INTO credit_note_lines (credit_note_id, line_id, net_cents, vat_cents)"
    " VALUES (:credit_note_id, :line_id, :net, :vat)";
constexpr const char* kCreditLine =
    "UPDATE invoice_lines SET credited_cents = credited_cents + :net WHERE invoice_id = :invoice_id"
    " AND line_id = :line_id";
constexpr const char* kCreditNotesOf =
    "SELECT id, number, reason, issued_at, created_by FROM credit_notes WHERE invoice_id = :invoice_id"
    " ORDER BY issued_at, number";
constexpr const char* kCreditLinesOf =
    "SELECT line_id, net_cents, vat_cents FROM credit_note_lines WHERE credit_note_id = :id ORDER BY line_id";

constexpr const char* kInsertOrder =
    "INSERT INTO orders (id, seq, client_id, placed_by, on_behalf_of, placed_at, invoice_id, quote_id)"
    " VALUES (:id, :seq, :client_id, :placed_by, :on_behalf_of, :placed_at, :invoice_id, :quote_id)";
constexpr const char* kFindOrder =
    "SELECT id, client_id, placed_by, on_behalf_of, placed_at, invoice_id, quote_id FROM orders WHERE id = "
    ":id";
// Newest first, by the order sequence; one client's (orders_client_seq) or
// everyone's (orders_seq), each on its own index.
constexpr const char* kListOrders =
    "SELECT o.id, o.seq, o.client_id, o.placed_by, o.on_behalf_of, o.placed_at, o.invoice_id, o.quote_id,"
    " i.number, (SELECT COALESCE(SUM(l.net_cents + l.vat_cents), 0) FROM invoice_lines l WHERE l.invoice_id "
    "= i.id),"
    " CASE WHEN i.paid_at IS NULL THEN 0 ELSE 1 END, CASE WHEN i.cancelled_at IS NULL THEN 0 ELSE 1 END"
    " FROM orders o JOIN invoices i ON i.id = o.invoice_id WHERE ";
constexpr const char* kClientOrders =
    "o.client_id = :client AND o.seq < :before_seq ORDER BY o.seq DESC LIMIT :limit";
constexpr const char* kAllOrders = "o.seq < :before_seq ORDER BY o.seq DESC LIMIT :limit";
constexpr const char* kInsertService =
    "INSERT INTO services (id, client_id, order_id, product_id, description, category, cycle, quantity, "
    "state,"
    " created_at, activated_at, next_due, suspended_at, cancelled_at) VALUES (:id, :client_id, :order_id,"
    " :product_id, :description, :category, :cycle, :quantity, :state, :created_at, NULL, NULL, NULL, NULL)";
constexpr const char* kServiceColumns =
    "SELECT id, client_id, order_id, product_id, description, category, cycle, quantity, state, created_at,"
    " activated_at, next_due, suspended_at, cancelled_at FROM services s ";
constexpr const char* kServiceById = "WHERE id = :key";
constexpr const char* kServicesOfClient = "WHERE client_id = :key ORDER BY created_at, id";
constexpr const char* kServicesOfOrder = "WHERE order_id = :key ORDER BY id";
constexpr const char* kUpdateService =
    "UPDATE services SET state = :state, activated_at = :activated_at, next_due = :next_due,"
    " suspended_at = :suspended_at, cancelled_at = :cancelled_at WHERE id = :id AND state = :from";
constexpr const char* kServicesDue =
    "WHERE state = 'active' AND next_due IS NOT NULL AND next_due <= :up_to AND NOT EXISTS"
    " (SELECT 1 FROM service_renewals r WHERE r.service_id = s.id AND r.due_date = s.next_due)"
    " ORDER BY next_due, id LIMIT :limit";
constexpr const char* kInsertRenewal =
    "INSERT INTO service_renewals (service_id, due_date, invoice_id) VALUES (:service_id, :due_date, "
    ":invoice_id)"
    " ON CONFLICT (service_id, due_date) DO NOTHING";
constexpr const char* kRenewalsOfInvoice =
    "SELECT service_id, due_date, invoice_id FROM service_renewals WHERE invoice_id = :invoice_id"
    " ORDER BY service_id";
constexpr const char* kOverdueRenewals =
    "SELECT r.service_id, r.due_date, r.invoice_id FROM service_renewals r"
    " JOIN invoices i ON i.id = r.invoice_id JOIN services s ON s.id = r.service_id"
    " WHERE i.paid_at IS NULL AND i.cancelled_at IS NULL AND i.due_at <= :cutoff AND s.state = 'active'"
    " ORDER BY i.due_at, r.service_id LIMIT :limit";
constexpr const char* kInvoicesToRemind =
    "WHERE paid_at IS NULL AND cancelled_at IS NULL AND due_at <= :cutoff AND NOT EXISTS"
    " (SELECT 1 FROM invoice_reminders r WHERE r.invoice_id = invoices.id AND r.kind = :kind)"
    " ORDER BY due_at, seq LIMIT :limit";
constexpr const char* kRecordReminder =
    "INSERT INTO invoice_reminders (invoice_id, kind, sent_at) VALUES (:invoice_id, :kind, :at)"
    " ON CONFLICT (invoice_id, kind) DO NOTHING";
constexpr const char* kInsertTicket =
    "INSERT INTO tickets (id, number, client_id, subject, department, status, opened_by, on_behalf_of,"
    " created_at, updated_at) VALUES (:id, :number, :client_id, :subject, :department, :status, :opened_by,"
    " :on_behalf_of, :created_at, :updated_at)";
constexpr const char* kInsertTicketMessage =
    "INSERT INTO ticket_messages (id, ticket_id, author, author_role, author_name, on_behalf_of, body, at)"
    " VALUES (:id, :ticket_id, :author, :author_role, :author_name, :on_behalf_of, :body, :at)";
constexpr const char* kUpdateTicket =
    "UPDATE tickets SET status = :status, updated_at = :updated_at WHERE id = :id AND status = :from";
constexpr const char* kTicketColumns =
    "SELECT id, number, client_id, subject, department, status, opened_by, on_behalf_of, created_at,"
    " updated_at FROM tickets ";
constexpr const char* kTicketById = "WHERE id = :key";
// One client's, the queue in one status, or every ticket; newest activity
// first. Separate statements, each with its index.
constexpr const char* kClientTickets =
    "WHERE client_id = :client ORDER BY updated_at DESC, number DESC LIMIT :limit";
constexpr const char* kTicketsInStatus =
    "WHERE status = :status ORDER BY updated_at DESC, number DESC LIMIT :limit";
constexpr const char* kAllTickets = "ORDER BY updated_at DESC, number DESC LIMIT :limit";
constexpr const char* kInsertTicketAttachment =
    "INSERT INTO ticket_attachments (id, ticket_id, message_id, content_type, original_name, sha256, "
    "size_bytes)"
    " VALUES (:id, :ticket_id, :message_id, :content_type, :original_name, :sha256, :size_bytes)";
constexpr const char* kAttachmentColumns =
    "SELECT id, ticket_id, message_id, content_type, original_name, sha256, size_bytes FROM "
    "ticket_attachments ";
constexpr const char* kAttachmentById = "WHERE id = :id";
constexpr const char* kAttachmentsOfTicket = "WHERE ticket_id = :ticket_id ORDER BY id";
constexpr const char* kTicketMessages =
    "SELECT id, author, author_role, author_name, on_behalf_of, body, at FROM ticket_messages"
    " WHERE ticket_id = :ticket_id ORDER BY at, id";
}  // namespace sql

std::int64_t SqlBillingStore::NextNumber(const std::string& sequence) {
  long long value = 0;
  session_ << sql::kNextNumber, soci::use(sequence), soci::into(value);
  return value;
}

void SqlBillingStore::InsertProduct(const Product& product) {
  const std::string category(program::CategoryName(product.category));
  const std::string cycle(billing::CycleName(product.cycle));
  const int vat = product.vat.value;
  const int active = product.active ? 1 : 0;
  const long long at = ToUnixSeconds(product.created_at);
  session_ << sql::kInsertProduct, soci::use(product.id), soci::use(product.name),
      soci::use(product.description), soci::use(category), soci::use(cycle), soci::use(vat),
      soci::use(active), soci::use(at);
  for (const auto& price : product.prices) InsertPrice(product.id, price);
}

void SqlBillingStore::UpdateProduct(const Product& product) {
  const int active = product.active ? 1 : 0;
  session_ << sql::kUpdateProduct, soci::use(product.name), soci::use(product.description), soci::use(active),
      soci::use(product.id);
}

void SqlBillingStore::InsertPrice(const std::string& product_id, const PriceVersion& price) {
  const long long from = ToUnixSeconds(price.effective_from);
  const long long cents = price.price.cents();
  const long long setup = price.setup_fee.cents();
  session_ << sql::kInsertPrice, soci::use(product_id), soci::use(from), soci::use(cents), soci::use(setup);
}

std::vector<PriceVersion> SqlBillingStore::PricesOf(const std::string& product_id) {
  long long from = 0;
  long long cents = 0;
  long long setup = 0;
  soci::statement statement = (session_.prepare << sql::kPricesOf, soci::into(from), soci::into(cents),
                               soci::into(setup), soci::use(product_id));
  statement.execute();
  std::vector<PriceVersion> prices;
  while (statement.fetch()) {
    prices.push_back(PriceVersion{FromUnixSeconds(from), Money::Cents(cents), Money::Cents(setup)});
  }
  return prices;
}

namespace {
struct ProductRow {
  Product product;
  std::string category, cycle;
  int vat = 0, active = 0;
  long long created_at = 0;

  Product Read() const {
    Product read = product;
    read.category = CategoryOf(category);
    read.cycle = billing::ParseCycle(cycle).value_or(billing::BillingCycle::kOneOff);
    read.vat = BasisPoints{vat};
    read.active = active != 0;
    read.created_at = FromUnixSeconds(created_at);
    return read;
  }
};
}  // namespace

std::optional<Product> SqlBillingStore::FindProduct(const std::string& id) {
  ProductRow row;
  session_ << std::string(sql::kProductColumns) + sql::kFindProduct, soci::into(row.product.id),
      soci::into(row.product.name), soci::into(row.product.description), soci::into(row.category),
      soci::into(row.cycle), soci::into(row.vat), soci::into(row.active), soci::into(row.created_at),
      soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  Product product = row.Read();
  product.prices = PricesOf(product.id);
  return product;
}

std::vector<Product> SqlBillingStore::ListProducts(bool active_only) {
  ProductRow row;
  const int all = active_only ? 0 : 1;
  soci::statement statement =
      (session_.prepare << std::string(sql::kProductColumns) + sql::kListProducts, soci::into(row.product.id),
       soci::into(row.product.name), soci::into(row.product.description), soci::into(row.category),
       soci::into(row.cycle), soci::into(row.vat), soci::into(row.active), soci::into(row.created_at),
       soci::use(all));
  statement.execute();
  std::vector<Product> products;
  while (statement.fetch()) products.push_back(row.Read());
  for (auto& product : products) product.prices = PricesOf(product.id);
  return products;
}

void SqlBillingStore::InsertInvoice(const Invoice& invoice) {
  const long long seq = invoice.seq;
  const long long issued = ToUnixSeconds(invoice.issued_at);
  const long long due = ToUnixSeconds(invoice.due_at);
  BoundText order(invoice.order);
  session_ << sql::kInsertInvoice, soci::use(invoice.id), soci::use(seq), soci::use(invoice.number),
      soci::use(invoice.client), soci::use(invoice.kind), soci::use(issued), soci::use(due),
      soci::use(invoice.created_by), soci::use(order.value, order.indicator);
  int position = 0;
  for (const auto& line : invoice.lines) {
    const std::string category(program::CategoryName(line.category));
    const long long quantity = line.quantity;
    const long long unit = line.unit_price.cents();
    const int vat_bp = line.vat.value;
    const long long net = line.net.cents();
    const long long vat = line.vat_amount.cents();
    BoundText product(line.product);
    BoundText subscription(line.subscription);
    BoundText performer(line.performed_by);
    ++position;
    session_ << sql::kInsertLine, soci::use(invoice.id), soci::use(line.id), soci::use(position),
        soci::use(line.description), soci::use(category), soci::use(quantity), soci::use(unit),
        soci::use(vat_bp), soci::use(net), soci::use(vat), soci::use(product.value, product.indicator),
        soci::use(subscription.value, subscription.indicator),
        soci::use(performer.value, performer.indicator);
  }
}

std::vector<Line> SqlBillingStore::LinesOf(const std::string& invoice_id) {
  Line row;
  std::string category;
  long long quantity = 0, unit = 0, net = 0, vat = 0, credited = 0;
  int vat_bp = 0;
  NullableText product, subscription, performer;
  soci::statement statement =
      (session_.prepare << sql::kLinesOf, soci::into(row.id), soci::into(row.description),
       soci::into(category), soci::into(quantity), soci::into(unit), soci::into(vat_bp), soci::into(net),
       soci::into(vat), soci::into(credited), soci::into(product.value, product.indicator),
       soci::into(subscription.value, subscription.indicator),
       soci::into(performer.value, performer.indicator), soci::use(invoice_id));
  statement.execute();
  std::vector<Line> lines;
  while (statement.fetch()) {
    Line line = row;
    line.category = CategoryOf(category);
    line.quantity = quantity;
    line.unit_price = Money::Cents(unit);
    line.vat = BasisPoints{vat_bp};
    line.net = Money::Cents(net);
    line.vat_amount = Money::Cents(vat);
    line.credited = Money::Cents(credited);
    line.product = product.Get();
    line.subscription = subscription.Get();
    line.performed_by = performer.Get();
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {
struct InvoiceRow {
  Invoice invoice;
  long long seq = 0, issued = 0, due = 0;
  NullableTime paid, cancelled;
  NullableText order;

  Invoice Read() const {
    Invoice read = invoice;
    read.seq = seq;
    read.issued_at = FromUnixSeconds(issued);
    read.due_at = FromUnixSeconds(due);
    read.paid_at = paid.Get();
    read.cancelled_at = cancelled.Get();
    read.order = order.Get();
    return read;
  }
};

// The into() list of kInvoiceColumns.
void IntoInvoice(soci::statement& statement, InvoiceRow& row) {
  statement.exchange(soci::into(row.invoice.id));
  statement.exchange(soci::into(row.seq));
  statement.exchange(soci::into(row.invoice.number));
  statement.exchange(soci::into(row.invoice.client));
  statement.exchange(soci::into(row.invoice.kind));
  statement.exchange(soci::into(row.issued));
  statement.exchange(soci::into(row.due));
  statement.exchange(soci::into(row.paid.value, row.paid.indicator));
  statement.exchange(soci::into(row.cancelled.value, row.cancelled.indicator));
  statement.exchange(soci::into(row.invoice.created_by));
  statement.exchange(soci::into(row.order.value, row.order.indicator));
}
}  // namespace

std::optional<Invoice> SqlBillingStore::FindInvoiceBy(const char* condition, const std::string& key) {
  InvoiceRow row;
  if (!ReadOneRow(session_, row, IntoInvoice, std::string(sql::kInvoiceColumns) + condition, key)) {
    return std::nullopt;
  }
  Invoice invoice = row.Read();
  invoice.lines = LinesOf(invoice.id);
  return invoice;
}

std::optional<Invoice> SqlBillingStore::FindInvoice(const std::string& id) {
  return FindInvoiceBy(sql::kFindInvoice, id);
}

std::optional<Invoice> SqlBillingStore::FindInvoiceByNumber(const std::string& number) {
  return FindInvoiceBy(sql::kFindInvoiceByNumber, number);
}

std::vector<Invoice> SqlBillingStore::ListInvoices(const billing::InvoiceQuery& query) {
  const std::string status = query.status.value_or("");
  const char* condition = status == "unpaid"      ? sql::kUnpaid
                          : status == "overdue"   ? sql::kOverdue
                          : status == "paid"      ? sql::kPaid
                          : status == "cancelled" ? sql::kCancelled
                                                  : sql::kAnyStatus;
  const std::string client = query.client.value_or("");
  const long long before = query.before_seq.value_or(std::numeric_limits<long long>::max());
  const long long now = ToUnixSeconds(query.now);
  const int limit = query.limit;
  InvoiceRow row;
  soci::statement statement(session_);
  IntoInvoice(statement, row);
  if (query.client) statement.exchange(soci::use(client));
  statement.exchange(soci::use(before));
  if (status == "overdue") statement.exchange(soci::use(now));
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kInvoiceColumns) +
                         (query.client ? sql::kClientInvoices : sql::kAllInvoices) + condition +
                         sql::kInvoiceOrder);
  statement.execute();
  std::vector<Invoice> invoices;
  while (statement.fetch()) invoices.push_back(row.Read());
  for (auto& invoice : invoices) invoice.lines = LinesOf(invoice.id);
  return invoices;
}

void SqlBillingStore::MarkPaid(const std::string& invoice_id, Timestamp at) {
  const long long paid = ToUnixSeconds(at);
  session_ << sql::kMarkPaid, soci::use(paid), soci::use(invoice_id);
}

void SqlBillingStore::MarkCancelled(const std::string& invoice_id, Timestamp at) {
  const long long cancelled = ToUnixSeconds(at);
  session_ << sql::kMarkCancelled, soci::use(cancelled), soci::use(invoice_id);
}

void SqlBillingStore::InsertPayment(const Payment& payment) {
  const std::string method(billing::MethodName(payment.method));
  const long long amount = payment.amount.cents();
  const long long paid = ToUnixSeconds(payment.paid_at);
  session_ << sql::kInsertPayment, soci::use(payment.id), soci::use(payment.invoice), soci::use(method),
      soci::use(payment.reference), soci::use(amount), soci::use(paid), soci::use(payment.recorded_by);
}

namespace {
struct PaymentRow {
  Payment payment;
  std::string method;
  long long amount = 0, paid = 0;

  Payment Read() const {
    Payment read = payment;
    read.method = billing::ParseMethod(method).value_or(billing::PaymentMethod::kBank);
    read.amount = Money::Cents(amount);
    read.paid_at = FromUnixSeconds(paid);
    return read;
  }
};
}  // namespace

std::optional<Payment> SqlBillingStore::FindPayment(billing::PaymentMethod method,
                                                    const std::string& reference) {
  PaymentRow row;
  const std::string method_name(billing::MethodName(method));
  session_ << std::string(sql::kPaymentColumns) + sql::kFindPayment, soci::into(row.payment.id),
      soci::into(row.payment.invoice), soci::into(row.method), soci::into(row.payment.reference),
      soci::into(row.amount), soci::into(row.paid), soci::into(row.payment.recorded_by),
      soci::use(method_name), soci::use(reference);
  if (!session_.got_data()) return std::nullopt;
  return row.Read();
}

std::vector<Payment> SqlBillingStore::PaymentsOf(const std::string& invoice_id) {
  PaymentRow row;
  soci::statement statement =
      (session_.prepare << std::string(sql::kPaymentColumns) + sql::kPaymentsOf, soci::into(row.payment.id),
       soci::into(row.payment.invoice), soci::into(row.method), soci::into(row.payment.reference),
       soci::into(row.amount), soci::into(row.paid), soci::into(row.payment.recorded_by),
       soci::use(invoice_id));
  statement.execute();
  std::vector<Payment> payments;
  while (statement.fetch()) payments.push_back(row.Read());
  return payments;
}

void SqlBillingStore::InsertCreditNote(const CreditNote& note) {
  const long long issued = ToUnixSeconds(note.issued_at);
  session_ << sql::kInsertCreditNote, soci::use(note.id), soci::use(note.number), soci::use(note.invoice),
      soci::use(note.reason), soci::use(issued), soci::use(note.created_by);
  for (const auto& line : note.lines) {
    const long long net = line.net.cents();
    const long long vat = line.vat.cents();
    session_ << sql::kInsertCreditLine, soci::use(note.id), soci::use(line.line), soci::use(net),
        soci::use(vat);
    session_ << sql::kCreditLine, soci::use(net), soci::use(note.invoice), soci::use(line.line);
  }
}

std::vector<CreditNote> SqlBillingStore::CreditNotesOf(const std::string& invoice_id) {
  CreditNote row;
  long long issued = 0;
  soci::statement statement =
      (session_.prepare << sql::kCreditNotesOf, soci::into(row.id), soci::into(row.number),
       soci::into(row.reason), soci::into(issued), soci::into(row.created_by), soci::use(invoice_id));
  statement.execute();
  std::vector<CreditNote> notes;
  while (statement.fetch()) {
    CreditNote note = row;
    note.invoice = invoice_id;
    note.issued_at = FromUnixSeconds(issued);
    notes.push_back(std::move(note));
  }
  for (auto& note : notes) {
    billing::CreditLine line;
    long long net = 0, vat = 0;
    soci::statement lines = (session_.prepare << sql::kCreditLinesOf, soci::into(line.line), soci::into(net),
                             soci::into(vat), soci::use(note.id));
    lines.execute();
    while (lines.fetch())
      note.lines.push_back(billing::CreditLine{line.line, Money::Cents(net), Money::Cents(vat)});
  }
  return notes;
}

void SqlBillingStore::InsertOrder(const billing::Order& order) {
  const long long placed = ToUnixSeconds(order.placed_at);
  const long long seq = order.seq;
  BoundText quote(order.quote);
  session_ << sql::kInsertOrder, soci::use(order.id), soci::use(seq), soci::use(order.client),
      soci::use(order.placed_by), soci::use(order.on_behalf_of), soci::use(placed), soci::use(order.invoice),
      soci::use(quote.value, quote.indicator);
}

std::optional<billing::Order> SqlBillingStore::FindOrder(const std::string& id) {
  billing::Order order;
  long long placed = 0;
  NullableText quote;
  session_ << sql::kFindOrder, soci::into(order.id), soci::into(order.client), soci::into(order.placed_by),
      soci::into(order.on_behalf_of), soci::into(placed), soci::into(order.invoice),
      soci::into(quote.value, quote.indicator), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  order.placed_at = FromUnixSeconds(placed);
  order.quote = quote.Get();
  return order;
}

std::vector<billing::OrderSummary> SqlBillingStore::ListOrders(const billing::OrderQuery& query) {
  const std::string client = query.client.value_or("");
  const long long before = query.before_seq.value_or(std::numeric_limits<long long>::max());
  const int limit = query.limit;
  billing::OrderSummary row;
  long long placed = 0, seq = 0, total = 0;
  int paid = 0, cancelled = 0;
  NullableText quote;
  soci::statement statement(session_);
  statement.exchange(soci::into(row.order.id));
  statement.exchange(soci::into(seq));
  statement.exchange(soci::into(row.order.client));
  statement.exchange(soci::into(row.order.placed_by));
  statement.exchange(soci::into(row.order.on_behalf_of));
  statement.exchange(soci::into(placed));
  statement.exchange(soci::into(row.order.invoice));
  statement.exchange(soci::into(quote.value, quote.indicator));
  statement.exchange(soci::into(row.invoice_number));
  statement.exchange(soci::into(total));
  statement.exchange(soci::into(paid));
  statement.exchange(soci::into(cancelled));
  if (query.client) statement.exchange(soci::use(client));
  statement.exchange(soci::use(before));
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kListOrders) + (query.client ? sql::kClientOrders : sql::kAllOrders));
  statement.execute();
  std::vector<billing::OrderSummary> orders;
  while (statement.fetch()) {
    billing::OrderSummary read = row;
    read.order.placed_at = FromUnixSeconds(placed);
    read.order.quote = quote.Get();
    read.order.seq = seq;
    read.invoice_total = Money::Cents(total);
    read.paid = paid != 0;
    read.cancelled = cancelled != 0;
    orders.push_back(std::move(read));
  }
  return orders;
}

void SqlBillingStore::InsertService(const billing::Service& service) {
  const std::string category(program::CategoryName(service.category));
  const std::string cycle(billing::CycleName(service.cycle));
  const std::string state(billing::ServiceStateName(service.state));
  const long long quantity = service.quantity;
  const long long created = ToUnixSeconds(service.created_at);
  session_ << sql::kInsertService, soci::use(service.id), soci::use(service.client), soci::use(service.order),
      soci::use(service.product), soci::use(service.description), soci::use(category), soci::use(cycle),
      soci::use(quantity), soci::use(state), soci::use(created);
}

namespace {
struct ServiceRow {
  billing::Service service;
  std::string category, cycle, state;
  long long quantity = 0, created = 0;
  NullableTime activated, suspended, cancelled;
  NullableText next_due;

  billing::Service Read() const {
    billing::Service read = service;
    read.category = CategoryOf(category);
    read.cycle = billing::ParseCycle(cycle).value_or(billing::BillingCycle::kOneOff);
    read.state = billing::ParseServiceState(state).value_or(billing::ServiceState::kPending);
    read.quantity = quantity;
    read.created_at = FromUnixSeconds(created);
    read.activated_at = activated.Get();
    read.suspended_at = suspended.Get();
    read.cancelled_at = cancelled.Get();
    if (const auto due = next_due.Get()) {
      if (auto date = ParseDate(*due)) read.next_due = *date;
    }
    return read;
  }
};

void IntoService(soci::statement& statement, ServiceRow& row) {
  statement.exchange(soci::into(row.service.id));
  statement.exchange(soci::into(row.service.client));
  statement.exchange(soci::into(row.service.order));
  statement.exchange(soci::into(row.service.product));
  statement.exchange(soci::into(row.service.description));
  statement.exchange(soci::into(row.category));
  statement.exchange(soci::into(row.cycle));
  statement.exchange(soci::into(row.quantity));
  statement.exchange(soci::into(row.state));
  statement.exchange(soci::into(row.created));
  statement.exchange(soci::into(row.activated.value, row.activated.indicator));
  statement.exchange(soci::into(row.next_due.value, row.next_due.indicator));
  statement.exchange(soci::into(row.suspended.value, row.suspended.indicator));
  statement.exchange(soci::into(row.cancelled.value, row.cancelled.indicator));
}

// An optional time bound as a parameter: NULL when absent.
struct BoundTime {
  explicit BoundTime(const std::optional<Timestamp>& at)
      : value(at ? ToUnixSeconds(*at) : 0), indicator(at ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator indicator;
};
}  // namespace

std::vector<billing::Service> SqlBillingStore::ServicesWhere(const std::string& where,
                                                             const std::string& key) {
  ServiceRow row;
  soci::statement statement(session_);
  IntoService(statement, row);
  statement.exchange(soci::use(key));
  Prepare(statement, std::string(sql::kServiceColumns) + where);
  statement.execute();
  std::vector<billing::Service> services;
  while (statement.fetch()) services.push_back(row.Read());
  return services;
}

std::optional<billing::Service> SqlBillingStore::FindService(const std::string& id) {
  auto found = ServicesWhere(sql::kServiceById, id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<billing::Service> SqlBillingStore::ServicesOf(const std::string& client_id) {
  return ServicesWhere(sql::kServicesOfClient, client_id);
}

std::vector<billing::Service> SqlBillingStore::ServicesOfOrder(const std::string& order_id) {
  return ServicesWhere(sql::kServicesOfOrder, order_id);
}

bool SqlBillingStore::UpdateService(const billing::Service& service, billing::ServiceState from) {
  const std::string state(billing::ServiceStateName(service.state));
  const std::string from_state(billing::ServiceStateName(from));
  BoundTime activated(service.activated_at);
  BoundTime suspended(service.suspended_at);
  BoundTime cancelled(service.cancelled_at);
  BoundText next_due(service.next_due ? std::optional(FormatDate(*service.next_due)) : std::nullopt);
  soci::statement statement =
      (session_.prepare << sql::kUpdateService, soci::use(state),
       soci::use(activated.value, activated.indicator), soci::use(next_due.value, next_due.indicator),
       soci::use(suspended.value, suspended.indicator), soci::use(cancelled.value, cancelled.indicator),
       soci::use(service.id), soci::use(from_state));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

std::vector<billing::Service> SqlBillingStore::ServicesDueForRenewal(std::chrono::year_month_day up_to,
                                                                     int limit) {
  ServiceRow row;
  const std::string up_to_text = FormatDate(up_to);
  soci::statement statement(session_);
  IntoService(statement, row);
  statement.exchange(soci::use(up_to_text));
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kServiceColumns) + sql::kServicesDue);
  statement.execute();
  std::vector<billing::Service> services;
  while (statement.fetch()) services.push_back(row.Read());
  return services;
}

bool SqlBillingStore::InsertRenewal(const billing::Renewal& renewal) {
  const std::string due = FormatDate(renewal.due);
  soci::statement statement = (session_.prepare << sql::kInsertRenewal, soci::use(renewal.service),
                               soci::use(due), soci::use(renewal.invoice));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

namespace {
// The rows of a renewal statement whose into() are `row` and `due`.
std::vector<billing::Renewal> FetchRenewals(soci::statement& statement, billing::Renewal& row,
                                            std::string& due) {
  statement.execute();
  std::vector<billing::Renewal> renewals;
  while (statement.fetch()) {
    billing::Renewal renewal = row;
    if (auto date = ParseDate(due)) renewal.due = *date;
    renewals.push_back(std::move(renewal));
  }
  return renewals;
}
}  // namespace

std::vector<billing::Renewal> SqlBillingStore::RenewalsOfInvoice(const std::string& invoice_id) {
  billing::Renewal row;
  std::string due;
  soci::statement statement = (session_.prepare << sql::kRenewalsOfInvoice, soci::into(row.service),
                               soci::into(due), soci::into(row.invoice), soci::use(invoice_id));
  return FetchRenewals(statement, row, due);
}

std::vector<billing::Renewal> SqlBillingStore::OverdueRenewals(Timestamp cutoff, int limit) {
  billing::Renewal row;
  std::string due;
  const long long before = ToUnixSeconds(cutoff);
  soci::statement statement = (session_.prepare << sql::kOverdueRenewals, soci::into(row.service),
                               soci::into(due), soci::into(row.invoice), soci::use(before), soci::use(limit));
  return FetchRenewals(statement, row, due);
}

std::vector<billing::Invoice> SqlBillingStore::InvoicesToRemind(const std::string& kind, Timestamp cutoff,
                                                                int limit) {
  const long long before = ToUnixSeconds(cutoff);
  InvoiceRow row;
  soci::statement statement(session_);
  IntoInvoice(statement, row);
  statement.exchange(soci::use(before));
  statement.exchange(soci::use(kind));
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kInvoiceColumns) + sql::kInvoicesToRemind);
  statement.execute();
  std::vector<billing::Invoice> invoices;
  while (statement.fetch()) invoices.push_back(row.Read());
  for (auto& invoice : invoices) invoice.lines = LinesOf(invoice.id);
  return invoices;
}

bool SqlBillingStore::RecordReminder(const std::string& invoice_id, const std::string& kind, Timestamp at) {
  const long long sent = ToUnixSeconds(at);
  soci::statement statement =
      (session_.prepare << sql::kRecordReminder, soci::use(invoice_id), soci::use(kind), soci::use(sent));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

void SqlBillingStore::InsertTicket(const billing::Ticket& ticket) {
  const std::string status(billing::TicketStatusName(ticket.status));
  const long long created = ToUnixSeconds(ticket.created_at);
  const long long updated = ToUnixSeconds(ticket.updated_at);
  session_ << sql::kInsertTicket, soci::use(ticket.id), soci::use(ticket.number), soci::use(ticket.client),
      soci::use(ticket.subject), soci::use(ticket.department), soci::use(status), soci::use(ticket.opened_by),
      soci::use(ticket.on_behalf_of), soci::use(created), soci::use(updated);
  for (const auto& message : ticket.messages) AddTicketMessage(ticket.id, message);
}

void SqlBillingStore::AddTicketMessage(const std::string& ticket_id, const billing::TicketMessage& message) {
  const long long at = ToUnixSeconds(message.at);
  session_ << sql::kInsertTicketMessage, soci::use(message.id), soci::use(ticket_id),
      soci::use(message.author), soci::use(message.author_role), soci::use(message.author_name),
      soci::use(message.on_behalf_of), soci::use(message.body), soci::use(at);
  for (const auto& file : message.attachments) {
    const long long size = file.size_bytes;
    session_ << sql::kInsertTicketAttachment, soci::use(file.id), soci::use(ticket_id), soci::use(message.id),
        soci::use(file.content_type), soci::use(file.original_name), soci::use(file.sha256), soci::use(size);
  }
}

std::vector<billing::TicketAttachment> SqlBillingStore::AttachmentsWhere(const char* condition,
                                                                         const std::string& key) {
  billing::TicketAttachment row;
  long long size = 0;
  soci::statement statement =
      (session_.prepare << std::string(sql::kAttachmentColumns) + condition, soci::into(row.id),
       soci::into(row.ticket), soci::into(row.message), soci::into(row.content_type),
       soci::into(row.original_name), soci::into(row.sha256), soci::into(size), soci::use(key));
  statement.execute();
  std::vector<billing::TicketAttachment> files;
  while (statement.fetch()) {
    files.push_back(row);
    files.back().size_bytes = size;
  }
  return files;
}

std::optional<billing::TicketAttachment> SqlBillingStore::FindTicketAttachment(const std::string& id) {
  auto files = AttachmentsWhere(sql::kAttachmentById, id);
  if (files.empty()) return std::nullopt;
  return std::move(files.front());
}

bool SqlBillingStore::UpdateTicket(const billing::Ticket& ticket, billing::TicketStatus from) {
  const std::string status(billing::TicketStatusName(ticket.status));
  const std::string from_status(billing::TicketStatusName(from));
  const long long updated = ToUnixSeconds(ticket.updated_at);
  soci::statement statement = (session_.prepare << sql::kUpdateTicket, soci::use(status), soci::use(updated),
                               soci::use(ticket.id), soci::use(from_status));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

namespace {
struct TicketRow {
  billing::Ticket ticket;
  std::string status;
  long long created = 0, updated = 0;

  billing::Ticket Read() const {
    billing::Ticket read = ticket;
    read.status = billing::ParseTicketStatus(status).value_or(billing::TicketStatus::kOpen);
    read.created_at = FromUnixSeconds(created);
    read.updated_at = FromUnixSeconds(updated);
    return read;
  }
};

void IntoTicket(soci::statement& statement, TicketRow& row) {
  statement.exchange(soci::into(row.ticket.id));
  statement.exchange(soci::into(row.ticket.number));
  statement.exchange(soci::into(row.ticket.client));
  statement.exchange(soci::into(row.ticket.subject));
  statement.exchange(soci::into(row.ticket.department));
  statement.exchange(soci::into(row.status));
  statement.exchange(soci::into(row.ticket.opened_by));
  statement.exchange(soci::into(row.ticket.on_behalf_of));
  statement.exchange(soci::into(row.created));
  statement.exchange(soci::into(row.updated));
}
}  // namespace

std::optional<billing::Ticket> SqlBillingStore::FindTicket(const std::string& id) {
  TicketRow row;
  if (!ReadOneRow(session_, row, IntoTicket, std::string(sql::kTicketColumns) + sql::kTicketById, id)) {
    return std::nullopt;
  }
  billing::Ticket ticket = row.Read();
  billing::TicketMessage message;
  long long at = 0;
  soci::statement messages =
      (session_.prepare << sql::kTicketMessages, soci::into(message.id), soci::into(message.author),
       soci::into(message.author_role), soci::into(message.author_name), soci::into(message.on_behalf_of),
       soci::into(message.body), soci::into(at), soci::use(id));
  messages.execute();
  while (messages.fetch()) {
    billing::TicketMessage read = message;
    read.at = FromUnixSeconds(at);
    ticket.messages.push_back(std::move(read));
  }
  for (auto& file : AttachmentsWhere(sql::kAttachmentsOfTicket, id)) {
    for (auto& each : ticket.messages) {
      if (each.id == file.message) each.attachments.push_back(file);
    }
  }
  return ticket;
}

std::vector<billing::Ticket> SqlBillingStore::ListTickets(const std::string& client_id,
                                                          const std::string& status, int limit) {
  TicketRow row;
  soci::statement statement(session_);
  IntoTicket(statement, row);
  const char* scope = sql::kAllTickets;
  if (!client_id.empty()) {
    statement.exchange(soci::use(client_id));
    scope = sql::kClientTickets;
  } else if (!status.empty()) {
    statement.exchange(soci::use(status));
    scope = sql::kTicketsInStatus;
  }
  statement.exchange(soci::use(limit));
  Prepare(statement, std::string(sql::kTicketColumns) + scope);
  statement.execute();
  std::vector<billing::Ticket> tickets;
  while (statement.fetch()) tickets.push_back(row.Read());
  return tickets;
}

}  // namespace wakala::storage
