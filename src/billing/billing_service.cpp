#include "billing/billing_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "agents/audit.hpp"
#include "billing/order_service.hpp"
#include "core/calendar.hpp"
#include "core/field_checks.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::billing {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using agents::AuditOf;

namespace {

Error NoInvoice(const std::string& id) {
  return Error::NotFound("no invoice " + id);
}
Error NoProduct(const std::string& id) {
  return Error::NotFound("no product " + id);
}

constexpr std::size_t kMaxLines = 100;
constexpr std::size_t kMaxReasonLength = 500;

}  // namespace

BillingService::BillingService(Journal& journal, const Clock& program_clock, std::string public_url)
    : journal_(journal), clock_(program_clock), public_url_(std::move(public_url)) {}

Timestamp BillingService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

// ---- catalogue ----

Result<std::vector<Product>> BillingService::Products(const Principal& actor) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  const bool staff = actor.role == Role::kStaff;
  return journal_.ReadFrom([&](Stores& stores) { return stores.billing.ListProducts(!staff); });
}

Result<Product> BillingService::FindProduct(const Principal& actor, const std::string& id) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto found = journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindProduct(id); });
  if (!found) return Fail(found.error());
  // Only staff see a product withdrawn from sale.
  if (!*found || (!(*found)->active && actor.role != Role::kStaff)) return Fail(NoProduct(id));
  return std::move(**found);
}

Result<Product> BillingService::CreateProduct(const Principal& actor, const ProductForm& form,
                                              const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  const Timestamp now = ActionTime();
  auto product = NewProduct(form, "prd_" + RandomHex(8), now);
  if (!product) return product;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    stores.billing.InsertProduct(*product);
    stores.accounts.AppendAudit(AuditOf(actor, "product_created", "product:" + product->id, now, ip,
                                        {{"name", product->name},
                                         {"category", program::CategoryName(product->category)},
                                         {"price", product->prices.front().price.ToString()}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return product;
}

Result<Product> BillingService::UpdateProduct(const Principal& actor, const std::string& id,
                                              const ProductPatch& patch, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  std::optional<std::string> name;
  if (patch.name) name = RequiredText(problems, "name", *patch.name, 200);
  if (!problems.empty()) return Fail(Error::Invalid("the product cannot be changed as given", problems));
  const Timestamp now = ActionTime();
  std::optional<Product> changed;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto product = stores.billing.FindProduct(id);
    if (!product) return Fail(NoProduct(id));
    if (name) product->name = *name;
    if (patch.description) product->description = *patch.description;
    if (patch.active) product->active = *patch.active;
    stores.billing.UpdateProduct(*product);
    stores.accounts.AppendAudit(AuditOf(actor, "product_changed", "product:" + id, now, ip,
                                        {{"name", product->name}, {"active", product->active}}));
    changed = std::move(product);
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*changed);
}

Result<Product> BillingService::ChangePrice(const Principal& actor, const std::string& id,
                                            const PriceChange& change, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  const Timestamp now = ActionTime();
  std::optional<Product> changed;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto product = stores.billing.FindProduct(id);
    if (!product) return Fail(NoProduct(id));
    auto price = NewPrice(*product, change.price, change.setup_fee, change.effective_from.value_or(now), now);
    if (!price) return Fail(price.error());
    stores.billing.InsertPrice(id, *price);
    stores.accounts.AppendAudit(AuditOf(actor, "product_price_changed", "product:" + id, now, ip,
                                        {{"price", price->price.ToString()},
                                         {"setup_fee", price->setup_fee.ToString()},
                                         {"effective_from", FormatRfc3339(price->effective_from)}}));
    product->prices.push_back(*price);
    changed = std::move(product);
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*changed);
}

// ---- invoices ----

Result<void> BillingService::MayRead(const Principal& actor, const std::string& client_id) {
  if (auto user = accounts::RequireUser(actor); !user) return user;
  if (actor.role == Role::kStaff) return {};
  if (actor.role == Role::kClient) {
    return accounts::RequireClientAction(actor, client_id, accounts::client_actions::kViewInvoices);
  }
  if (actor.role == Role::kAgent && actor.agent_id) {
    std::optional<std::string> agent;
    journal_.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(client_id); });
    if (agent && *agent == *actor.agent_id) return {};
  }
  return Fail(Error::NotFound("no client " + client_id + " of yours"));
}

