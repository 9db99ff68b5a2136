#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "clients/client_service.hpp"
#include "clients/store.hpp"

namespace wakala::billing {

// Billing events from a provider's own billing system (the signed webhook,
// POST /api/v1/billing-events): invoices paid, refunds and chargebacks go to
// the commission engine as one batch, and then to the notices the clients'
// agents asked for. Built-in billing (the next issue) adds its own services
// beside this one.
class BillingEventService {
 public:
  BillingEventService(clients::Journal& journal, clients::ClientService& clients);

  // All of `events` or none; a retry of an event already applied comes back
  // as not applied.
  Result<std::vector<engine::EventOutcome>> Ingest(const std::vector<boost::json::object>& events);

 private:
  clients::Journal& journal_;
  clients::ClientService& clients_;
};

}  // namespace wakala::billing
