#pragma once

#include "clients/store.hpp"
#include "storage/account_store.hpp"
#include "storage/agent_records_store.hpp"
#include "storage/agent_store.hpp"
#include "storage/client_store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// Every domain store port over one SOCI session: what a service's
// transaction works on. clients::Stores is also an agents::Stores.
class SqlStores {
 public:
  explicit SqlStores(soci::session& session)
      : accounts_(session), agents_(session), records_(session), clients_(session) {}

  clients::Stores View() { return clients::Stores{{accounts_, agents_, records_}, clients_}; }

 private:
  SqlAccountStore accounts_;
  SqlAgentStore agents_;
  SqlAgentRecordsStore records_;
  SqlClientStore clients_;
};

}  // namespace wakala::storage
