// The built-in billing core's routes: the catalogue (staff keep it, everyone
// signed in reads it), invoices with their payments and credit notes.
#include <fmt/format.h>

#include <limits>

#include "billing/billing_service.hpp"
#include "billing/order_service.hpp"
#include "billing/ticket_service.hpp"
#include "documents/documents.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

json::object PriceJson(const billing::PriceVersion& price) {
  return json::object{{"effective_from", FormatRfc3339(price.effective_from)},
                      {"price", price.price.ToString()},
                      {"setup_fee", price.setup_fee.ToString()}};
}

json::object ProductJson(const billing::Product& product, Timestamp now) {
  json::array prices;
  for (const auto& price : product.prices) prices.push_back(PriceJson(price));
  const auto* current = billing::PriceAt(product, now);
  return json::object{
      {"id", product.id},
      {"name", product.name},
      {"description", product.description},
      {"category", program::CategoryName(product.category)},
      {"cycle", billing::CycleName(product.cycle)},
      {"vat_bp", product.vat.value},
      {"active", product.active},
      {"price", current ? json::value(current->price.ToString()) : json::value(nullptr)},
      {"setup_fee", current ? json::value(current->setup_fee.ToString()) : json::value(nullptr)},
      {"prices", std::move(prices)},
      {"created_at", FormatRfc3339(product.created_at)}};
}

json::object PaymentJson(const billing::Payment& payment) {
  return json::object{{"id", payment.id},
                      {"method", billing::MethodName(payment.method)},
                      {"reference", payment.reference},
                      {"amount", payment.amount.ToString()},
                      {"paid_at", FormatRfc3339(payment.paid_at)},
                      {"recorded_by", payment.recorded_by}};
}

json::object CreditNoteJson(const billing::CreditNote& note) {
  json::array lines;
  for (const auto& line : note.lines) {
    lines.push_back(
        json::object{{"line", line.line}, {"net", line.net.ToString()}, {"vat", line.vat.ToString()}});
  }
  return json::object{{"id", note.id},
                      {"number", note.number},
                      {"reason", note.reason},
                      {"issued_at", FormatRfc3339(note.issued_at)},
                      {"total", note.Gross().ToString()},
                      {"lines", std::move(lines)},
                      {"created_by", note.created_by}};
}

json::object InvoiceJson(const billing::InvoiceView& view) {
  const auto& invoice = view.invoice;
  json::array lines;
  for (const auto& line : invoice.lines) lines.push_back(LineJson(line));
  json::array payments;
  for (const auto& payment : view.payments) payments.push_back(PaymentJson(payment));
  json::array notes;
  Money credited;
  for (const auto& note : view.credit_notes) {
    notes.push_back(CreditNoteJson(note));
    credited += note.Gross();
  }
  const auto totals = billing::TotalsOf(invoice.lines);
  const auto time = [](const std::optional<Timestamp>& at) {
    return at ? json::value(FormatRfc3339(*at)) : json::value(nullptr);
  };
  return json::object{{"id", invoice.id},
                      {"number", invoice.number},
                      {"client_id", invoice.client},
                      {"kind", invoice.kind},
                      {"status", billing::StatusName(view.status)},
                      {"issued_at", FormatRfc3339(invoice.issued_at)},
                      {"due_at", FormatRfc3339(invoice.due_at)},
                      {"paid_at", time(invoice.paid_at)},
                      {"cancelled_at", time(invoice.cancelled_at)},
                      {"net", totals.net.ToString()},
                      {"vat", totals.vat.ToString()},
                      {"total", totals.gross.ToString()},
                      {"credited", credited.ToString()},
                      {"lines", std::move(lines)},
                      {"payments", std::move(payments)},
                      {"credit_notes", std::move(notes)},
                      {"order_id", OptionalText(invoice.order)}};
}

json::object InvoicesJson(const std::vector<billing::InvoiceView>& views, int limit) {
  json::array items;
  for (const auto& view : views) items.push_back(InvoiceJson(view));
  const bool more = static_cast<int>(views.size()) == limit && !views.empty();
  return json::object{
      {"items", std::move(items)},
      {"next_cursor", more ? json::value(std::to_string(views.back().invoice.seq)) : json::value(nullptr)}};
}

