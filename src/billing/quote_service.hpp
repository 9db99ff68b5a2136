#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/password.hpp"
#include "accounts/principal.hpp"
#include "billing/order_service.hpp"
#include "billing/quote.hpp"
#include "billing/store.hpp"
#include "clients/referral.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::billing {

// What an agent's user writes on a new quote: for one of the agent's
// clients (`client`), or else for a prospect.
struct QuoteForm {
  std::optional<std::string> client;
  Prospect prospect;  // name, company and email; required without a client
  std::string note;
  std::vector<QuoteLineRequest> lines;
  std::optional<std::chrono::year_month_day> valid_until;  // default: 30 days ahead
};

// A quote with what its reader sees at that time.
struct QuoteView {
  Quote quote;
  QuoteStatus status = QuoteStatus::kDraft;  // expired once a sent quote is past its validity
  Totals totals;
  std::string agent_name;  // the quoting agent company's, for the client's and the prospect's eyes
};

struct AcceptedQuote {
  QuoteView quote;
  PlacedOrder order;
  // A prospect who accepted: its new account (it signs in with the quote's
  // email and the password it chose).
  std::optional<std::string> client_id, user_id;
  bool associated = false;  // to the quoting agent (false: a self-referral, flagged for staff)
};

// Quotes (issue 13): an agent's people draft them from the catalogue or as
// free lines, send them (the email carries a link), follow them. The client
// (or its agent signed in as it, with accept_quotes) accepts or declines; a
// prospect does so through the secret link, and accepting makes it a client
// of that agent (source "quote", a signup of the agent's own, checked for
// self-referral like every signup). Acceptance places the order at the
// quoted prices.
class QuoteService {
 public:
  QuoteService(Journal& journal, const Clock& program_clock, RenewalPolicy policy,
               const accounts::PasswordHasher& hasher, std::string public_url);

  Result<QuoteView> Draft(const accounts::Principal& actor, const std::string& agent_id,
                          const QuoteForm& form, const std::string& ip);
  // Draft → sent: the client's users, or the prospect, are emailed a link.
  Result<QuoteView> Send(const accounts::Principal& actor, const std::string& quote_id,
                         const std::string& ip);
  // The agent takes back a draft or a sent quote not yet decided.
  Result<QuoteView> Withdraw(const accounts::Principal& actor, const std::string& quote_id,
                             const std::string& ip);

  // Staff and the agent's users: the agent's quotes (all statuses).
  Result<std::vector<QuoteView>> AgentQuotes(const accounts::Principal& actor, const std::string& agent_id,
                                             const std::optional<std::string>& status);
  // The client's users (view_quotes when signed in as it): its quotes from sent on.
  Result<std::vector<QuoteView>> ClientQuotes(const accounts::Principal& actor, const std::string& client_id);
  // Staff, the quoting agent's users, the client's users once sent; another's is "not found".
  Result<QuoteView> Find(const accounts::Principal& actor, const std::string& quote_id);

  // The client's users (accept_quotes when signed in as it).
  Result<AcceptedQuote> Accept(const accounts::Principal& actor, const std::string& quote_id,
                               const std::string& ip);
  Result<QuoteView> Decline(const accounts::Principal& actor, const std::string& quote_id,
                            const std::string& reason, const std::string& ip);

  // A prospect's link: the sent quote its secret names ("not found" for any other).
  Result<QuoteView> FindByLink(const std::string& secret);
  // The prospect accepts: its account (the quote's email; company, contact,
  // phone, password from the form) and its order, in one transaction.
  Result<AcceptedQuote> AcceptByLink(const std::string& secret, const clients::SignupForm& form,
                                     const std::string& ip);
  Result<QuoteView> DeclineByLink(const std::string& secret, const std::string& reason,
                                  const std::string& ip);

 private:
  Timestamp ActionTime();
  Result<Quote> Load(const std::string& quote_id);
  Result<Quote> LoadByLink(const std::string& secret);
  QuoteView WithAgentName(QuoteView view);
  std::vector<QuoteView> WithAgentNames(std::vector<QuoteView> views);
  Result<void> MayRead(const accounts::Principal& actor, const Quote& quote);
  // Sent → declined, by the client's user (`actor`) or the prospect (nullptr).
  Result<QuoteView> Decide(const Quote& quote, const accounts::Principal* actor, const std::string& reason,
                           const std::string& ip);
  Result<AcceptedQuote> AcceptForProspect(const Quote& quote, const clients::Signup& signup,
                                          const std::string& password_hash, const std::string& ip);

  Journal& journal_;
  const Clock& clock_;
  RenewalPolicy policy_;
  const accounts::PasswordHasher& hasher_;
  std::string public_url_;
};

QuoteView ViewOf(Quote quote, Timestamp now);

}  // namespace wakala::billing
