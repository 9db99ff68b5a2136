#include "billing/quote_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "accounts/service.hpp"
#include "agents/audit.hpp"
#include "clients/agent_notices.hpp"
#include "clients/client_service.hpp"
#include "core/calendar.hpp"
#include "core/field_checks.hpp"
#include "core/secure_random.hpp"

namespace wakala::billing {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

constexpr std::size_t kMaxNote = 2000;
constexpr int kListLimit = 200;

Error NoQuote(const std::string& id) {
  return Error::NotFound("no quote " + id);
}

// Quotes are the agent's own tool: its people draft, send and withdraw them.
Result<void> RequireAgentUser(const Principal& actor) {
  if (auto user = accounts::RequireUser(actor); !user) return user;
  if (actor.role != Role::kAgent || !actor.agent_id) {
    return Fail(Error::Forbidden("quotes are drafted, sent and withdrawn by the agent's own people"));
  }
  return {};
}

std::string TotalText(const Quote& quote) {
  std::vector<Line> lines;
  for (const auto& line : quote.lines) lines.push_back(line.line);
  return TotalsOf(lines).gross.ToString();
}

// The order a quote's acceptance places: its lines at the quoted prices, a
// service per catalogue line (recurring ones are subscriptions).
NewOrder OrderOf(Stores& stores, const Quote& quote, const std::string& client, std::string placed_by,
                 std::string on_behalf_of, Timestamp now) {
  NewOrder order{client, {}, {}, std::move(placed_by), std::move(on_behalf_of), quote.id, now};
  for (const auto& [quoted, kind] : quote.lines) {
    Line line = quoted;
    line.credited = Money{};
    if (kind == QuoteLineKind::kProduct && line.product) {
      if (const auto product = stores.billing.FindProduct(*line.product)) {
        Service service;
        service.id = "svc_" + RandomHex(8);
        service.product = product->id;
        service.description = product->name;
        service.category = line.category;
        service.cycle = product->cycle;
        service.quantity = line.quantity;
        service.created_at = now;
        if (IsRecurring(product->cycle)) line.subscription = service.id;
        order.services.push_back(std::move(service));
      }
    }
    order.lines.push_back(std::move(line));
  }
  return order;
}

// The quoting agent hears of the client's decision (whatever it chose for
// its clients: it asked for the answer), in its panel and by email.
Result<void> TellAgent(Stores& stores, const Quote& quote, const std::string& decision, Timestamp at,
                       const std::string& public_url) {
  const std::string client = quote.client.value_or("");
  json::object detail{{"quote", quote.id},
                      {"number", quote.number},
                      {"total", TotalText(quote)},
                      {"prospect", quote.prospect.company}};
  if (client.empty()) detail["client"] = quote.prospect.company;
  return clients::TellAgent(
      stores,
      clients::AgentNotification{"ntf-quote_" + decision + "-" + quote.id, quote.agent, client,
                                 "quote_" + decision, json::serialize(detail), at, at},
      public_url);
}

}  // namespace

QuoteView ViewOf(Quote quote, Timestamp now) {
  QuoteView view;
  std::vector<Line> lines;
  for (const auto& line : quote.lines) lines.push_back(line.line);
  view.totals = TotalsOf(lines);
  view.status = StatusOf(quote, now);
  view.quote = std::move(quote);
  return view;
}

QuoteService::QuoteService(Journal& journal, const Clock& program_clock, RenewalPolicy policy,
                           const accounts::PasswordHasher& hasher, std::string public_url)
    : journal_(journal),
      clock_(program_clock),
      policy_(policy),
      hasher_(hasher),
      public_url_(std::move(public_url)) {}

Timestamp QuoteService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

Result<Quote> QuoteService::Load(const std::string& quote_id) {
  auto read = journal_.ReadFrom([&](Stores& stores) { return stores.quotes.FindQuote(quote_id); });
  if (!read) return Fail(read.error());
  if (!*read) return Fail(NoQuote(quote_id));
  return std::move(**read);
}

Result<Quote> QuoteService::LoadByLink(const std::string& secret) {
  const bool well_formed = secret.size() == 64 && std::all_of(secret.begin(), secret.end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                           });
  if (!well_formed) return Fail(Error::NotFound("no quote at this link"));
  auto read =
      journal_.ReadFrom([&](Stores& stores) { return stores.quotes.FindQuoteByToken(SecretDigest(secret)); });
  if (!read) return Fail(read.error());
  if (!*read) return Fail(Error::NotFound("no quote at this link"));
  return std::move(**read);
}