// ---- catalogue ----

Response ListProducts(ApiContext& context, Request& /*request*/, const Principal& principal) {
  const Timestamp now = context.program_clock->Now();
  return Respond(context.billing->Products(principal), [&](const std::vector<billing::Product>& products) {
    json::array items;
    for (const auto& product : products) items.push_back(ProductJson(product, now));
    return json::object{{"items", std::move(items)}};
  });
}

Response GetProduct(ApiContext& context, Request& request, const Principal& principal) {
  const Timestamp now = context.program_clock->Now();
  return Respond(context.billing->FindProduct(principal, request.path_params["product_id"]),
                 [&](const billing::Product& product) { return ProductJson(product, now); });
}

Response CreateProduct(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::ProductForm form;
  if (auto refused = ReadFields(request, "the product cannot be created as given", [&](FieldReader& fields) {
        form.name = fields.RequiredString("name", 200);
        form.description = fields.OptionalString("description", 2000, Lines::kMany).value_or("");
        form.category = fields.RequiredString("category", 40);
        form.cycle = fields.RequiredString("cycle", 20);
        form.price = fields.OptionalAmountOrZero("price");
        if (!form.price && !fields.Has("price")) fields.AddProblem("price", "is required");
        form.setup_fee = fields.OptionalAmountOrZero("setup_fee").value_or(Money{});
        form.vat_bp = fields.OptionalInteger("vat_bp", 0, 10000);
      })) {
    return std::move(*refused);
  }
  const Timestamp now = context.program_clock->Now();
  return Respond(
      context.billing->CreateProduct(principal, form, request.remote_ip),
      [&](const billing::Product& product) { return ProductJson(product, now); }, 201);
}

Response UpdateProduct(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::ProductPatch patch;
  if (auto refused = ReadFields(request, "the product cannot be changed as given", [&](FieldReader& fields) {
        patch.name = fields.OptionalString("name", 200);
        patch.description = fields.OptionalString("description", 2000, Lines::kMany);
        patch.active = fields.OptionalBool("active");
      })) {
    return std::move(*refused);
  }
  const Timestamp now = context.program_clock->Now();
  return Respond(
      context.billing->UpdateProduct(principal, request.path_params["product_id"], patch, request.remote_ip),
      [&](const billing::Product& product) { return ProductJson(product, now); });
}

Response ChangePrice(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::PriceChange change;
  if (auto refused = ReadFields(request, "the price cannot be changed as given", [&](FieldReader& fields) {
        const auto price = fields.OptionalAmountOrZero("price");
        if (!fields.Has("price")) fields.AddProblem("price", "is required");
        change.price = price.value_or(Money{});
        change.setup_fee = fields.OptionalAmountOrZero("setup_fee").value_or(Money{});
        change.effective_from = fields.OptionalTime("effective_from");
      })) {
    return std::move(*refused);
  }
  const Timestamp now = context.program_clock->Now();
  return Respond(
      context.billing->ChangePrice(principal, request.path_params["product_id"], change, request.remote_ip),
      [&](const billing::Product& product) { return ProductJson(product, now); }, 201);
}

// ---- invoices ----

billing::LineRequest ReadLine(FieldReader& fields) {
  billing::LineRequest line;
  static_cast<billing::QuoteLineRequest&>(line) = ReadLineRequest(fields);
  line.subscription = fields.OptionalString("subscription", 100);
  line.performed_by = fields.OptionalString("performed_by", 100);
  return line;
}

Response IssueInvoice(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::InvoiceRequest invoice;
  if (auto refused = ReadFields(request, "the invoice cannot be issued as given", [&](FieldReader& fields) {
        invoice.client = fields.RequiredString("client_id", 100);
        invoice.kind = fields.OptionalString("kind", 20).value_or("manual");
        if (const auto days = fields.OptionalInteger("due_in_days", 0, 365))
          invoice.due_in_days = static_cast<int>(*days);
        fields.RequiredObjects(
            "lines", 100, [&](std::size_t, FieldReader& line) { invoice.lines.push_back(ReadLine(line)); });
      })) {
    return std::move(*refused);
  }
  return Respond(context.billing->IssueInvoice(principal, invoice, request.remote_ip), InvoiceJson, 201);
}

