// Quotes: an agent's people draft, send and follow them; the client (or
// its agent signed in as it, if granted) accepts or declines; a prospect does
// so through the secret its email link carries (POSTed, never in a path, so
// that no log keeps it).
#include "billing/quote_service.hpp"
#include "core/calendar.hpp"
#include "documents/documents.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace wakala::http::handlers {

namespace {

json::value TimeOrNull(const std::optional<Timestamp>& at) {
  return at ? json::value(FormatRfc3339(*at)) : json::value(nullptr);
}

json::object QuoteJson(const billing::QuoteView& view) {
  const auto& quote = view.quote;
  json::array lines;
  for (const auto& [line, kind] : quote.lines) {
    json::object shaped = LineJson(line);
    shaped.erase("credited");
    shaped.erase("subscription");
    shaped["kind"] = billing::QuoteLineKindName(kind);
    lines.push_back(std::move(shaped));
  }
  // A prospect's quote keeps its prospect once it became a client.
  const json::value prospect = quote.prospect.email.empty()
                                   ? json::value(nullptr)
                                   : json::value(json::object{{"name", quote.prospect.name},
                                                              {"company", quote.prospect.company},
                                                              {"email", quote.prospect.email}});
  return json::object{{"id", quote.id},
                      {"number", quote.number},
                      {"agent_id", quote.agent},
                      {"agent_name", OptionalText(view.agent_name)},
                      {"client_id", OptionalText(quote.client)},
                      {"prospect", prospect},
                      {"note", quote.note},
                      {"status", billing::QuoteStatusName(view.status)},
                      {"valid_until", FormatDate(quote.valid_until)},
                      {"created_by", quote.created_by},
                      {"created_at", FormatRfc3339(quote.created_at)},
                      {"sent_at", TimeOrNull(quote.sent_at)},
                      {"decided_at", TimeOrNull(quote.decided_at)},
                      {"decided_by", OptionalText(quote.decided_by)},
                      {"decline_reason", OptionalText(quote.decline_reason)},
                      {"order_id", OptionalText(quote.order)},
                      {"net", view.totals.net.ToString()},
                      {"vat", view.totals.vat.ToString()},
                      {"total", view.totals.gross.ToString()},
                      {"lines", std::move(lines)}};
}

// What the prospect's page shows: the offer, not who drafted it.
json::object PublicQuoteJson(const billing::QuoteView& view) {
  json::object shaped = QuoteJson(view);
  for (const char* internal : {"id", "agent_id", "client_id", "created_by", "decided_by", "order_id"}) {
    shaped.erase(internal);
  }
  return shaped;
}

json::object QuotesJson(const std::vector<billing::QuoteView>& views) {
  json::array items;
  for (const auto& view : views) items.push_back(QuoteJson(view));
  return json::object{{"items", std::move(items)}};
}

json::object AcceptedJson(const billing::AcceptedQuote& accepted, bool for_prospect) {
  const auto& invoice = accepted.order.invoice.invoice;
  json::object shaped{{"quote", for_prospect ? PublicQuoteJson(accepted.quote) : QuoteJson(accepted.quote)},
                      {"order_id", accepted.order.order.id},
                      {"invoice_id", invoice.id},
                      {"invoice_number", invoice.number},
                      {"total", billing::TotalsOf(invoice.lines).gross.ToString()}};
  if (for_prospect) {
    shaped["client_id"] = OptionalText(accepted.client_id);
    shaped["user_id"] = OptionalText(accepted.user_id);
  }
  return shaped;
}

Response DraftQuote(ApiContext& context, Request& request, const Principal& principal) {
  // Whose quotes these are is settled before the body is read.
  if (auto allowed = accounts::RequireAgentAccess(principal, request.path_params["agent_id"]); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  billing::QuoteForm form;
  if (auto refused = ReadFields(request, "the quote cannot be drafted as given", [&](FieldReader& fields) {
        form.client = fields.OptionalString("client_id", 100);
        if (const auto* prospect = fields.OptionalObject("prospect")) {
          FieldReader person(*prospect);
          form.prospect.name = person.OptionalString("name", 200).value_or("");
          form.prospect.company = person.OptionalString("company", 200).value_or("");
          form.prospect.email = person.OptionalString("email", 254).value_or("");
          person.RejectUnknown();
          fields.AddProblems(person, "prospect/");
        } else if (!form.client) {
          fields.AddProblem("prospect",
                            "is required when the quote is not for one of your clients (client_id)");
        }
        form.note = fields.OptionalString("note", 2000, Lines::kMany).value_or("");
        if (const auto until = fields.OptionalString("valid_until", 10)) {
          if (auto date = ParseDate(*until)) {
            form.valid_until = *date;
          } else {
            fields.AddProblem("valid_until", "must be a date, YYYY-MM-DD");
          }
        }
        fields.RequiredObjects("lines", billing::kMaxQuoteLines, [&](std::size_t, FieldReader& line) {
          form.lines.push_back(ReadLineRequest(line));
        });
      })) {
    return std::move(*refused);
  }
  return Respond(context.quotes->Draft(principal, request.path_params["agent_id"], form, request.remote_ip),
                 QuoteJson, 201);
}

Response AgentQuotes(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(
      context.quotes->AgentQuotes(principal, request.path_params["agent_id"], request.Query("status")),
      QuotesJson);
}

Response ClientQuotes(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.quotes->ClientQuotes(principal, request.path_params["client_id"]), QuotesJson);
}

// ?format=pdf: the quote as its client keeps it.
Response GetQuote(ApiContext& context, Request& request, const Principal& principal) {
  auto found = context.quotes->Find(principal, request.path_params["quote_id"]);
  if (!found || !WantsPdf(request)) return Respond(found, QuoteJson);
  const documents::Party client{found->quote.client.value_or(""), "", ""};
  return PdfDownload(documents::QuoteDocument(*found, client, *context.issuer), found->quote.number + ".pdf");
}

Response SendQuote(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.quotes->Send(principal, request.path_params["quote_id"], request.remote_ip),
                 QuoteJson);
}

