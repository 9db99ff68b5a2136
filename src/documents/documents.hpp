#pragma once

// The documents of the program, built from stored figures only (so a document
// printed twice is the same): a client's invoice, an agent's monthly
// commission statement, and a paid withdrawal's remittance with its
// withholding-tax statement. Pure: data in, a Document out (RenderPdf makes
// the PDF).

#include <string>

#include "billing/billing_service.hpp"
#include "billing/quote_service.hpp"
#include "documents/pdf.hpp"
#include "engine/agent_views.hpp"
#include "engine/state.hpp"

namespace wakala::documents {

// The provider as its documents name it (config [documents]).
struct Issuer {
  std::string name = "Cloud One";
  std::string kra_pin;  // the payer's PIN on withholding-tax statements
  std::string address;
  std::string logo_png;  // PNG bytes; empty = the built-in mark
};

// Who a document is for: a client account or an agent company.
struct Party {
  std::string id, name, kra_pin;
};

Document InvoiceDocument(const billing::InvoiceView& view, const Party& client, const Issuer& issuer);

// A quote as its client or prospect keeps it: the agent's offer, its lines
// and totals, valid until its day. `client` names the client (empty for a prospect).
Document QuoteDocument(const billing::QuoteView& view, const Party& client, const Issuer& issuer);

Document StatementDocument(const engine::Statement& statement, const Party& agent, const Issuer& issuer);

// A paid withdrawal: what was paid, where, and the tax withheld (the payee's
// copy of the deduction for its own return; `rate_bp` is the withholding rate
// of its residency).
struct Remittance {
  engine::Withdrawal withdrawal;
  Party payee;
  std::string residency;
  std::int64_t rate_bp = 0;
  Timestamp paid_at{};
};
Document RemittanceDocument(const Remittance& remittance, const Issuer& issuer);

// One deduction of withholding tax: a withdrawal paid in the month.
struct TaxDeduction {
  Remittance remittance;
  std::chrono::year_month_day remit_by{};  // five working days after the payment day
};
// The month's deductions for the provider's iTax return, per agent.
Document WithholdingTaxReportDocument(EatMonth month, const std::vector<TaxDeduction>& deductions,
                                      const Issuer& issuer);

}  // namespace wakala::documents