Result<void> QuoteService::MayRead(const Principal& actor, const Quote& quote) {
  if (auto user = accounts::RequireUser(actor); !user) return user;
  if (actor.role == Role::kStaff) return {};
  if (actor.role == Role::kAgent && actor.agent_id == quote.agent) return {};
  if (actor.role == Role::kClient && quote.client && quote.status != QuoteStatus::kDraft) {
    if (accounts::RequireClientAccess(actor, *quote.client)) {
      return accounts::RequireClientAction(actor, *quote.client, accounts::client_actions::kViewQuotes);
    }
  }
  return Fail(NoQuote(quote.id));
}

Result<QuoteView> QuoteService::Draft(const Principal& actor, const std::string& agent_id,
                                      const QuoteForm& form, const std::string& ip) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  if (auto allowed = RequireAgentUser(actor); !allowed) return Fail(allowed.error());
  bool active = false;
  std::optional<std::string> clients_agent;
  journal_.Read([&](const engine::Engine& engine) {
    const auto found = engine.agents().find(agent_id);
    active = found != engine.agents().end() && !found->second.terminated;
    if (form.client) clients_agent = engine.AgentOf(*form.client);
  });
  if (!active) return Fail(Error::Conflict("agent " + agent_id + " is not an active agent of the program"));
  if (form.client && clients_agent != agent_id)
    return Fail(Error::NotFound("no client " + *form.client + " of yours"));
  const Timestamp now = ActionTime();
  std::vector<FieldError> problems;
  Quote quote;
  quote.client = form.client;
  if (form.client) {
    if (!form.prospect.name.empty() || !form.prospect.company.empty() || !form.prospect.email.empty()) {
      problems.push_back({"prospect", "a quote is for one of your clients or for a prospect, not both"});
    }
  } else {
    quote.prospect.name = RequiredText(problems, "prospect/name", form.prospect.name, 200);
    quote.prospect.company = RequiredText(problems, "prospect/company", form.prospect.company, 200);
    quote.prospect.email = accounts::NormaliseEmail(form.prospect.email);
    if (quote.prospect.email.empty()) problems.push_back({"prospect/email", "is not a valid email address"});
  }
  if (form.note.size() > kMaxNote)
    problems.push_back({"note", fmt::format("at most {} characters", kMaxNote)});
  quote.note = form.note;
  if (auto valid = CheckValidUntil(form.valid_until, now)) {
    quote.valid_until = *valid;
  } else {
    for (const auto& problem : valid.error().fields) problems.push_back(problem);
  }
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    std::vector<Product> products;
    for (const auto& line : form.lines) {
      if (!line.product) continue;
      if (auto product = stores.billing.FindProduct(*line.product)) products.push_back(std::move(*product));
    }
    auto lines = PlanQuoteLines(form.lines, products, agent_id, now);
    if (!lines) {
      for (const auto& problem : lines.error().fields) problems.push_back(problem);
    }
    if (!problems.empty()) return Fail(Error::Invalid("the quote cannot be drafted as given", problems));
    quote.lines = std::move(*lines);
    quote.id = "quo_" + RandomHex(8);
    quote.seq = stores.billing.NextNumber("quote");
    quote.number = QuoteNumber(quote.seq);
    quote.agent = agent_id;
    quote.created_by = actor.AuditName();
    quote.created_at = now;
    stores.quotes.InsertQuote(quote);
    stores.accounts.AppendAudit(agents::AuditOf(
        actor, "quote_drafted", "quote:" + quote.id, now, ip,
        {{"number", quote.number},
         {"for", quote.client ? "client:" + *quote.client : "prospect:" + quote.prospect.email},
         {"total", TotalText(quote)}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return ViewOf(std::move(quote), now);
}

Result<QuoteView> QuoteService::Send(const Principal& actor, const std::string& quote_id,
                                     const std::string& ip) {
  if (auto allowed = RequireAgentUser(actor); !allowed) return Fail(allowed.error());
  auto quote = Load(quote_id);
  if (!quote) return Fail(quote.error());
  if (actor.agent_id != quote->agent) return Fail(NoQuote(quote_id));
  const Timestamp now = ActionTime();
  if (quote->status != QuoteStatus::kDraft) {
    return Fail(Error::Conflict("quote " + quote->number + " is " +
                                std::string(QuoteStatusName(StatusOf(*quote, now))) +
                                ": only a draft is sent"));
  }
  if (now >= EndOfEatDay(quote->valid_until)) {
    return Fail(Error::Conflict("quote " + quote->number + " was valid until " +
                                FormatDate(quote->valid_until) + ": draft a new one"));
  }
  if (quote->client) {
    std::optional<std::string> agent;
    journal_.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(*quote->client); });
    if (agent != quote->agent) {
      return Fail(Error::Conflict("client " + *quote->client + " is no longer your client"));
    }
  }
  const std::string secret = quote->client ? "" : RandomHex(32);
  Quote sent = *quote;
  sent.status = QuoteStatus::kSent;
  sent.sent_at = now;
  if (!secret.empty()) sent.token_digest = SecretDigest(secret);
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    if (!stores.quotes.UpdateQuote(sent, QuoteStatus::kDraft)) {
      return Fail(Error::Conflict("quote " + sent.number + " was changed meanwhile"));
    }
    const auto company = stores.agents.FindAgentProfile(sent.agent);
    const std::string from = company ? company->name : sent.agent;
    notify::Params params{{"agent", from},
                          {"number", sent.number},
                          {"total", TotalText(sent)},
                          {"valid_until", FormatDate(sent.valid_until)}};
    if (sent.client) {
      if (auto emailed = EmailClient(stores, *sent.client, "quote_sent", params, public_url_,
                                     "/client/quotes/" + sent.id, now);
          !emailed) {
        return emailed;
      }
    } else {
      // A prospect has no language of its own yet: it reads the quote in the
      // language of the agent's user who sends it.
      params["name"] = sent.prospect.name;
      params["link"] = public_url_ + "/quote#" + secret;
      auto email = notify::Compose("quote_sent", actor.user.language, params);
      if (!email) return Fail(email.error());
      stores.agents.QueueEmail(agents::OutboundEmail::To(sent.prospect.email, std::move(*email), now));
    }
    stores.accounts.AppendAudit(
        agents::AuditOf(actor, "quote_sent", "quote:" + sent.id, now, ip, {{"number", sent.number}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return ViewOf(std::move(sent), now);
}

Result<QuoteView> QuoteService::Withdraw(const Principal& actor, const std::string& quote_id,
                                         const std::string& ip) {
  if (auto allowed = RequireAgentUser(actor); !allowed) return Fail(allowed.error());
  auto quote = Load(quote_id);
  if (!quote) return Fail(quote.error());
  if (actor.agent_id != quote->agent) return Fail(NoQuote(quote_id));
  if (quote->status != QuoteStatus::kDraft && quote->status != QuoteStatus::kSent) {
    return Fail(Error::Conflict("quote " + quote->number + " is " +
                                std::string(QuoteStatusName(quote->status)) + ": it cannot be withdrawn"));
  }
  const Timestamp now = ActionTime();
  const QuoteStatus from = quote->status;
  Quote withdrawn = *quote;
  withdrawn.status = QuoteStatus::kWithdrawn;
  withdrawn.decided_at = now;
  withdrawn.decided_by = actor.AuditName();
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    if (!stores.quotes.UpdateQuote(withdrawn, from)) {
      return Fail(Error::Conflict("quote " + withdrawn.number + " was decided meanwhile"));
    }
    stores.accounts.AppendAudit(agents::AuditOf(actor, "quote_withdrawn", "quote:" + withdrawn.id, now, ip,
                                                {{"number", withdrawn.number}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return ViewOf(std::move(withdrawn), now);
}

Result<std::vector<QuoteView>> QuoteService::AgentQuotes(const Principal& actor, const std::string& agent_id,
                                                         const std::optional<std::string>& status) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  QuoteQuery query;
  query.agent = agent_id;
  query.limit = kListLimit;
  // "expired" is a sent quote past its date: read the sent ones and keep those.
  const auto wanted = status ? ParseQuoteStatus(*status) : std::nullopt;
  if (status && !wanted) {
    return Fail(
        Error::Invalid("the quotes cannot be listed as asked",
                       {{"status", "must be draft, sent, accepted, declined, withdrawn or expired"}}));
  }
  const bool filtered = wanted.has_value();
  const QuoteStatus want = wanted.value_or(QuoteStatus::kDraft);
  if (filtered) query.status = want == QuoteStatus::kExpired ? QuoteStatus::kSent : want;
  auto read = journal_.ReadFrom([&](Stores& stores) { return stores.quotes.ListQuotes(query); });
  if (!read) return Fail(read.error());
  const Timestamp now = ActionTime();
  std::vector<QuoteView> views;
  for (auto& quote : *read) {
    auto view = ViewOf(std::move(quote), now);
    if (!filtered || view.status == want) views.push_back(std::move(view));
  }
  return WithAgentNames(std::move(views));
}

Result<std::vector<QuoteView>> QuoteService::ClientQuotes(const Principal& actor,
                                                          const std::string& client_id) {
  if (auto allowed = accounts::RequireClientAction(actor, client_id, accounts::client_actions::kViewQuotes);
      !allowed) {
    return Fail(allowed.error());
  }
  QuoteQuery query;
  query.client = client_id;
  query.limit = kListLimit;
  auto read = journal_.ReadFrom([&](Stores& stores) { return stores.quotes.ListQuotes(query); });
  if (!read) return Fail(read.error());
  const Timestamp now = ActionTime();
  std::vector<QuoteView> views;
  for (auto& quote : *read) views.push_back(ViewOf(std::move(quote), now));
  return WithAgentNames(std::move(views));
}

Result<QuoteView> QuoteService::Find(const Principal& actor, const std::string& quote_id) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto quote = Load(quote_id);
  if (!quote) return Fail(quote.error());
  if (auto allowed = MayRead(actor, *quote); !allowed) return Fail(allowed.error());
  return WithAgentName(ViewOf(std::move(*quote), ActionTime()));
}

Result<AcceptedQuote> QuoteService::Accept(const Principal& actor, const std::string& quote_id,
                                           const std::string& ip) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto quote = Load(quote_id);
  if (!quote) return Fail(quote.error());
  if (auto readable = MayRead(actor, *quote); !readable || actor.role != Role::kClient) {
    return Fail(readable ? Error::Forbidden("a quote is accepted by its client") : readable.error());
  }
  if (auto allowed =
          accounts::RequireClientAction(actor, *quote->client, accounts::client_actions::kAcceptQuotes);
      !allowed) {
    return Fail(allowed.error());
  }
  const Timestamp now = ActionTime();
  if (auto decidable = CheckDecidable(*quote, now); !decidable) return Fail(decidable.error());
  std::optional<std::string> agent;
  journal_.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(*quote->client); });
  if (agent != quote->agent) {
    return Fail(Error::Conflict("quote " + quote->number +
                                " came from an agent that no longer manages this account"));
  }
  Quote accepted = *quote;
  accepted.status = QuoteStatus::kAccepted;
  accepted.decided_at = now;
  accepted.decided_by = actor.AuditName();
  std::optional<AcceptedQuote> outcome;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    const std::string& client = *accepted.client;
    auto written_order = WriteOrder(stores,
                                    OrderOf(stores, accepted, client, actor.AuditName(),
                                            actor.impersonation ? "client:" + client : "", now),
                                    policy_, public_url_);
    if (!written_order) return Fail(written_order.error());
    auto& placed = *written_order;
    accepted.order = placed.order.id;
    if (!stores.quotes.UpdateQuote(accepted, QuoteStatus::kSent)) {
      return Fail(Error::Conflict("quote " + accepted.number + " was decided meanwhile"));
    }
    stores.accounts.AppendAudit(agents::AuditOf(actor, "quote_accepted", "quote:" + accepted.id, now, ip,
                                                {{"number", accepted.number},
                                                 {"order", placed.order.id},
                                                 {"invoice", placed.invoice.invoice.number}}));
    if (auto told = TellAgent(stores, accepted, "accepted", now, public_url_); !told) return told;
    outcome = AcceptedQuote{ViewOf(accepted, now), std::move(placed), std::nullopt, std::nullopt, false};
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*outcome);
}

