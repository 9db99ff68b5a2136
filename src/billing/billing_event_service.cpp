#include "billing/billing_event_service.hpp"

namespace wakala::billing {

BillingEventService::BillingEventService(clients::Journal& journal, clients::ClientService& clients)
    : journal_(journal), clients_(clients) {}

Result<std::vector<engine::EventOutcome>> BillingEventService::Ingest(
    const std::vector<boost::json::object>& events) {
  auto outcomes = journal_.ApplyEvents(events);
  if (!outcomes) return Fail(outcomes.error());
  clients_.RecordBillingNotifications(events);
  return outcomes;
}

}  // namespace wakala::billing
