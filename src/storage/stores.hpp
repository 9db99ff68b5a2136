#pragma once

#include "billing/store.hpp"
#include "clients/store.hpp"
#include "storage/account_store.hpp"
#include "storage/agent_records_store.hpp"
#include "storage/agent_store.hpp"
#include "storage/billing_store.hpp"
#include "storage/client_store.hpp"
#include "storage/payout_store.hpp"
#include "storage/quote_store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// Every domain store port over one SOCI session: what a service's
// transaction works on. payouts::Stores is also a billing::Stores, which is
// also a clients::Stores, which is also an agents::Stores.
class SqlStores {
 public:
  explicit SqlStores(soci::session& session)
      : accounts_(session),
        agents_(session),
        records_(session),
        clients_(session),
        billing_(session),
        quotes_(session),
        payouts_(session) {}

  payouts::Stores View() {
    return payouts::Stores{{{{accounts_, agents_, records_}, clients_}, billing_, quotes_}, payouts_};
  }

 private:
  SqlAccountStore accounts_;
  SqlAgentStore agents_;
  SqlAgentRecordsStore records_;
  SqlClientStore clients_;
  SqlBillingStore billing_;
  SqlQuoteStore quotes_;
  SqlPayoutStore payouts_;
};

}  // namespace wakala::storage