Result<QuoteView> QuoteService::Decide(const Quote& quote, const Principal* actor, const std::string& reason,
                                       const std::string& ip) {
  const Timestamp now = ActionTime();
  if (auto decidable = CheckDecidable(quote, now); !decidable) return Fail(decidable.error());
  Quote decided = quote;
  decided.status = QuoteStatus::kDeclined;
  decided.decided_at = now;
  decided.decided_by = actor ? actor->AuditName() : "prospect:" + quote.prospect.email;
  decided.decline_reason = reason;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    if (!stores.quotes.UpdateQuote(decided, QuoteStatus::kSent)) {
      return Fail(Error::Conflict("quote " + decided.number + " was decided meanwhile"));
    }
    const json::object detail{{"number", decided.number}, {"reason", reason}};
    if (actor) {
      stores.accounts.AppendAudit(
          agents::AuditOf(*actor, "quote_declined", "quote:" + decided.id, now, ip, detail));
    } else {
      stores.accounts.AppendAudit(accounts::AuditEntry{0, decided.decided_by, "", "quote_declined",
                                                       "quote:" + decided.id, now, ip,
                                                       json::serialize(detail)});
    }
    return TellAgent(stores, decided, "declined", now, public_url_);
  });
  if (!written) return Fail(written.error());
  return ViewOf(std::move(decided), now);
}

