#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/password.hpp"
#include "accounts/principal.hpp"
#include "clients/referral.hpp"
#include "clients/store.hpp"
#include "core/clock.hpp"
#include "engine/agent_views.hpp"

namespace wakala::clients {

struct ClickOutcome {
  std::string location;               // where to send the browser
  std::optional<std::string> cookie;  // the signed referral cookie, if the link was good
  std::chrono::seconds cookie_max_age{};
};

// One row of an agent's client list.
struct AgentClient {
  engine::AgentClientRow row;
  std::string name;
  clients::NotificationPreferences notifications;
};

struct SignupOutcome {
  std::string client_id, user_id;
};

// What a client's payment method, as billing learned it, came to.
struct PaymentMethodOutcome {
  bool duplicate = false;                    // the event was taken before (its first outcome)
  std::optional<std::string> matched_agent;  // the client's agent, if the method is one of its payouts
  std::optional<std::string> flag_id;        // the self-referral flag for it
  bool flag_raised = false;                  // raised by this event (not before)
};

// A client pays with its agent's own payout method (§4.4), found after the
// association: when billing learns how the client pays, or when the agent
// sets a payout method a client of its already pays with.
struct PaymentMatch {
  std::string client_id, agent_id;
  std::string payment_fingerprint;  // how the client pays
  std::string payout_fingerprint;   // the agent's payout method it matched
  std::string method;               // mpesa, bank or card
  std::string found_by;             // "client_event:<id>" or "payout_method:<id>"
  Timestamp seen_at{};              // when the client event says it happened, or when the payout was set
  std::optional<engine::Association> association;
};

// The self-referral flag for a match, raised once per client, agent and
// fingerprint: answers the flag raised now, or the one raised before (and
// whether it is new).
std::pair<std::string, bool> RaisePaymentMatchFlag(ClientStore& store, const PaymentMatch& match,
                                                   Timestamp now);

// The agent's own details as the stores know them, to compare a new client
// with (§4.4): its company's and its people's emails and phones, its
// application's KRA PIN and registration, every payout method it has had.
AgentIdentity IdentityOf(Stores& stores, const agents::AgentProfile& agent);

// What an agent's referral link brought in: all time and the last 30 days.
struct ReferralStats {
  std::string agent_id;
  Timestamp as_of{};
  clients::ReferralCounts all_time, last_30_days;
};

// How clients come to the program: referral clicks (logged, deduplicated,
// remembered in a signed cookie) and the public signup, which associates the
// new client to the referring agent unless it is a self-referral (§4.4), in
// which case a fraud flag is raised for staff instead.
class ClientService {
 public:
  // `public_url` starts the links in the emails it sends.
  ClientService(Journal& journal, const Clock& clock, const accounts::PasswordHasher& hasher,
                std::string public_url);

  // Never fails for the visitor: an unknown or inactive referral id, or a
  // database problem, just sends it on without a cookie.
  ClickOutcome Click(const std::string& referral_id, const std::string& ip, const std::string& user_agent,
                     const std::string& referrer, const std::string& landing);
  Result<SignupOutcome> Signup(const clients::SignupForm& form,
                               const std::optional<std::string>& referral_cookie, const std::string& ip);
  Result<std::vector<clients::FraudFlag>> Flags(const accounts::Principal& actor, const std::string& status);

  // The agent's current clients with what it earned from each (staff, or the
  // agent's users).
  Result<std::vector<AgentClient>> AgentClients(const accounts::Principal& actor,
                                                const std::string& agent_id);
  // Clicks (repeats not counted), signups and self-referral flags of the
  // agent's link (staff, or the agent's users).
  Result<ReferralStats> Referrals(const accounts::Principal& actor, const std::string& agent_id);
  // The agent's users choose what they hear about one of their clients.
  Result<clients::NotificationPreferences> SetNotificationPreferences(
      const accounts::Principal& actor, const std::string& agent_id, const std::string& client_id,
      const clients::NotificationPreferences& preferences);
  Result<std::vector<clients::AgentNotification>> Notifications(const accounts::Principal& actor,
                                                                const std::string& agent_id);
  // After billing events were applied: an "invoice paid" notification for the
  // agent of each client that paid, if the agent wants it. Idempotent.
  void RecordBillingNotifications(const std::vector<boost::json::object>& events);

  // Something happened to a client elsewhere (a service changed state, an
  // invoice went overdue, a ticket was opened): its agent is notified if it
  // chose to be. Answers the agent notified, or nullopt (no agent, or it
  // does not want these). Idempotent per event id.
  Result<std::optional<std::string>> RecordClientEvent(const std::string& kind, const std::string& event_id,
                                                       const std::string& client_id, Timestamp at,
                                                       const std::string& detail_json);

  // Billing learned how a client pays (§4.4): if it is one of the payout
  // methods of the client's current agent, a self-referral fraud flag is
  // raised on that association (once per client, agent and method).
  // Idempotent per event id.
  Result<PaymentMethodOutcome> RecordPaymentMethod(const std::string& event_id, const std::string& client_id,
                                                   Timestamp at, const clients::PaymentMethod& method);

  // Clicks from one address on one link within this many seconds count once.
  static constexpr std::chrono::seconds kRepeatWindow{10};
  // Public client signups one address may make per hour (abuse of a public form).
  static constexpr int kSignupsPerIpPerHour = 5;
  static constexpr std::chrono::seconds kSignupWindow{3600};

 private:
  // The agent behind a signup's referral cookie, and how the signup compares
  // with it (read before the write).
  struct Referral {
    std::optional<clients::ReferralClick> click;
    std::optional<agents::AgentProfile> agent;
    bool agent_active = false;
    std::vector<std::string> matches;         // the self-referral evidence, if any
    std::optional<std::string> payout_match;  // the agent's payout fingerprint the client's method is
    // A genuine click of an active agent, and nothing of the agent's own.
    bool Attributed() const { return agent && agent_active && matches.empty(); }
  };
  Result<Referral> FindReferral(const std::optional<clients::ReferralCookie>& cookie,
                                const clients::Signup& signup, const std::string& ip);
  // The client, its user, the audit entry, its payment method and any fraud
  // flag, in the transaction that adds the client to the engine.
  Result<void> StoreSignup(Stores& stores, const SignupOutcome& outcome, const clients::Signup& signup,
                           const accounts::UserRecord& user, const Referral& referral, const std::string& ip,
                           bool& taken_meanwhile);
  Result<std::string> CookieKey();
  Result<void> CheckSignupRate(ClientStore& store, const std::string& ip);
  // A signup with the email of an existing user: nothing is created, the
  // user is told by email, and the caller gets the answer of a new signup.
  Result<SignupOutcome> SignupOfKnownEmail(const std::string& email, SignupOutcome outcome,
                                           const std::string& ip);

  Journal& journal_;
  const Clock& clock_;
  const accounts::PasswordHasher& hasher_;
  std::string public_url_;
  std::mutex key_mutex_;
  std::string cookie_key_;  // cached after the first read
};

}  // namespace wakala::clients
