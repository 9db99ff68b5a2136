#include "clients/client_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "accounts/service.hpp"
#include "clients/agent_notices.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "notify/templates.hpp"

namespace wakala::clients {

namespace json = boost::json;

ClientService::ClientService(Journal& journal, const Clock& clock, const accounts::PasswordHasher& hasher,
                             std::string public_url)
    : journal_(journal), clock_(clock), hasher_(hasher), public_url_(std::move(public_url)) {}

Result<std::string> ClientService::CookieKey() {
  std::lock_guard lock(key_mutex_);
  if (!cookie_key_.empty()) return cookie_key_;
  std::string key;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    key = stores.clients.SecretOrCreate("referral_cookie_key", RandomHex(32), clock_.Now());
    return {};
  });
  if (!written) return Fail(written.error());
  cookie_key_ = key;
  return key;
}

ClickOutcome ClientService::Click(const std::string& referral_id, const std::string& ip,
                                  const std::string& user_agent, const std::string& referrer,
                                  const std::string& landing) {
  ClickOutcome outcome;
  outcome.location = clients::SafeLandingPath(landing);
  std::optional<agents::AgentProfile> agent;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    agent = stores.agents.FindAgentByReferralId(referral_id);
    return {};
  });
  bool active = false;
  int cookie_days = 0;
  journal_.Read([&](const engine::Engine& engine) {
    cookie_days = engine.program().referral_cookie_days;
    if (!agent) return;
    const auto found = engine.agents().find(agent->id);
    active = found != engine.agents().end() && !found->second.terminated;
  });
  if (!read || !agent || !active) return outcome;  // sent on, no cookie
  auto key = CookieKey();
  if (!key) {
    spdlog::warn("referral click on {}: no cookie key: {}", referral_id, key.error().message);
    return outcome;
  }
  const Timestamp now = clock_.Now();
  clients::ReferralClick click{
      "clk_" + RandomHex(10),   agent->id,        referral_id, ip,  user_agent.substr(0, 500),
      referrer.substr(0, 1000), outcome.location, now,         true};
  auto logged = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    click.counted = !store.ClickedSince(referral_id, ip, now - kRepeatWindow);
    store.InsertClick(click);
    return {};
  });
  if (!logged) {
    spdlog::warn("referral click on {} not logged: {}", referral_id, logged.error().message);
    return outcome;
  }
  outcome.cookie_max_age = std::chrono::days(cookie_days);
  outcome.cookie = clients::SignReferralCookie({click.id, now + outcome.cookie_max_age}, *key);
  return outcome;
}

AgentIdentity IdentityOf(Stores& stores, const agents::AgentProfile& agent) {
  AgentIdentity identity;
  identity.emails = stores.clients.AgentUserEmails(agent.id);
  if (!agent.email.empty()) identity.emails.push_back(agent.email);
  identity.phones.push_back(agent.phone);
  if (agent.application_id) {
    if (auto application = stores.agents.FindApplication(*agent.application_id)) {
      identity.emails.push_back(application->email);
      identity.phones.push_back(application->phone);
      identity.kra_pin = application->kra_pin;
      identity.registration_number = application->registration_number;
    }
  }
  identity.payment_fingerprints = stores.clients.PayoutFingerprints(agent.id);
  return identity;
}

