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
  std::vector<billing::Invoice> ListInvoices(const billing::InvoiceQuery& query) override;
  void MarkPaid(const std::string& invoice_id, Timestamp at) override;
  void MarkCancelled(const std::string& invoice_id, Timestamp at) override;

  void InsertPayment(const billing::Payment& payment) override;
  std::optional<billing::Payment> FindPayment(billing::PaymentMethod method,
                                              const std::string& reference) override;
  std::vector<billing::Payment> PaymentsOf(const std::string& invoice_id) override;

  void InsertCreditNote(const billing::CreditNote& note) override;
  std::vector<billing::CreditNote> CreditNotesOf(const std::string& invoice_id) override;

 private:
  std::vector<billing::PriceVersion> PricesOf(const std::string& product_id);
  std::vector<billing::Line> LinesOf(const std::string& invoice_id);

  soci::session& session_;
};

}  // namespace wakala::storage