InvoiceView BillingService::ViewOf(Stores& stores, Invoice invoice, Timestamp now) {
  InvoiceView view;
  view.status = StatusOf(invoice, now);
  view.payments = stores.billing.PaymentsOf(invoice.id);
  view.credit_notes = stores.billing.CreditNotesOf(invoice.id);
  view.invoice = std::move(invoice);
  return view;
}

Result<std::vector<Line>> BillingService::PriceRequestedLines(Stores& stores,
                                                              const std::vector<LineRequest>& lines,
                                                              Timestamp at) {
  std::vector<FieldError> problems;
  std::vector<Line> priced;
  if (lines.empty()) problems.push_back({"lines", "an invoice needs at least one line"});
  if (lines.size() > kMaxLines) problems.push_back({"lines", fmt::format("at most {} lines", kMaxLines)});
  for (std::size_t i = 0; i < lines.size() && i < kMaxLines; ++i) {
    const auto& request = lines[i];
    const std::string where = fmt::format("lines/{}", i);
    LineInput input;
    input.quantity = request.quantity;
    input.subscription = request.subscription;
    input.performed_by = request.performed_by;
    if (request.product) {
      const auto product = stores.billing.FindProduct(*request.product);
      const PriceVersion* price = product ? PriceAt(*product, at) : nullptr;
      if (!product || !product->active || price == nullptr) {
        problems.push_back({where + "/product", "no product \"" + *request.product + "\" on sale"});
        continue;
      }
      input.product = product->id;
      input.category = product->category;
      input.description = request.description.empty() ? product->name : request.description;
      input.unit_price = request.unit_price.value_or(price->price);
      input.vat = product->vat;
    } else {
      const auto category = request.category ? program::ParseCategory(*request.category) : std::nullopt;
      if (!category) problems.push_back({where + "/category", "is required on a line without a product"});
      if (!request.unit_price)
        problems.push_back({where + "/unit_price", "is required on a line without a product"});
      if (!category || !request.unit_price) continue;
      input.category = *category;
      input.description = request.description;
      input.unit_price = *request.unit_price;
      input.vat = BasisPoints{static_cast<std::int32_t>(
          request.vat_bp.value_or(*category == program::Category::kDeposit ? 0 : 1600))};
      if (request.vat_bp && (*request.vat_bp < 0 || *request.vat_bp > 10000)) {
        problems.push_back({where + "/vat_bp", "must be from 0 to 10000 basis points"});
        continue;
      }
    }
    if (input.category == program::Category::kManagedSubscription && !input.subscription) {
      problems.push_back({where + "/subscription", "is required on a managed_subscription line"});
    }
    if (input.performed_by && !program::IsTechnicalWork(input.category)) {
      problems.push_back({where + "/performed_by", "only setup_fee and training_oos lines name a performer"});
    }
    auto line = PriceLine(input, std::to_string(i + 1), where);
    if (!line) {
      for (const auto& problem : line.error().fields) problems.push_back(problem);
      continue;
    }
    priced.push_back(std::move(*line));
  }
  if (!problems.empty()) return Fail(Error::Invalid("the invoice cannot be issued as given", problems));
  return priced;
}

Invoice InsertNewInvoice(Stores& stores, Invoice invoice) {
  if (invoice.id.empty()) invoice.id = NewInvoiceId();
  invoice.seq = stores.billing.NextNumber("invoice");
  invoice.number = InvoiceNumber(invoice.seq);
  stores.billing.InsertInvoice(invoice);
  return invoice;
}

std::string NewInvoiceId() {
  return "inv_" + RandomHex(8);
}

Result<std::vector<Line>> PriceLines(const std::vector<LineInput>& inputs) {
  std::vector<FieldError> problems;
  std::vector<Line> lines;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto line = PriceLine(inputs[i], std::to_string(i + 1), fmt::format("lines/{}", i));
    if (!line) {
      for (const auto& problem : line.error().fields) problems.push_back(problem);
      continue;
    }
    lines.push_back(std::move(*line));
  }
  if (!problems.empty()) return Fail(Error::Invalid("the lines cannot be priced as given", problems));
  return lines;
}