Result<SignupOutcome> ClientService::Signup(const clients::SignupForm& form,
                                            const std::optional<std::string>& referral_cookie,
                                            const std::string& ip) {
  auto signup = clients::ValidateSignup(form);
  if (!signup) return Fail(signup.error());
  // The limit is checked before the (slow) password hash, and again in the
  // transaction that adds the client.
  auto limited = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    return CheckSignupRate(store, ip);
  });
  if (!limited) return Fail(limited.error());
  Timestamp now = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { now = std::max(now, engine.clock()); });

  // The referral behind the signup, if its cookie is genuine and current.
  std::optional<clients::ReferralCookie> cookie;
  if (referral_cookie) {
    auto key = CookieKey();
    if (!key) return Fail(key.error());
    cookie = clients::VerifyReferralCookie(*referral_cookie, *key, clock_.Now());
  }
  const std::string password_hash = hasher_.Hash(signup->password);  // slow on purpose: outside transactions
  SignupOutcome outcome;
  outcome.client_id = "CL-" + RandomHex(6);
  outcome.user_id = "usr_" + RandomHex(8);
  // An email that has an account (client, agent or staff) gets the answer of
  // a new signup, so that the form tells no one who is registered here.
  bool known = false;
  auto looked_up = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    known = stores.accounts.FindUserByEmail(signup->email).has_value();
    return {};
  });
  if (!looked_up) return Fail(looked_up.error());
  if (known) return SignupOfKnownEmail(signup->email, outcome, ip);
  accounts::UserRecord user;
  user.user.id = outcome.user_id;
  user.user.email = signup->email;
  user.user.display_name = signup->contact_name;
  user.user.role = accounts::Role::kClient;
  user.user.client_id = outcome.client_id;
  user.user.created_at = clock_.Now();
  user.password_hash = password_hash;

  auto referral = FindReferral(cookie, *signup, ip);
  if (!referral) return Fail(referral.error());
  std::vector<engine::Command> events{engine::AddClient{
      now, engine::ClientFacts{outcome.client_id, signup->email, signup->phone, signup->kra_pin}}};
  if (referral->Attributed()) {
    // The click is the evidence: its landing page is the referral URL.
    events.emplace_back(engine::Associate{
        now, outcome.client_id, referral->agent->id, engine::AssociationSource::kReferralLink,
        "/r/" + referral->click->referral_id + " -> " + referral->click->landing_url});
  }
  bool taken_meanwhile = false;
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    return StoreSignup(stores, outcome, *signup, user, *referral, ip, taken_meanwhile);
  });
  if (taken_meanwhile) return SignupOfKnownEmail(signup->email, outcome, ip);
  if (!applied) return Fail(applied.error());
  return outcome;
}

Result<ClientService::Referral> ClientService::FindReferral(
    const std::optional<clients::ReferralCookie>& cookie, const clients::Signup& signup,
    const std::string& ip) {
  Referral referral;
  auto& click = referral.click;
  auto& agent = referral.agent;
  auto& matches = referral.matches;
  int ip_days = 30;
  journal_.Read([&](const engine::Engine& engine) { ip_days = engine.program().self_referral_ip_days; });
  if (cookie) {
    auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
      auto& clients = stores.clients;
      click = clients.FindClick(cookie->click_id);
      if (!click) return {};
      agent = stores.agents.FindAgentProfile(click->agent_id);
      if (!agent) return {};
      const clients::AgentIdentity identity = IdentityOf(stores, *agent);
      if (signup.payment_method) {
        referral.payout_match =
            clients::MatchingFingerprint(identity.payment_fingerprints, signup.payment_method->fingerprint);
      }
      const bool ip_seen =
          clients.AgentLoggedInFrom(agent->id, ip, clock_.Now() - std::chrono::days(ip_days));
      matches = clients::SelfReferralMatches(identity, signup, ip_seen);
      return {};
    });
    if (!read) return Fail(read.error());
  }
  if (agent) {
    journal_.Read([&](const engine::Engine& engine) {
      const auto found = engine.agents().find(agent->id);
      referral.agent_active = found != engine.agents().end() && !found->second.terminated;
      if (found == engine.agents().end()) return;
      // The engine's own record of the agent adds to what it is compared with.
      const auto& facts = found->second.facts;
      if (!facts.kra_pin.empty() && !signup.kra_pin.empty() && facts.kra_pin == signup.kra_pin &&
          std::find(matches.begin(), matches.end(), "kra_pin") == matches.end()) {
        matches.emplace_back("kra_pin");
      }
    });
  }
  return referral;
}