Result<QuoteView> QuoteService::Decline(const Principal& actor, const std::string& quote_id,
                                        const std::string& reason, const std::string& ip) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  auto quote = Load(quote_id);
  if (!quote) return Fail(quote.error());
  if (auto readable = MayRead(actor, *quote); !readable || actor.role != Role::kClient) {
    return Fail(readable ? Error::Forbidden("a quote is declined by its client") : readable.error());
  }
  if (auto allowed =
          accounts::RequireClientAction(actor, *quote->client, accounts::client_actions::kAcceptQuotes);
      !allowed) {
    return Fail(allowed.error());
  }
  if (reason.size() > kMaxNote) {
    return Fail(Error::Invalid("the quote cannot be declined as given",
                               {{"reason", fmt::format("at most {} characters", kMaxNote)}}));
  }
  return Decide(*quote, &actor, reason, ip);
}

Result<QuoteView> QuoteService::FindByLink(const std::string& secret) {
  auto quote = LoadByLink(secret);
  if (!quote) return Fail(quote.error());
  return WithAgentName(ViewOf(std::move(*quote), ActionTime()));
}

std::vector<QuoteView> QuoteService::WithAgentNames(std::vector<QuoteView> views) {
  // A list names few agents (one, for an agent's own): each is read once.
  std::map<std::string, std::string> names;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (auto& view : views) {
      auto [known, fresh] = names.try_emplace(view.quote.agent);
      if (fresh) {
        const auto company = stores.agents.FindAgentProfile(view.quote.agent);
        known->second = company ? company->name : view.quote.agent;
      }
      view.agent_name = known->second;
    }
    return {};
  });
  static_cast<void>(read);  // the names are a courtesy: a list is answered without them
  return views;
}