// ?format=pdf: the invoice as the client keeps it.
Response GetInvoice(ApiContext& context, Request& request, const Principal& principal) {
  auto found = context.billing->FindInvoice(principal, request.path_params["invoice_id"]);
  if (!found || !WantsPdf(request)) return Respond(found, InvoiceJson);
  const documents::Party client{found->invoice.client, found->client_name, found->client_kra_pin};
  return PdfDownload(documents::InvoiceDocument(*found, client, *context.issuer),
                     found->invoice.number + ".pdf");
}

// ?status=unpaid|overdue|paid|cancelled, ?limit=1..500 (100), ?cursor=<next_cursor>.
Result<billing::InvoiceQuery> ReadInvoiceQuery(const Request& request) {
  billing::InvoiceQuery query;
  std::vector<FieldError> problems;
  if (const auto status = request.Query("status")) {
    if (*status != "unpaid" && *status != "overdue" && *status != "paid" && *status != "cancelled") {
      problems.push_back({"status", "must be unpaid, overdue, paid or cancelled"});
    }
    query.status = *status;
  }
  query.limit = static_cast<int>(QueryNumber(request, "limit", 1, 500, problems).value_or(100));
  query.before_seq = QueryNumber(request, "cursor", 1, std::numeric_limits<std::int64_t>::max(), problems);
  if (!problems.empty()) return Fail(Error::Invalid("bad query parameters", problems));
  return query;
}

Response ListInvoices(ApiContext& context, Request& request, const Principal& principal) {
  auto query = ReadInvoiceQuery(request);
  if (!query) return http::ErrorResponse(query.error());
  query->client = request.Query("client_id");
  return Respond(context.billing->Invoices(principal, *query),
                 [&](const auto& views) { return InvoicesJson(views, query->limit); });
}

Response ClientInvoices(ApiContext& context, Request& request, const Principal& principal) {
  auto query = ReadInvoiceQuery(request);
  if (!query) return http::ErrorResponse(query.error());
  query->client = request.path_params["client_id"];
  return Respond(context.billing->Invoices(principal, *query),
                 [&](const auto& views) { return InvoicesJson(views, query->limit); });
}

Response RecordPayment(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::PaymentRequest payment;
  if (auto refused = ReadFields(request, "the payment cannot be recorded as given", [&](FieldReader& fields) {
        payment.method = fields.RequiredString("method", 10);
        payment.reference = fields.RequiredString("reference", 40);
        payment.amount = fields.RequiredAmount("amount").value_or(Money{});
        payment.paid_at = fields.OptionalTime("paid_at");
      })) {
    return std::move(*refused);
  }
  auto recorded = context.billing->RecordPayment(principal, request.path_params["invoice_id"], payment,
                                                 request.remote_ip);
  if (!recorded) return http::ErrorResponse(recorded.error());
  auto invoice = context.billing->FindInvoice(principal, recorded->invoice.id);
  if (!invoice) return http::ErrorResponse(invoice.error());
  return JsonResponse(recorded->replayed ? 200 : 201,
                      json::object{{"payment", PaymentJson(recorded->payment)},
                                   {"invoice", InvoiceJson(*invoice)},
                                   {"replayed", recorded->replayed}});
}

Response CreditInvoice(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  billing::CreditRequest credit;
  if (auto refused =
          ReadFields(request, "the credit note cannot be issued as given", [&](FieldReader& fields) {
            credit.reason = fields.RequiredString("reason", 500, Lines::kMany);
            fields.RequiredObjects("lines", 100, [&](std::size_t, FieldReader& line) {
              const std::string id = line.RequiredString("line", 20);
              const auto amount = line.RequiredAmount("amount");
              credit.lines.emplace_back(id, amount.value_or(Money{}));
            });
          })) {
    return std::move(*refused);
  }
  return Respond(
      context.billing->CreditInvoice(principal, request.path_params["invoice_id"], credit, request.remote_ip),
      InvoiceJson, 201);
}