Result<void> ClientService::StoreSignup(Stores& stores, const SignupOutcome& outcome,
                                        const clients::Signup& signup, const accounts::UserRecord& user,
                                        const Referral& referral, const std::string& ip,
                                        bool& taken_meanwhile) {
  auto& accounts = stores.accounts;
  if (accounts.FindUserByEmail(signup.email)) {
    taken_meanwhile = true;  // by a signup running at the same time: rolled back, answered as above
    return Fail(Error::Conflict("an account with this email exists already"));
  }
  auto& clients = stores.clients;
  if (auto allowed = CheckSignupRate(clients, ip); !allowed) return allowed;
  clients.InsertClient(
      clients::ClientRecord{outcome.client_id, signup.company, signup.email, signup.phone, signup.kra_pin, ip,
                            referral.click ? std::optional(referral.click->id) : std::nullopt, clock_.Now()});
  accounts.InsertUser(user);
  accounts::AuditEntry entry;
  entry.actor = "user:" + user.user.id;
  entry.action = "client_signed_up";
  entry.subject = "client:" + outcome.client_id;
  entry.at = clock_.Now();
  entry.ip = ip;
  entry.detail = json::serialize(json::object{
      {"referral_click", referral.click ? json::value(referral.click->id) : json::value(nullptr)},
      {"attributed_to", referral.Attributed() ? json::value(referral.agent->id) : json::value(nullptr)}});
  accounts.AppendAudit(entry);
  const std::string method_id = "signup:" + outcome.client_id;
  if (signup.payment_method) {
    clients.InsertClientPaymentMethod(clients::ClientPaymentMethod{
        method_id, outcome.client_id, signup.payment_method->method, signup.payment_method->fingerprint,
        std::nullopt, std::nullopt, clock_.Now()});
  }
  if (referral.agent && !referral.matches.empty()) {
    json::array matched;
    for (const auto& match : referral.matches) matched.emplace_back(match);
    json::object evidence{{"matched", std::move(matched)}, {"click", referral.click->id}, {"signup_ip", ip}};
    if (referral.payout_match) {
      evidence["payment_fingerprint"] = signup.payment_method->fingerprint;
      evidence["payout_fingerprint"] = *referral.payout_match;
    }
    const std::string flag_id = "flag_" + RandomHex(8);
    clients.InsertFlag(clients::FraudFlag{flag_id, "self_referral", referral.agent->id, outcome.client_id,
                                          json::serialize(evidence), "open", clock_.Now(), std::nullopt,
                                          std::nullopt, std::nullopt});
    if (referral.payout_match) clients.SetClientPaymentMethodFlag(method_id, referral.agent->id, flag_id);
  }
  return {};
}

Result<SignupOutcome> ClientService::SignupOfKnownEmail(const std::string& email, SignupOutcome outcome,
                                                        const std::string& ip) {
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& clients = stores.clients;
    if (auto allowed = CheckSignupRate(clients, ip); !allowed) return allowed;
    auto& accounts = stores.accounts;
    const auto user = accounts.FindUserByEmail(email);
    if (!user) return {};
    const Timestamp now = clock_.Now();
    const std::string subject = "user:" + user->user.id;
    // One notice an hour at most, however often the form is sent with the address.
    const bool told_lately =
        !accounts.AuditTimesBySubject("client_signup_known_email", subject, now - kSignupWindow).empty();
    accounts::AuditEntry entry;
    entry.actor = "anonymous";
    entry.action = "client_signup_known_email";
    entry.subject = subject;
    entry.at = now;
    entry.ip = ip;
    entry.detail = json::serialize(json::object{{"emailed", !told_lately}});
    accounts.AppendAudit(entry);
    if (told_lately) return {};
    auto notice = notify::Compose("signup_known_email", user->user.language,
                                  {{"name", user->user.display_name}, {"email", email}});
    if (!notice) return Fail(notice.error());
    stores.agents.QueueEmail(agents::OutboundEmail::To(email, std::move(*notice), now));
    return {};
  });
  if (!written) return Fail(written.error());
  return outcome;
}

Result<void> ClientService::CheckSignupRate(ClientStore& store, const std::string& ip) {
  if (store.SignupsFromIpSince(ip, clock_.Now() - kSignupWindow) >= kSignupsPerIpPerHour) {
    return Fail(
        Error::RateLimited("too many client signups from this address; try again later", kSignupWindow));
  }
  return {};
}

Result<std::vector<clients::FraudFlag>> ClientService::Flags(const accounts::Principal& actor,
                                                             const std::string& status) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.clients.ListFlags(status); });
}

Result<ReferralStats> ClientService::Referrals(const accounts::Principal& actor,
                                               const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  ReferralStats stats{agent_id, clock_.Now(), {}, {}};
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    stats.all_time = store.CountReferrals(agent_id, Timestamp{});
    stats.last_30_days = store.CountReferrals(agent_id, stats.as_of - std::chrono::days(30));
    return {};
  });
  if (!read) return Fail(read.error());
  return stats;
}

