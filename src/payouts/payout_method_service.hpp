#pragma once

#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "clients/payment.hpp"
#include "clients/store.hpp"
#include "core/clock.hpp"

namespace wakala::payouts {

// Where an agent's withdrawals are paid (M-Pesa or bank): set by its owner
// or staff. Every method it had is kept, newest first; the first is current
// unless it has ended_at. Its fingerprints count as the agent's own in the
// self-referral checks (§4.4), so setting one that a client of the agent
// pays with raises a fraud flag.
class PayoutMethodService {
 public:
  PayoutMethodService(clients::Journal& journal, const Clock& clock);

  Result<std::vector<clients::PayoutMethodRecord>> PayoutMethods(const accounts::Principal& actor,
                                                                 const std::string& agent_id);
  Result<std::vector<clients::PayoutMethodRecord>> SetPayoutMethod(const accounts::Principal& actor,
                                                                   const std::string& agent_id,
                                                                   const clients::PaymentMethodForm& form,
                                                                   const std::string& ip);

 private:
  // Staff or the agent's owner, of an agent the engine knows.
  Result<void> RequireOwner(const accounts::Principal& actor, const std::string& agent_id);

  clients::Journal& journal_;
  const Clock& clock_;
};

}  // namespace wakala::payouts
