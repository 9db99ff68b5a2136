#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/principal.hpp"
#include "billing/catalogue.hpp"
#include "billing/invoice.hpp"
#include "billing/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::billing {

struct ProductPatch {
  std::optional<std::string> name, description;
  std::optional<bool> active;
};

struct PriceChange {
  Money price;
  Money setup_fee;
  std::optional<Timestamp> effective_from;  // now when absent
};

// A line staff put on a manual invoice: from a product (its price in force
// now, unless staff give another) or free (description, category, unit
// price), as a quote's lines are, and also the service and performer it names.
struct LineRequest : QuoteLineRequest {
  std::optional<std::string> subscription;
  std::optional<std::string> performed_by;
};

struct InvoiceRequest {
  std::string client;
  std::string kind = "manual";  // "manual" or "top_up" (talk time)
  std::vector<LineRequest> lines;
  std::optional<int> due_in_days;  // default 14
};

struct PaymentRequest {
  std::string method;
  std::string reference;
  Money amount;
  std::optional<Timestamp> paid_at;  // when the money arrived; now when absent
};

struct RecordedPayment {
  Payment payment;
  Invoice invoice;
  bool replayed = false;  // the same method and reference again: nothing new
};

struct CreditRequest {
  std::vector<std::pair<std::string, Money>> lines;  // line id, net amount
  std::string reason;
};

// An invoice with what has been paid and credited against it.
struct InvoiceView {
  Invoice invoice;
  InvoiceStatus status = InvoiceStatus::kUnpaid;
  std::vector<Payment> payments;
  std::vector<CreditNote> credit_notes;
  std::string client_name, client_kra_pin;  // read by FindInvoice (its printed copy names them)
};

// Built-in billing (issue 13): the catalogue staff keep, invoices with their
// payments and credit notes. A recorded payment marks the invoice paid and
// hands it to the commission engine in the same transaction, once; a credit
// note becomes the engine's refunds of the lines it credits.
class BillingService {
 public:
  // `public_url`: where the agent's "invoice issued" email links to.
  BillingService(Journal& journal, const Clock& program_clock, std::string public_url = "");

  // Anyone signed in reads the active catalogue (agents quote from it,
  // clients order from it); staff also see inactive products.
  Result<std::vector<Product>> Products(const accounts::Principal& actor);
  Result<Product> FindProduct(const accounts::Principal& actor, const std::string& id);
  Result<Product> CreateProduct(const accounts::Principal& actor, const ProductForm& form,
                                const std::string& ip);
  Result<Product> UpdateProduct(const accounts::Principal& actor, const std::string& id,
                                const ProductPatch& patch, const std::string& ip);
  Result<Product> ChangePrice(const accounts::Principal& actor, const std::string& id,
                              const PriceChange& change, const std::string& ip);

  // Staff: an invoice for one client, priced now, numbered in sequence.
  Result<InvoiceView> IssueInvoice(const accounts::Principal& actor, const InvoiceRequest& request,
                                   const std::string& ip);
  // Staff see any invoice; a client's users (and its agent signed in as it,
  // if granted) its own; the client's current agent its clients'. Another's
  // is "not found".
  Result<InvoiceView> FindInvoice(const accounts::Principal& actor, const std::string& id);
  // Staff: every invoice (optionally one client's); others: one client's.
  Result<std::vector<InvoiceView>> Invoices(const accounts::Principal& actor, const InvoiceQuery& query);

  // Staff record money received. Idempotent by (method, reference): the same
  // payment again answers the first one; the same reference on another
  // invoice is a conflict.
  Result<RecordedPayment> RecordPayment(const accounts::Principal& actor, const std::string& invoice_id,
                                        const PaymentRequest& request, const std::string& ip);
  // The payment webhook (an API key with billing:write, signed): the same,
  // for the invoice a payment names by its number (the paybill account).
  Result<RecordedPayment> RecordNotifiedPayment(const accounts::Principal& integration,
                                                const std::string& invoice_number,
                                                const PaymentRequest& request, const std::string& ip);
  Result<InvoiceView> CreditInvoice(const accounts::Principal& actor, const std::string& invoice_id,
                                    const CreditRequest& request, const std::string& ip);
  Result<InvoiceView> CancelInvoice(const accounts::Principal& actor, const std::string& invoice_id,
                                    const std::string& reason, const std::string& ip);

  static constexpr int kDefaultDueDays = 14;

 private:
  Timestamp ActionTime();
  Result<void> MayRead(const accounts::Principal& actor, const std::string& client_id);
  Result<std::vector<Line>> PriceRequestedLines(Stores& stores, const std::vector<LineRequest>& lines,
                                                Timestamp at);
  static InvoiceView ViewOf(Stores& stores, Invoice invoice, Timestamp now);

  Journal& journal_;
  const Clock& clock_;
  std::string public_url_;
};

// Numbers, writes and returns a new invoice of priced lines (in the caller's
// transaction, so a refusal later in it gives the number back).
// `invoice` comes without number (and, if its id is empty, without id).
Invoice InsertNewInvoice(Stores& stores, Invoice invoice);

std::string NewInvoiceId();

// Prices input lines as "1", "2", …; the problems of all of them at once.
Result<std::vector<Line>> PriceLines(const std::vector<LineInput>& inputs);

// The engine's event for a paid invoice: its net lines, with the service
// (subscription) and the performer each names. Deposits go too: the engine
// knows they earn nothing.
engine::InvoicePaid PaidEvent(const Invoice& invoice, Timestamp paid_at);

}  // namespace wakala::billing