QuoteView QuoteService::WithAgentName(QuoteView view) {
  auto company =
      journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindAgentProfile(view.quote.agent); });
  view.agent_name = company && *company ? (*company)->name : view.quote.agent;
  return view;
}

Result<QuoteView> QuoteService::DeclineByLink(const std::string& secret, const std::string& reason,
                                              const std::string& ip) {
  auto quote = LoadByLink(secret);
  if (!quote) return Fail(quote.error());
  if (reason.size() > kMaxNote) {
    return Fail(Error::Invalid("the quote cannot be declined as given",
                               {{"reason", fmt::format("at most {} characters", kMaxNote)}}));
  }
  return Decide(*quote, nullptr, reason, ip);
}

Result<AcceptedQuote> QuoteService::AcceptByLink(const std::string& secret, const clients::SignupForm& form,
                                                 const std::string& ip) {
  auto quote = LoadByLink(secret);
  if (!quote) return Fail(quote.error());
  if (auto decidable = CheckDecidable(*quote, ActionTime()); !decidable) return Fail(decidable.error());
  // The account is the quote's addressee's: its email is the one the link went to.
  clients::SignupForm account = form;
  account.email = quote->prospect.email;
  if (account.company.empty()) account.company = quote->prospect.company;
  if (account.contact_name.empty()) account.contact_name = quote->prospect.name;
  account.payment_method.reset();
  auto signup = clients::ValidateSignup(account);
  if (!signup) return Fail(signup.error());
  auto known =
      journal_.ReadFrom([&](Stores& stores) { return stores.accounts.FindUserByEmail(signup->email); });
  if (!known) return Fail(known.error());
  if (*known) {
    return Fail(Error::Conflict("an account with " + signup->email +
                                " exists already: sign in to your client area and ask the agent to send the "
                                "quote there"));
  }
  const std::string password_hash = hasher_.Hash(signup->password);  // slow on purpose: outside transactions
  return AcceptForProspect(*quote, *signup, password_hash, ip);
}

