#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// The catalogue, invoices, payments and credit notes (SQL of both engines),
// inside a transaction opened by Database.
class SqlBillingStore final : public billing::BillingStore {
 public:
  explicit SqlBillingStore(soci::session& session) : session_(session) {}

  std::int64_t NextNumber(const std::string& sequence) override;

  void InsertProduct(const billing::Product& product) override;
  void UpdateProduct(const billing::Product& product) override;
  void InsertPrice(const std::string& product_id, const billing::PriceVersion& price) override;
  std::optional<billing::Product> FindProduct(const std::string& id) override;
  std::vector<billing::Product> ListProducts(bool active_only) override;

  void InsertInvoice(const billing::Invoice& invoice) override;
  std::optional<billing::Invoice> FindInvoice(const std::string& id) override;
  std::optional<billing::Invoice> FindInvoiceByNumber(const std::string& number) override;
  std::vector<billing::Invoice> ListInvoices(const billing::InvoiceQuery& query) override;
  void MarkPaid(const std::string& invoice_id, Timestamp at) override;
  void MarkCancelled(const std::string& invoice_id, Timestamp at) override;

  void InsertPayment(const billing::Payment& payment) override;
  std::optional<billing::Payment> FindPayment(billing::PaymentMethod method,
                                              const std::string& reference) override;
  std::vector<billing::Payment> PaymentsOf(const std::string& invoice_id) override;

  void InsertCreditNote(const billing::CreditNote& note) override;
  std::vector<billing::CreditNote> CreditNotesOf(const std::string& invoice_id) override;

  void InsertOrder(const billing::Order& order) override;
  std::optional<billing::Order> FindOrder(const std::string& id) override;
  std::vector<billing::OrderSummary> ListOrders(const billing::OrderQuery& query) override;
  void InsertService(const billing::Service& service) override;
  std::optional<billing::Service> FindService(const std::string& id) override;
  std::vector<billing::Service> ServicesOf(const std::string& client_id) override;
  std::vector<billing::Service> ServicesOfOrder(const std::string& order_id) override;
  bool UpdateService(const billing::Service& service, billing::ServiceState from) override;
  std::vector<billing::Service> ServicesDueForRenewal(std::chrono::year_month_day up_to, int limit) override;
  bool InsertRenewal(const billing::Renewal& renewal) override;
  std::vector<billing::Renewal> RenewalsOfInvoice(const std::string& invoice_id) override;
  std::vector<billing::Renewal> OverdueRenewals(Timestamp cutoff, int limit) override;
  std::vector<billing::Invoice> InvoicesToRemind(const std::string& kind, Timestamp cutoff,
                                                 int limit) override;
  bool RecordReminder(const std::string& invoice_id, const std::string& kind, Timestamp at) override;

  void InsertTicket(const billing::Ticket& ticket) override;
  void AddTicketMessage(const std::string& ticket_id, const billing::TicketMessage& message) override;
  bool UpdateTicket(const billing::Ticket& ticket, billing::TicketStatus from) override;
  std::optional<billing::Ticket> FindTicket(const std::string& id) override;
  std::optional<billing::TicketAttachment> FindTicketAttachment(const std::string& id) override;
  std::vector<billing::Ticket> ListTickets(const std::string& client_id, const std::string& status,
                                           int limit) override;

 private:
  std::vector<billing::PriceVersion> PricesOf(const std::string& product_id);
  std::vector<billing::Line> LinesOf(const std::string& invoice_id);
  std::optional<billing::Invoice> FindInvoiceBy(const char* condition, const std::string& key);
  std::vector<billing::TicketAttachment> AttachmentsWhere(const char* condition, const std::string& key);
  // The services a statement of kServiceColumns + `where` returns.
  std::vector<billing::Service> ServicesWhere(const std::string& where, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