Response CancelInvoice(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  std::string reason;
  if (auto refused = ReadFields(
          request, "the invoice cannot be cancelled as given",
          [&](FieldReader& fields) { reason = fields.RequiredString("reason", 500, Lines::kMany); })) {
    return std::move(*refused);
  }
  return Respond(
      context.billing->CancelInvoice(principal, request.path_params["invoice_id"], reason, request.remote_ip),
      InvoiceJson);
}

// ---- orders and services ----

json::object ServiceJson(const billing::Service& service) {
  return json::object{
      {"id", service.id},
      {"client_id", service.client},
      {"order_id", service.order},
      {"product_id", service.product},
      {"description", service.description},
      {"category", program::CategoryName(service.category)},
      {"cycle", billing::CycleName(service.cycle)},
      {"quantity", service.quantity},
      {"state", billing::ServiceStateName(service.state)},
      {"created_at", FormatRfc3339(service.created_at)},
      {"activated_at", service.activated_at ? json::value(FormatRfc3339(*service.activated_at)) : nullptr},
      {"next_due", service.next_due ? json::value(FormatDate(*service.next_due)) : nullptr},
      {"suspended_at", service.suspended_at ? json::value(FormatRfc3339(*service.suspended_at)) : nullptr},
      {"cancelled_at", service.cancelled_at ? json::value(FormatRfc3339(*service.cancelled_at)) : nullptr}};
}

Response PlaceOrder(ApiContext& context, Request& request, const Principal& principal) {
  std::vector<billing::OrderLine> lines;
  if (auto refused = ReadFields(request, "the order cannot be placed as given", [&](FieldReader& fields) {
        fields.RequiredObjects("lines", 50, [&](std::size_t, FieldReader& line) {
          billing::OrderLine ordered;
          ordered.product = line.RequiredString("product_id", 100);
          ordered.quantity = line.OptionalInteger("quantity", 1, billing::kMaxQuantity).value_or(1);
          lines.push_back(std::move(ordered));
        });
      })) {
    return std::move(*refused);
  }
  auto placed =
      context.orders->PlaceOrder(principal, request.path_params["client_id"], lines, request.remote_ip);
  if (!placed) return http::ErrorResponse(placed.error());
  json::array services;
  for (const auto& service : placed->services) services.push_back(ServiceJson(service));
  return JsonResponse(201, json::object{{"id", placed->order.id},
                                        {"client_id", placed->order.client},
                                        {"placed_at", FormatRfc3339(placed->order.placed_at)},
                                        {"services", std::move(services)},
                                        {"invoice", InvoiceJson(placed->invoice)}});
}

Response ListServices(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.orders->Services(principal, request.path_params["client_id"]),
                 [](const std::vector<billing::Service>& services) {
                   json::array items;
                   for (const auto& service : services) items.push_back(ServiceJson(service));
                   return json::object{{"items", std::move(items)}};
                 });
}