Response WithdrawQuote(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(context.quotes->Withdraw(principal, request.path_params["quote_id"], request.remote_ip),
                 QuoteJson);
}

Response AcceptQuote(ApiContext& context, Request& request, const Principal& principal) {
  return Respond(
      context.quotes->Accept(principal, request.path_params["quote_id"], request.remote_ip),
      [](const billing::AcceptedQuote& accepted) { return AcceptedJson(accepted, false); }, 201);
}

// An optional {"reason"}: an empty body declines without one.
Response DeclineQuote(ApiContext& context, Request& request, const Principal& principal) {
  std::string reason;
  if (!request.body.empty()) {
    if (auto refused = ReadFields(request, "the quote cannot be declined as given", [&](FieldReader& fields) {
          reason = fields.OptionalString("reason", 2000, Lines::kMany).value_or("");
        })) {
      return std::move(*refused);
    }
  }
  return Respond(
      context.quotes->Decline(principal, request.path_params["quote_id"], reason, request.remote_ip),
      QuoteJson);
}

// ---- a prospect's link ----

Response LookUpQuoteLink(ApiContext& context, Request& request) {
  std::string token;
  if (auto refused = ReadFields(request, "the quote link cannot be read as given",
                                [&](FieldReader& fields) { token = fields.RequiredString("token", 100); })) {
    return std::move(*refused);
  }
  return Respond(context.quotes->FindByLink(token), PublicQuoteJson);
}

Response AcceptQuoteLink(ApiContext& context, Request& request) {
  std::string token;
  clients::SignupForm form;
  if (auto refused = ReadFields(request, "the quote cannot be accepted as given", [&](FieldReader& fields) {
        token = fields.RequiredString("token", 100);
        form.company = fields.OptionalString("company", 200).value_or("");
        form.contact_name = fields.OptionalString("contact_name", 200).value_or("");
        form.phone = fields.RequiredString("phone", 20);
        form.kra_pin = fields.OptionalString("kra_pin", 20).value_or("");
        form.registration_number = fields.OptionalString("registration_number", 40).value_or("");
        form.password = fields.RequiredString("password", 1024);
      })) {
    return std::move(*refused);
  }
  return Respond(
      context.quotes->AcceptByLink(token, form, request.remote_ip),
      [](const billing::AcceptedQuote& accepted) { return AcceptedJson(accepted, true); }, 201);
}

Response DeclineQuoteLink(ApiContext& context, Request& request) {
  std::string token;
  std::string reason;
  if (auto refused = ReadFields(request, "the quote cannot be declined as given", [&](FieldReader& fields) {
        token = fields.RequiredString("token", 100);
        reason = fields.OptionalString("reason", 2000, Lines::kMany).value_or("");
      })) {
    return std::move(*refused);
  }
  return Respond(context.quotes->DeclineByLink(token, reason, request.remote_ip), PublicQuoteJson);
}

}  // namespace

void RegisterQuotes(http::Router& router, ApiContext& context) {
  AddAuthenticated(router, context, "POST", "/api/v1/agents/{agent_id}/quotes", DraftQuote);
  AddAuthenticated(router, context, "GET", "/api/v1/agents/{agent_id}/quotes", AgentQuotes);
  AddAuthenticated(router, context, "GET", "/api/v1/clients/{client_id}/quotes", ClientQuotes);
  AddAuthenticated(router, context, "GET", "/api/v1/quotes/{quote_id}", GetQuote);
  AddAuthenticated(router, context, "POST", "/api/v1/quotes/{quote_id}/send", SendQuote);
  AddAuthenticated(router, context, "POST", "/api/v1/quotes/{quote_id}/withdraw", WithdrawQuote);
  AddAuthenticated(router, context, "POST", "/api/v1/quotes/{quote_id}/accept", AcceptQuote);
  AddAuthenticated(router, context, "POST", "/api/v1/quotes/{quote_id}/decline", DeclineQuote);

  router.Add("POST", "/api/v1/quote-links/lookup",
             [&context](Request& request) { return LookUpQuoteLink(context, request); });
  router.Add("POST", "/api/v1/quote-links/accept",
             [&context](Request& request) { return AcceptQuoteLink(context, request); });
  router.Add("POST", "/api/v1/quote-links/decline",
             [&context](Request& request) { return DeclineQuoteLink(context, request); });
}

}  // namespace wakala::http::handlers