Result<std::vector<AgentClient>> ClientService::AgentClients(const accounts::Principal& actor,
                                                             const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  std::vector<engine::AgentClientRow> rows;
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) {
    known = engine.agents().contains(agent_id);
    if (known) rows = engine::AgentClients(engine, agent_id);
  });
  if (!known) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  std::vector<AgentClient> clients;
  clients.reserve(rows.size());
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    for (auto& row : rows) {
      const auto record = store.FindClient(row.client);
      AgentClient client{row, record ? record->name : std::string(), store.Preferences(agent_id, row.client)};
      clients.push_back(std::move(client));
    }
    return {};
  });
  if (!read) return Fail(read.error());
  return clients;
}

Result<clients::NotificationPreferences> ClientService::SetNotificationPreferences(
    const accounts::Principal& actor, const std::string& agent_id, const std::string& client_id,
    const clients::NotificationPreferences& preferences) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  if (auto agent = accounts::RequireRole(actor, {accounts::Role::kAgent}); !agent) {
    return Fail(Error::Forbidden("the agent's own users choose its notifications"));
  }
  bool current = false;
  journal_.Read([&](const engine::Engine& engine) {
    const auto found = engine.clients().find(client_id);
    current = found != engine.clients().end() && found->second.association &&
              engine.associations()[*found->second.association].agent == agent_id;
  });
  if (!current) return Fail(Error::NotFound("no client " + client_id + " of agent " + agent_id));
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    stores.clients.SetPreferences(agent_id, client_id, preferences, clock_.Now());
    return {};
  });
  if (!written) return Fail(written.error());
  return preferences;
}

Result<std::vector<clients::AgentNotification>> ClientService::Notifications(const accounts::Principal& actor,
                                                                             const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  auto read_list =
      journal_.ReadFrom([&](Stores& stores) { return stores.clients.Notifications(agent_id, 200); });
  if (!read_list) return Fail(read_list.error());
  auto& list = *read_list;
  // The program's own notices to the agent (the affiliate warnings at days 60
  // and 80) live in the engine; they are listed with the others.
  journal_.Read([&](const engine::Engine& engine) {
    int n = 0;
    for (const auto& notice : engine.notifications()) {
      if (notice.agent != agent_id) continue;
      list.push_back(clients::AgentNotification{
          fmt::format("ntf-{}-{}-{}", notice.kind, agent_id, ++n), agent_id, "", notice.kind,
          json::serialize(json::object{{"message", notice.detail}}), notice.at, notice.at});
    }
  });
  std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
  return list;
}

void ClientService::RecordBillingNotifications(const std::vector<json::object>& events) {
  struct Paid {
    std::string invoice, client, agent;
    Timestamp at{};
    Money total;
  };
  std::vector<Paid> paid;
  journal_.Read([&](const engine::Engine& engine) {
    for (const auto& event : events) {
      const auto* type = event.if_contains("type");
      const auto* id = event.if_contains("id");
      if (type == nullptr || *type != "invoice_paid" || id == nullptr || !id->is_string()) continue;
      const auto invoice = engine.invoices().find(std::string(id->as_string()));
      if (invoice == engine.invoices().end() || invoice->second.lines.empty()) continue;
      // The agent the client had when it paid (kept on each line).
      const std::string& agent = invoice->second.lines.front().agent;
      if (agent.empty()) continue;
      Money total;
      for (const auto& line : invoice->second.lines) total += line.line.amount;
      paid.push_back(Paid{invoice->first, invoice->second.client, agent, invoice->second.paid_at, total});
    }
  });
  if (paid.empty()) return;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    for (const auto& p : paid) {
      if (!store.Preferences(p.agent, p.client).invoice_paid) continue;
      auto told =
          TellAgent(stores,
                    clients::AgentNotification{
                        "ntf-invoice_paid-" + p.invoice, p.agent, p.client, "invoice_paid",
                        json::serialize(json::object{{"invoice", p.invoice}, {"total", p.total.ToString()}}),
                        p.at, clock_.Now()},
                    public_url_);
      if (!told) return told;
    }
    return {};
  });
  if (!written) spdlog::warn("invoice-paid notifications not recorded: {}", written.error().message);
}