Result<InvoiceView> BillingService::IssueInvoice(const Principal& actor, const InvoiceRequest& request,
                                                 const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  if (request.kind != "manual" && request.kind != "top_up") {
    return Fail(
        Error::Invalid("the invoice cannot be issued as given", {{"kind", "must be manual or top_up"}}));
  }
  const int due_days = request.due_in_days.value_or(kDefaultDueDays);
  if (due_days < 0 || due_days > 365) {
    return Fail(Error::Invalid("the invoice cannot be issued as given",
                               {{"due_in_days", "must be a whole number from 0 to 365"}}));
  }
  bool known_client = false;
  journal_.Read(
      [&](const engine::Engine& engine) { known_client = engine.clients().contains(request.client); });
  if (!known_client) return Fail(Error::NotFound("no client " + request.client + " in the program"));
  const Timestamp now = ActionTime();
  std::optional<InvoiceView> issued;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto lines = PriceRequestedLines(stores, request.lines, now);
    if (!lines) return Fail(lines.error());
    if (request.kind == "top_up" && std::any_of(lines->begin(), lines->end(), [](const Line& line) {
          return line.category != program::Category::kTalkTime;
        })) {
      return Fail(Error::Invalid("the invoice cannot be issued as given",
                                 {{"lines", "a top-up invoice has talk_time lines only"}}));
    }
    Invoice draft;
    draft.client = request.client;
    draft.kind = request.kind;
    draft.lines = std::move(*lines);
    draft.issued_at = now;
    draft.due_at = EndOfEatDay(EatDate(now + std::chrono::days(due_days)));
    draft.created_by = actor.AuditName();
    Invoice invoice = InsertNewInvoice(stores, std::move(draft));
    stores.accounts.AppendAudit(AuditOf(actor, "invoice_issued", "invoice:" + invoice.id, now, ip,
                                        {{"number", invoice.number},
                                         {"client_id", invoice.client},
                                         {"total", TotalsOf(invoice.lines).gross.ToString()}}));
    std::optional<std::string> agent;
    journal_.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(invoice.client); });
    if (auto told = NotifyAgent(stores, agent, invoice.client, "invoice_issued", invoice.id,
                                InvoiceNotice(invoice), now, public_url_);
        !told) {
      return told;
    }
    issued = ViewOf(stores, std::move(invoice), now);
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*issued);
}

Result<InvoiceView> BillingService::FindInvoice(const Principal& actor, const std::string& id) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  const Timestamp now = ActionTime();
  std::optional<InvoiceView> view;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto invoice = stores.billing.FindInvoice(id);
    if (!invoice) return Fail(NoInvoice(id));
    view = ViewOf(stores, std::move(*invoice), now);
    if (const auto client = stores.clients.FindClient(view->invoice.client)) {
      view->client_name = client->name;
      view->client_kra_pin = client->kra_pin;
    }
    return {};
  });
  if (!read) return Fail(read.error());
  // Someone else's invoice answers as if it did not exist.
  if (auto allowed = MayRead(actor, view->invoice.client); !allowed) return Fail(NoInvoice(id));
  return std::move(*view);
}

Result<std::vector<InvoiceView>> BillingService::Invoices(const Principal& actor, const InvoiceQuery& query) {
  if (!query.client) {
    if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  } else if (auto allowed = MayRead(actor, *query.client); !allowed) {
    return Fail(allowed.error());
  }
  InvoiceQuery bounded = query;
  bounded.now = ActionTime();
  bounded.limit = std::clamp(query.limit, 1, 500);
  std::vector<InvoiceView> views;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (auto& invoice : stores.billing.ListInvoices(bounded)) {
      views.push_back(ViewOf(stores, std::move(invoice), bounded.now));
    }
    return {};
  });
  if (!read) return Fail(read.error());
  return views;
}