Response ChangeServiceState(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = accounts::RequireStaff(principal); !allowed) return http::ErrorResponse(allowed.error());
  std::string state;
  std::string reason;
  if (auto refused = ReadFields(request, "the service cannot be changed as given", [&](FieldReader& fields) {
        state = fields.RequiredString("state", 20);
        reason = fields.RequiredString("reason", 500, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  return Respond(context.orders->ChangeState(principal, request.path_params["service_id"], state, reason,
                                             request.remote_ip),
                 ServiceJson);
}

json::object OrderJson(const billing::OrderSummary& summary) {
  const auto& order = summary.order;
  return json::object{{"id", order.id},
                      {"client_id", order.client},
                      {"placed_by", order.placed_by},
                      {"on_behalf_of", OptionalText(order.on_behalf_of)},
                      {"placed_at", FormatRfc3339(order.placed_at)},
                      {"quote_id", OptionalText(order.quote)},
                      {"invoice_id", order.invoice},
                      {"invoice_number", summary.invoice_number},
                      {"total", summary.invoice_total.ToString()},
                      {"invoice_paid", summary.paid},
                      {"invoice_cancelled", summary.cancelled}};
}

// ?limit=1..500 (100), ?cursor=<next_cursor>.
Result<billing::OrderQuery> ReadOrderQuery(const Request& request) {
  billing::OrderQuery query;
  std::vector<FieldError> problems;
  query.limit = static_cast<int>(QueryNumber(request, "limit", 1, 500, problems).value_or(100));
  query.before_seq = QueryNumber(request, "cursor", 1, std::numeric_limits<std::int64_t>::max(), problems);
  if (!problems.empty()) return Fail(Error::Invalid("bad query parameters", problems));
  return query;
}

Response OrdersJson(const Result<std::vector<billing::OrderSummary>>& orders, int limit) {
  return Respond(orders, [&](const std::vector<billing::OrderSummary>& page) {
    json::array items;
    for (const auto& summary : page) items.push_back(OrderJson(summary));
    const bool more = static_cast<int>(page.size()) == limit && !page.empty();
    return json::object{
        {"items", std::move(items)},
        {"next_cursor", more ? json::value(std::to_string(page.back().order.seq)) : json::value(nullptr)}};
  });
}

Response ListOrders(ApiContext& context, Request& request, const Principal& principal) {
  auto query = ReadOrderQuery(request);
  if (!query) return http::ErrorResponse(query.error());
  query->client = request.Query("client_id");
  return OrdersJson(context.orders->Orders(principal, *query), query->limit);
}

Response ClientOrders(ApiContext& context, Request& request, const Principal& principal) {
  auto query = ReadOrderQuery(request);
  if (!query) return http::ErrorResponse(query.error());
  query->client = request.path_params["client_id"];
  return OrdersJson(context.orders->Orders(principal, *query), query->limit);
}

// ---- tickets ----

json::array AttachmentsJson(const std::vector<billing::TicketAttachment>& files) {
  json::array shaped;
  for (const auto& file : files) {
    shaped.push_back(json::object{{"id", file.id},
                                  {"name", file.original_name},
                                  {"content_type", file.content_type},
                                  {"size_bytes", file.size_bytes},
                                  {"sha256", file.sha256},
                                  {"url", "/api/v1/ticket-attachments/" + file.id}});
  }
  return shaped;
}

json::object TicketJson(const billing::Ticket& ticket) {
  json::array messages;
  for (const auto& message : ticket.messages) {
    messages.push_back(
        json::object{{"id", message.id},
                     {"author", message.author},
                     {"author_role", message.author_role},
                     {"author_name", message.author_name},
                     {"on_behalf_of", message.on_behalf_of.empty() ? json::value(nullptr)
                                                                   : json::value(message.on_behalf_of)},
                     {"body", message.body},
                     {"at", FormatRfc3339(message.at)},
                     {"attachments", AttachmentsJson(message.attachments)}});
  }
  return json::object{
      {"id", ticket.id},
      {"number", ticket.number},
      {"client_id", ticket.client},
      {"subject", ticket.subject},
      {"department", ticket.department},
      {"status", billing::TicketStatusName(ticket.status)},
      {"opened_by", ticket.opened_by},
      {"on_behalf_of", ticket.on_behalf_of.empty() ? json::value(nullptr) : json::value(ticket.on_behalf_of)},
      {"created_at", FormatRfc3339(ticket.created_at)},
      {"updated_at", FormatRfc3339(ticket.updated_at)},
      {"messages", std::move(messages)}};
}

json::object TicketsJson(const std::vector<billing::Ticket>& tickets) {
  json::array items;
  for (const auto& ticket : tickets) items.push_back(TicketJson(ticket));
  return json::object{{"items", std::move(items)}};
}

Response OpenTicket(ApiContext& context, Request& request, const Principal& principal) {
  billing::NewTicket ticket;
  if (auto refused = ReadFields(request, "the ticket cannot be opened as given", [&](FieldReader& fields) {
        ticket.subject = fields.RequiredString("subject", billing::kMaxSubjectLength);
        ticket.department = fields.OptionalString("department", 20).value_or("support");
        ticket.body = fields.RequiredString("body", billing::kMaxMessageLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  return Respond(
      context.tickets->Open(principal, request.path_params["client_id"], ticket, request.remote_ip),
      TicketJson, 201);
}

Response ClientTickets(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.tickets->OfClient(principal, request.path_params["client_id"]), TicketsJson);
}

Response TicketQueue(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.tickets->Queue(principal, request.Query("status").value_or("")), TicketsJson);
}

Response GetTicket(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.tickets->Find(principal, request.path_params["ticket_id"]), TicketJson);
}

Response ReplyToTicket(ApiContext& context, Request& request, const Principal& principal) {
  std::string body;
  if (auto refused = ReadFields(request, "the reply cannot be sent as given", [&](FieldReader& fields) {
        body = fields.RequiredString("body", billing::kMaxMessageLength, Lines::kMany);
      })) {
    return std::move(*refused);
  }
  return Respond(context.tickets->Reply(principal, request.path_params["ticket_id"], body, request.remote_ip),
                 TicketJson, 201);
}

// The raw file as the body, its name in X-File-Name.
Response AttachToTicket(ApiContext& context, Request& request, const Principal& principal) {
  Response refusal;
  const auto media_type = UploadMediaType(request, refusal);
  if (!media_type) return refusal;
  return Respond(
      context.tickets->Attach(principal, request.path_params["ticket_id"], request.body, *media_type,
                              request.Header("X-File-Name").value_or(""), request.remote_ip),
      TicketJson, 201);
}

Response DownloadTicketAttachment(ApiContext& context, Request& request, const Principal& principal) {
  auto content = context.tickets->Attachment(principal, request.path_params["attachment_id"]);
  if (!content) return http::ErrorResponse(content.error());
  const std::string& name =
      content->file.original_name.empty() ? content->file.id : content->file.original_name;
  return FileDownload(content->file.content_type, name, std::move(content->bytes));
}

Response CloseTicket(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.tickets->Close(principal, request.path_params["ticket_id"], request.remote_ip),
                 TicketJson);
}

}  // namespace

void RegisterBilling(http::Router& router, ApiContext& context) {
  AddAuthenticated(router, context, "GET", "/api/v1/products", ListProducts);
  AddAuthenticated(router, context, "POST", "/api/v1/products", CreateProduct);
  AddAuthenticated(router, context, "GET", "/api/v1/products/{product_id}", GetProduct);
  AddAuthenticated(router, context, "PATCH", "/api/v1/products/{product_id}", UpdateProduct);
  AddAuthenticated(router, context, "POST", "/api/v1/products/{product_id}/prices", ChangePrice);

  AddAuthenticated(router, context, "GET", "/api/v1/invoices", ListInvoices);
  AddAuthenticated(router, context, "POST", "/api/v1/invoices", IssueInvoice);
  AddAuthenticated(router, context, "GET", "/api/v1/invoices/{invoice_id}", GetInvoice);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/invoices", ClientInvoices);
  AddAuthenticated(router, context, "POST", "/api/v1/invoices/{invoice_id}/payments", RecordPayment);
  AddAuthenticated(router, context, "POST", "/api/v1/invoices/{invoice_id}/credit-notes", CreditInvoice);
  AddAuthenticated(router, context, "POST", "/api/v1/invoices/{invoice_id}/cancel", CancelInvoice);

  AddAuthenticated(router, context, "POST", "/api/v1/clients/{client_id}/orders", PlaceOrder);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/orders", ClientOrders);
  AddAuthenticated(router, context, "GET", "/api/v1/orders", ListOrders);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/services", ListServices);
  AddAuthenticated(router, context, "POST", "/api/v1/services/{service_id}/state", ChangeServiceState);

  AddAuthenticated(router, context, "POST", "/api/v1/clients/{client_id}/tickets", OpenTicket);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/tickets", ClientTickets);
  AddAuthenticated(router, context, "GET", "/api/v1/tickets", TicketQueue);
  AddAuthenticated(router, context, "GET", "/api/v1/tickets/{ticket_id}", GetTicket);
  AddAuthenticated(router, context, "POST", "/api/v1/tickets/{ticket_id}/replies", ReplyToTicket);
  AddAuthenticated(router, context, "POST", "/api/v1/tickets/{ticket_id}/close", CloseTicket);
  AddAuthenticated(router, context, "POST", "/api/v1/tickets/{ticket_id}/attachments", AttachToTicket);
  AddAuthenticated(router, context, "GET", "/api/v1/ticket-attachments/{attachment_id}",
                   DownloadTicketAttachment);
}

}  // namespace wakala::http::handlers