Result<std::optional<std::string>> ClientService::RecordClientEvent(const std::string& kind,
                                                                    const std::string& event_id,
                                                                    const std::string& client_id,
                                                                    Timestamp at,
                                                                    const std::string& detail_json) {
  std::optional<std::string> agent;
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) {
    const auto found = engine.clients().find(client_id);
    known = found != engine.clients().end();
    if (known && found->second.association) agent = engine.associations()[*found->second.association].agent;
  });
  if (!known) return Fail(Error::Invalid("no client " + client_id, {{"client", "no such client"}}));
  if (!agent) return std::optional<std::string>();
  bool recorded = false;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    const auto preferences = store.Preferences(*agent, client_id);
    const bool wanted = kind == "service_state_changed" ? preferences.service_changes
                        : kind == "invoice_overdue"     ? preferences.invoice_overdue
                                                        : preferences.ticket_opened;
    if (!wanted) return {};
    recorded = true;
    return TellAgent(stores,
                     clients::AgentNotification{"ntf-" + kind + "-" + event_id, *agent, client_id, kind,
                                                detail_json, at, clock_.Now()},
                     public_url_);
  });
  if (!written) return Fail(written.error());
  return recorded ? agent : std::optional<std::string>();
}

std::pair<std::string, bool> RaisePaymentMatchFlag(ClientStore& store, const PaymentMatch& match,
                                                   Timestamp now) {
  // The same method of the same client seen again: the flag raised then stands.
  if (auto raised = store.PaymentMatchFlag(match.client_id, match.agent_id, match.payment_fingerprint)) {
    return {*raised, false};
  }
  json::object evidence{{"matched", json::array{"payment_fingerprint"}},
                        {"payment_fingerprint", match.payment_fingerprint},
                        {"payout_fingerprint", match.payout_fingerprint},
                        {"method", match.method},
                        {"found_by", match.found_by},
                        {"seen_at", FormatRfc3339(match.seen_at)}};
  if (match.association) {
    evidence["association"] = json::object{{"source", engine::SourceName(match.association->source)},
                                           {"since", FormatRfc3339(match.association->created_at)}};
  }
  std::string id = "flag_" + RandomHex(8);
  store.InsertFlag(clients::FraudFlag{id, "self_referral", match.agent_id, match.client_id,
                                      json::serialize(evidence), "open", now, std::nullopt, std::nullopt,
                                      std::nullopt});
  return {std::move(id), true};
}

Result<PaymentMethodOutcome> ClientService::RecordPaymentMethod(const std::string& event_id,
                                                                const std::string& client_id, Timestamp at,
                                                                const clients::PaymentMethod& method) {
  PaymentMethodOutcome outcome;
  std::optional<engine::Association> association;
  engine::ClientFacts facts;
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) {
    const auto found = engine.clients().find(client_id);
    known = found != engine.clients().end();
    if (!known) return;
    facts = found->second.facts;
    if (found->second.association) association = engine.associations()[*found->second.association];
  });
  if (!known) return Fail(Error::Invalid("no client " + client_id, {{"client", "no such client"}}));
  const std::string id = "event:" + event_id;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.clients;
    // A client billing told the engine about (no signup here) gets its account row first.
    store.EnsureClient(clients::ClientRecord{client_id, "", facts.email, facts.phone, facts.kra_pin, "",
                                             std::nullopt, clock_.Now()});
    if (!store.InsertClientPaymentMethod(clients::ClientPaymentMethod{
            id, client_id, method.method, method.fingerprint, std::nullopt, std::nullopt, clock_.Now()})) {
      // Taken before: answer what it did then.
      const auto before = store.FindClientPaymentMethod(id);
      if (!before || before->client_id != client_id || before->fingerprint != method.fingerprint) {
        return Fail(Error::Conflict("event " + event_id + " was taken before with other content"));
      }
      outcome.duplicate = true;
      outcome.matched_agent = before->matched_agent_id;
      outcome.flag_id = before->flag_id;
      return {};
    }
    if (!association) return {};
    const auto own =
        clients::MatchingFingerprint(store.PayoutFingerprints(association->agent), method.fingerprint);
    if (!own) return {};
    outcome.matched_agent = association->agent;
    auto [flag, raised] =
        RaisePaymentMatchFlag(store,
                              PaymentMatch{client_id, association->agent, method.fingerprint, *own,
                                           method.method, "client_event:" + event_id, at, association},
                              clock_.Now());
    outcome.flag_id = std::move(flag);
    outcome.flag_raised = raised;
    store.SetClientPaymentMethodFlag(id, association->agent, *outcome.flag_id);
    return {};
  });
  if (!written) return Fail(written.error());
  return outcome;
}

}  // namespace wakala::clients