engine::InvoicePaid PaidEvent(const Invoice& invoice, Timestamp paid_at) {
  engine::InvoicePaid event;
  event.at = paid_at;
  event.id = invoice.id;
  event.client = invoice.client;
  for (const auto& line : invoice.lines) {
    engine::InvoiceLine paid;
    paid.id = line.id;
    paid.category = line.category;
    paid.amount = line.net;
    paid.subscription = line.subscription;
    paid.performed_by = line.performed_by;
    event.lines.push_back(std::move(paid));
  }
  return event;
}

Result<RecordedPayment> BillingService::RecordNotifiedPayment(const Principal& integration,
                                                              const std::string& invoice_number,
                                                              const PaymentRequest& request,
                                                              const std::string& ip) {
  if (auto allowed = accounts::RequireScope(integration, accounts::scopes::kBillingWrite); !allowed) {
    return Fail(allowed.error());
  }
  auto invoice =
      journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindInvoiceByNumber(invoice_number); });
  if (!invoice) return Fail(invoice.error());
  if (!*invoice) return Fail(Error::NotFound("no invoice numbered " + invoice_number));
  return RecordPayment(integration, (*invoice)->id, request, ip);
}

Result<RecordedPayment> BillingService::RecordPayment(const Principal& actor, const std::string& invoice_id,
                                                      const PaymentRequest& request, const std::string& ip) {
  // Staff, or the payment webhook's key.
  if (!accounts::RequireScope(actor, accounts::scopes::kBillingWrite)) {
    if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  }
  const auto method = ParseMethod(request.method);
  if (!method) {
    return Fail(
        Error::Invalid("the payment cannot be recorded as given", {{"method", "must be mpesa or bank"}}));
  }
  const Timestamp now = ActionTime();
  if (request.paid_at && *request.paid_at > now) {
    return Fail(Error::Invalid("the payment cannot be recorded as given",
                               {{"paid_at", "is in the future: record money once it has arrived"}}));
  }
  Payment payment;
  payment.id = "pay_" + RandomHex(8);
  payment.invoice = invoice_id;
  payment.method = *method;
  payment.reference = std::string(Trim(request.reference));
  payment.amount = request.amount;
  payment.paid_at = request.paid_at.value_or(now);
  payment.recorded_by = actor.AuditName();

  // Read first: a replay is answered without touching the engine.
  auto before = journal_.ReadFrom([&](Stores& stores) {
    return std::pair{stores.billing.FindInvoice(invoice_id),
                     stores.billing.FindPayment(*method, payment.reference)};
  });
  if (!before) return Fail(before.error());
  auto& invoice = before->first;
  const auto& earlier = before->second;
  if (!invoice) return Fail(NoInvoice(invoice_id));
  if (earlier) {
    if (earlier->invoice != invoice_id) {
      return Fail(Error::Conflict("payment reference " + earlier->reference +
                                  " is already recorded on another invoice"));
    }
    return RecordedPayment{*earlier, *invoice, true};
  }
  if (auto valid = CheckPayment(*invoice, payment); !valid) return Fail(valid.error());

  engine::InvoicePaid paid = PaidEvent(*invoice, now);
  if (payment.paid_at < now) paid.occurred_at = FormatRfc3339(payment.paid_at);
  auto applied = journal_.Apply({paid}, [&](Stores& stores) -> Result<void> {
    // Checked again inside the append transaction: two staff recording one
    // invoice at once cannot both succeed.
    const auto current = stores.billing.FindInvoice(invoice_id);
    if (!current || current->paid_at || current->cancelled_at) {
      return Fail(Error::Conflict("invoice " + invoice->number + " was paid or cancelled meanwhile"));
    }
    if (stores.billing.FindPayment(*method, payment.reference)) {
      return Fail(Error::Conflict("payment reference " + payment.reference + " was recorded meanwhile"));
    }
    stores.billing.InsertPayment(payment);
    stores.billing.MarkPaid(invoice_id, payment.paid_at);
    StartPaidServices(stores, *current, payment.paid_at);
    stores.accounts.AppendAudit(AuditOf(actor, "payment_recorded", "invoice:" + invoice_id, now, ip,
                                        {{"number", invoice->number},
                                         {"method", MethodName(payment.method)},
                                         {"reference", payment.reference},
                                         {"amount", payment.amount.ToString()}}));
    return {};
  });
  if (!applied) {
    // The same payment recorded by a concurrent request: answer it as a replay.
    auto raced = journal_.ReadFrom(
        [&](Stores& stores) { return stores.billing.FindPayment(*method, payment.reference); });
    if (raced && *raced && (**raced).invoice == invoice_id) {
      auto current = FindInvoice(actor, invoice_id);
      if (current) return RecordedPayment{**raced, current->invoice, true};
    }
    return Fail(applied.error());
  }
  invoice->paid_at = payment.paid_at;
  return RecordedPayment{payment, *invoice, false};
}