Result<AcceptedQuote> QuoteService::AcceptForProspect(const Quote& quote, const clients::Signup& signup,
                                                      const std::string& password_hash,
                                                      const std::string& ip) {
  const Timestamp now = ActionTime();
  int ip_days = 30;
  bool agent_active = false;
  journal_.Read([&](const engine::Engine& engine) {
    ip_days = engine.program().self_referral_ip_days;
    const auto found = engine.agents().find(quote.agent);
    agent_active = found != engine.agents().end() && !found->second.terminated;
  });
  // §4.4 as for every signup: nothing of the agent's own may be the new client's.
  auto matches = journal_.ReadFrom([&](Stores& stores) {
    std::vector<std::string> found;
    if (const auto agent = stores.agents.FindAgentProfile(quote.agent)) {
      const bool ip_seen =
          stores.clients.AgentLoggedInFrom(quote.agent, ip, clock_.Now() - std::chrono::days(ip_days));
      found = clients::SelfReferralMatches(clients::IdentityOf(stores, *agent), signup, ip_seen);
    }
    return found;
  });
  if (!matches) return Fail(matches.error());
  AcceptedQuote outcome;
  outcome.client_id = "CL-" + RandomHex(6);
  outcome.user_id = "usr_" + RandomHex(8);
  outcome.associated = agent_active && matches->empty();
  const std::string& client_id = *outcome.client_id;
  std::vector<engine::Command> events{
      engine::AddClient{now, engine::ClientFacts{client_id, signup.email, signup.phone, signup.kra_pin}}};
  if (outcome.associated) {
    events.emplace_back(engine::Associate{now, client_id, quote.agent, engine::AssociationSource::kQuote,
                                          "quote:" + quote.number});
  }
  accounts::UserRecord user;
  user.user.id = *outcome.user_id;
  user.user.email = signup.email;
  user.user.display_name = signup.contact_name;
  user.user.role = Role::kClient;
  user.user.client_id = client_id;
  user.user.created_at = clock_.Now();
  user.password_hash = password_hash;
  Quote accepted = quote;
  accepted.status = QuoteStatus::kAccepted;
  accepted.decided_at = now;
  accepted.decided_by = "user:" + user.user.id;
  accepted.client = client_id;
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    if (stores.accounts.FindUserByEmail(signup.email)) {
      return Fail(Error::Conflict("an account with " + signup.email + " exists already"));
    }
    stores.clients.InsertClient(clients::ClientRecord{client_id, signup.company, signup.email, signup.phone,
                                                      signup.kra_pin, ip, std::nullopt, clock_.Now()});
    stores.accounts.InsertUser(user);
    if (!matches->empty()) {
      json::array matched;
      for (const auto& match : *matches) matched.emplace_back(match);
      stores.clients.InsertFlag(clients::FraudFlag{
          "flag_" + RandomHex(8), "self_referral", quote.agent, client_id,
          json::serialize(
              json::object{{"matched", std::move(matched)}, {"quote", quote.number}, {"signup_ip", ip}}),
          "open", clock_.Now(), std::nullopt, std::nullopt, std::nullopt});
    }
    auto written_order = WriteOrder(
        stores, OrderOf(stores, accepted, client_id, "user:" + user.user.id, "", now), policy_, public_url_);
    if (!written_order) return Fail(written_order.error());
    auto& placed = *written_order;
    accepted.order = placed.order.id;
    if (!stores.quotes.UpdateQuote(accepted, QuoteStatus::kSent)) {
      return Fail(Error::Conflict("quote " + accepted.number + " was decided meanwhile"));
    }
    accounts::AuditEntry entry;
    entry.actor = "user:" + user.user.id;
    entry.action = "quote_accepted";
    entry.subject = "quote:" + accepted.id;
    entry.at = now;
    entry.ip = ip;
    entry.detail = json::serialize(json::object{
        {"number", accepted.number},
        {"client_id", client_id},
        {"order", placed.order.id},
        {"attributed_to", outcome.associated ? json::value(quote.agent) : json::value(nullptr)}});
    stores.accounts.AppendAudit(entry);
    if (auto told = TellAgent(stores, accepted, "accepted", now, public_url_); !told) return told;
    outcome.order = std::move(placed);
    return {};
  });
  if (!applied) return Fail(applied.error());
  outcome.quote = ViewOf(std::move(accepted), now);
  return outcome;
}

}  // namespace wakala::billing
