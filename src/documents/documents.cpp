#include "documents/documents.hpp"

#include <fmt/format.h>

#include "core/calendar.hpp"

namespace wakala::documents {

namespace {

std::string Kes(Money amount) {
  return "KES " + amount.ToString();
}

std::string Day(Timestamp at) {
  return FormatDate(EatDate(at));
}

std::string IssuerLine(const Issuer& issuer) {
  std::string line = issuer.name;
  if (!issuer.address.empty()) line += " · " + issuer.address;
  if (!issuer.kra_pin.empty()) line += " · KRA PIN " + issuer.kra_pin;
  return line;
}

std::string Rate(std::int64_t basis_points) {
  return fmt::format("{}.{:02d}%", basis_points / 100, basis_points % 100);
}

// "accrual" → "Commission earned": the statement's words for ledger movements.
std::string MovementName(const std::string& kind) {
  if (kind == "accrual") return "Commission earned";
  if (kind == "maturation") return "Hold ended: available";
  if (kind == "reversal") return "Reversed (refund or chargeback)";
  if (kind == "forfeiture") return "Forfeited";
  if (kind == "withdrawal_request") return "Withdrawal requested";
  if (kind == "withdrawal_paid") return "Withdrawal paid";
  if (kind == "withdrawal_rejected") return "Withdrawal rejected: back to available";
  if (kind == "withdrawal_failed") return "Payout failed: back to available";
  if (kind == "withdrawal_returned") return "Payout in whole shillings: rest back to available";
  return kind;
}

// The priced lines of an invoice or a quote, with their totals.
Table LinesTable(const std::vector<billing::Line>& priced) {
  Table lines;
  lines.headers = {"Description", "Qty", "Unit price", "VAT rate", "VAT", "Amount"};
  lines.numeric = {false, true, true, true, true, true};
  for (const auto& line : priced) {
    lines.rows.push_back({line.description, std::to_string(line.quantity), line.unit_price.ToString(),
                          Rate(line.vat.value), line.vat_amount.ToString(), line.Gross().ToString()});
  }
  const auto totals = billing::TotalsOf(priced);
  lines.totals = {{"Net", Kes(totals.net)}, {"VAT", Kes(totals.vat)}, {"Total", Kes(totals.gross)}};
  return lines;
}

// A document headed by the issuer's logo and name, dated `dated`.
Document Begin(std::string title, std::string subject, Timestamp dated, const Issuer& issuer) {
  Document document;
  document.title = std::move(title);
  document.issuer = IssuerLine(issuer);
  document.subject = std::move(subject);
  document.dated = dated;
  document.logo_png = issuer.logo_png;
  return document;
}

}  // namespace

Document QuoteDocument(const billing::QuoteView& view, const Party& client, const Issuer& issuer) {
  const auto& quote = view.quote;
  Document document = Begin("Quote " + quote.number, "Quote " + quote.number + " from " + view.agent_name,
                            quote.sent_at.value_or(quote.created_at), issuer);
  Section head;
  const std::string to = quote.client
                             ? (client.name.empty() ? client.id : client.name + " (" + client.id + ")")
                             : quote.prospect.company + " (" + quote.prospect.name + ")";
  head.fields = {{"From", view.agent_name + " (" + quote.agent + "), an agent of " + issuer.name},
                 {"For", to},
                 {"Quote number", quote.number},
                 {"Dated", Day(document.dated)},
                 {"Valid until", FormatDate(quote.valid_until)}};
  document.sections.push_back(std::move(head));
  std::vector<billing::Line> priced;
  priced.reserve(quote.lines.size());
  for (const auto& line : quote.lines) priced.push_back(line.line);
  Section items;
  items.heading = "Lines";
  items.table = LinesTable(priced);
  items.note = quote.note;
  document.sections.push_back(std::move(items));
  Section terms;
  terms.note =
      "Prices in Kenya shillings; VAT as shown. Accepting the quote places the order and its first invoice.";
  document.sections.push_back(std::move(terms));
  document.footer = issuer.name + " · " + quote.number;
  return document;
}

Document InvoiceDocument(const billing::InvoiceView& view, const Party& client, const Issuer& issuer) {
  const auto& invoice = view.invoice;
  Document document = Begin("Invoice " + invoice.number, "Invoice " + invoice.number + " to " + client.name,
                            invoice.issued_at, issuer);
  Section head;
  head.fields = {{"Billed to", client.name.empty() ? client.id : client.name + " (" + client.id + ")"},
                 {"Invoice number", invoice.number},
                 {"Issued", Day(invoice.issued_at)},
                 {"Due", Day(invoice.due_at)}};
  if (!client.kra_pin.empty()) head.fields.emplace_back("Client KRA PIN", client.kra_pin);
  if (invoice.order) head.fields.emplace_back("Order", *invoice.order);
  document.sections.push_back(std::move(head));

  const auto totals = billing::TotalsOf(invoice.lines);
  Section items;
  items.heading = "Lines";
  items.table = LinesTable(invoice.lines);
  document.sections.push_back(std::move(items));

  Section settlement;
  settlement.heading = "Payment";
  if (invoice.cancelled_at) {
    settlement.fields.emplace_back("Cancelled", Day(*invoice.cancelled_at));
  } else if (invoice.paid_at) {
    for (const auto& payment : view.payments) {
      settlement.fields.emplace_back("Paid " + Day(payment.paid_at),
                                     fmt::format("{} by {} (reference {})", Kes(payment.amount),
                                                 billing::MethodName(payment.method), payment.reference));
    }
  } else {
    settlement.fields.emplace_back("Amount due", Kes(totals.gross) + " by " + Day(invoice.due_at));
    settlement.note = "Pay by M-Pesa or bank transfer quoting " + invoice.number + ".";
  }
  for (const auto& note : view.credit_notes) {
    settlement.fields.emplace_back(
        "Credit note " + note.number,
        fmt::format("{} on {}: {}", Kes(note.Gross()), Day(note.issued_at), note.reason));
  }
  document.sections.push_back(std::move(settlement));
  document.footer = issuer.name + " · " + invoice.number;
  return document;
}

Document StatementDocument(const engine::Statement& statement, const Party& agent, const Issuer& issuer) {
  const std::string month = statement.month.ToString();
  Document document =
      Begin("Commission statement " + month, "Commission statement " + month + " of " + agent.id,
            statement.month.Next().Start() - std::chrono::seconds(1), issuer);
  Section head;
  head.fields = {{"Agent", agent.name.empty() ? agent.id : agent.name + " (" + agent.id + ")"},
                 {"Month", month}};
  if (!agent.kra_pin.empty()) head.fields.emplace_back("KRA PIN", agent.kra_pin);
  document.sections.push_back(std::move(head));

  Section balances;
  balances.heading = "Balances";
  Table table;
  table.headers = {"Balance", "Opening", "Closing"};
  table.numeric = {false, true, true};
  table.rows = {
      {"Pending (in the hold)", statement.opening.pending.ToString(), statement.closing.pending.ToString()},
      {"Available", statement.opening.available.ToString(), statement.closing.available.ToString()},
      {"Being withdrawn", statement.opening.withdrawing.ToString(), statement.closing.withdrawing.ToString()},
      {"Paid out (gross)", statement.opening.paid_out.ToString(), statement.closing.paid_out.ToString()}};
  balances.table = std::move(table);
  document.sections.push_back(std::move(balances));

  Section month_totals;
  month_totals.heading = "This month";
  month_totals.fields = {
      {"Commission earned", Kes(statement.accrued)},    {"Reversed", Kes(statement.reversed)},
      {"Forfeited", Kes(statement.forfeited)},          {"Paid out, gross", Kes(statement.withdrawn_gross)},
      {"Withholding tax", Kes(statement.tax_withheld)}, {"Paid out, net", Kes(statement.paid_net)}};
  document.sections.push_back(std::move(month_totals));

  Section movements;
  movements.heading = "Movements";
  Table lines;
  lines.headers = {"Date", "Movement", "Reference", "Amount"};
  lines.numeric = {false, false, false, true};
  lines.wide = 1;
  for (const auto& line : statement.lines) {
    lines.rows.push_back({Day(line.at), MovementName(line.kind), line.reference, line.amount.ToString()});
  }
  movements.table = std::move(lines);
  if (statement.lines.empty()) movements.note = "No movements this month.";
  document.sections.push_back(std::move(movements));
  document.footer = issuer.name + " · " + agent.id + " · " + month;
  return document;
}

Document RemittanceDocument(const Remittance& remittance, const Issuer& issuer) {
  const auto& withdrawal = remittance.withdrawal;
  Document document =
      Begin("Remittance advice and withholding tax statement",
            "Withdrawal " + withdrawal.id + " paid to " + remittance.payee.id, remittance.paid_at, issuer);
  Section parties;
  parties.heading = "Parties";
  parties.fields = {
      {"Payer", issuer.name},
      {"Payer KRA PIN", issuer.kra_pin.empty() ? "—" : issuer.kra_pin},
      {"Payee", remittance.payee.name.empty() ? remittance.payee.id
                                              : remittance.payee.name + " (" + remittance.payee.id + ")"},
      {"Payee KRA PIN", remittance.payee.kra_pin.empty() ? "—" : remittance.payee.kra_pin},
      {"Payee residency", remittance.residency}};
  document.sections.push_back(std::move(parties));
  Section payment;
  payment.heading = "Payment";
  payment.fields = {{"Withdrawal", withdrawal.id},
                    {"Requested", Day(withdrawal.requested_at)},
                    {"Payment date", Day(remittance.paid_at)},
                    {"Payment reference", withdrawal.reference},
                    {"Gross commission", Kes(withdrawal.gross)},
                    {"Withholding tax rate", Rate(remittance.rate_bp)},
                    {"Withholding tax", Kes(withdrawal.tax)},
                    {"Net paid", Kes(withdrawal.net)}};
  document.sections.push_back(std::move(payment));
  Section certificate;
  certificate.heading = "Withholding tax certificate";
  certificate.fields = {{"iTax certificate number", "______________________"}};
  certificate.note =
      "The tax was deducted on the payment date and is remitted to the Kenya Revenue Authority within five "
      "working "
      "days. The certificate number is filled in once KRA issues it on iTax.";
  document.sections.push_back(std::move(certificate));
  document.footer = issuer.name + " · " + withdrawal.id;
  return document;
}

Document WithholdingTaxReportDocument(EatMonth month, const std::vector<TaxDeduction>& deductions,
                                      const Issuer& issuer) {
  Document document = Begin("Withholding tax report " + month.ToString(),
                            "Withholding tax deducted from agents' commission in " + month.ToString(),
                            month.Next().Start() - std::chrono::seconds(1), issuer);
  Section head;
  head.fields = {{"Payer", issuer.name},
                 {"Payer KRA PIN", issuer.kra_pin.empty() ? "—" : issuer.kra_pin},
                 {"Month", month.ToString()},
                 {"Deductions", std::to_string(deductions.size())}};
  document.sections.push_back(std::move(head));
  Table table;
  table.headers = {"Payee", "Paid", "Remit by", "Gross", "Tax"};
  table.numeric = {false, false, false, true, true};
  Money gross;
  Money tax;
  for (const auto& deduction : deductions) {
    const auto& remittance = deduction.remittance;
    const auto& withdrawal = remittance.withdrawal;
    const auto& payee = remittance.payee;
    table.rows.push_back(
        {fmt::format("{}\nKRA PIN {} · {} · {} · ref. {}", payee.name.empty() ? payee.id : payee.name,
                     payee.kra_pin.empty() ? "—" : payee.kra_pin, remittance.residency,
                     Rate(remittance.rate_bp), withdrawal.reference),
         Day(remittance.paid_at), FormatDate(deduction.remit_by), withdrawal.gross.ToString(),
         withdrawal.tax.ToString()});
    gross += withdrawal.gross;
    tax += withdrawal.tax;
  }
  table.totals = {{"Gross", Kes(gross)}, {"Tax withheld", Kes(tax)}};
  Section lines;
  lines.heading = "Deductions";
  lines.table = std::move(table);
  lines.note =
      "Each deduction is remitted to the Kenya Revenue Authority within five working days after it was made "
      "(Monday to Friday; public holidays are not counted out).";
  document.sections.push_back(std::move(lines));
  document.footer = issuer.name + " · withholding tax " + month.ToString();
  return document;
}

}  // namespace wakala::documents