Result<InvoiceView> BillingService::CreditInvoice(const Principal& actor, const std::string& invoice_id,
                                                  const CreditRequest& request, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string reason = RequiredText(problems, "reason", request.reason, kMaxReasonLength);
  if (!problems.empty()) return Fail(Error::Invalid("the credit note cannot be issued as given", problems));
  const Timestamp now = ActionTime();
  auto invoice = journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindInvoice(invoice_id); });
  if (!invoice) return Fail(invoice.error());
  if (!*invoice) return Fail(NoInvoice(invoice_id));
  auto planned = PlanCredit(**invoice, request.lines);
  if (!planned) return Fail(planned.error());

  CreditNote note;
  note.id = "cn_" + RandomHex(8);
  note.invoice = invoice_id;
  note.reason = reason;
  note.issued_at = now;
  note.lines = *planned;
  note.created_by = actor.AuditName();
  std::vector<engine::Command> refunds;
  for (const auto& line : note.lines) {
    refunds.emplace_back(
        engine::Refund{now, note.id + "/" + line.line, invoice_id, line.line, line.net, false, std::nullopt});
  }
  auto applied = journal_.Apply(refunds, [&](Stores& stores) -> Result<void> {
    // Planned again on the invoice as it is inside the transaction, so two
    // credit notes at once cannot credit more than the line holds.
    const auto current = stores.billing.FindInvoice(invoice_id);
    if (!current) return Fail(NoInvoice(invoice_id));
    auto again = PlanCredit(*current, request.lines);
    if (!again) return Fail(again.error());
    note.number = CreditNoteNumber(stores.billing.NextNumber("credit_note"));
    stores.billing.InsertCreditNote(note);
    stores.accounts.AppendAudit(AuditOf(actor, "credit_note_issued", "invoice:" + invoice_id, now, ip,
                                        {{"number", note.number},
                                         {"invoice", current->number},
                                         {"total", note.Gross().ToString()},
                                         {"reason", note.reason}}));
    return {};
  });
  if (!applied) return Fail(applied.error());
  return FindInvoice(actor, invoice_id);
}

Result<InvoiceView> BillingService::CancelInvoice(const Principal& actor, const std::string& invoice_id,
                                                  const std::string& reason, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string trimmed = RequiredText(problems, "reason", reason, kMaxReasonLength);
  if (!problems.empty()) return Fail(Error::Invalid("the invoice cannot be cancelled as given", problems));
  const Timestamp now = ActionTime();
  // In the engine's append transaction, so a payment being recorded cannot
  // slip between the check and the cancellation.
  auto applied = journal_.Apply({}, [&](Stores& stores) -> Result<void> {
    const auto invoice = stores.billing.FindInvoice(invoice_id);
    if (!invoice) return Fail(NoInvoice(invoice_id));
    if (invoice->cancelled_at)
      return Fail(Error::Conflict("invoice " + invoice->number + " is already cancelled"));
    if (invoice->paid_at) {
      return Fail(Error::Conflict("invoice " + invoice->number + " is paid: issue a credit note instead"));
    }
    stores.billing.MarkCancelled(invoice_id, now);
    stores.accounts.AppendAudit(AuditOf(actor, "invoice_cancelled", "invoice:" + invoice_id, now, ip,
                                        {{"number", invoice->number}, {"reason", trimmed}}));
    return {};
  });
  if (!applied) return Fail(applied.error());
  return FindInvoice(actor, invoice_id);
}

}  // namespace wakala::billing
