#include "billing/renewal_service.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>

#include "billing/billing_service.hpp"
#include "billing/order_service.hpp"
#include "core/calendar.hpp"

namespace wakala::billing {

namespace json = boost::json;

namespace {
std::optional<std::string> AgentOfClient(Journal& journal, const std::string& client) {
  std::optional<std::string> agent;
  journal.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(client); });
  return agent;
}
}  // namespace

RenewalService::RenewalService(Journal& journal, const Clock& program_clock, RenewalPolicy policy,
                               std::string public_url)
    : journal_(journal), clock_(program_clock), policy_(policy), public_url_(std::move(public_url)) {}

Result<ScheduleRun> RenewalService::Run() {
  Timestamp now = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { now = std::max(now, engine.clock()); });
  ScheduleRun run;
  auto renewals = IssueRenewals(now);
  if (!renewals) return Fail(renewals.error());
  run.renewals = *renewals;
  auto reminders = SendReminders(now);
  if (!reminders) return Fail(reminders.error());
  run.reminders = *reminders;
  auto suspended = SuspendUnpaid(now);
  if (!suspended) return Fail(suspended.error());
  run.suspended = *suspended;
  return run;
}

Result<std::size_t> RenewalService::IssueRenewals(Timestamp now) {
  const auto horizon = EatDate(now + std::chrono::days(policy_.renewal_lead_days));
  std::size_t issued = 0;
  bool more = true;
  while (more) {
    std::size_t batch = 0;
    auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
      batch = 0;
      const auto due = stores.billing.ServicesDueForRenewal(horizon, kBatch);
      more = static_cast<int>(due.size()) == kBatch;
      // Most services of a batch share a few products: each is read once.
      std::map<std::string, std::optional<Product>> products;
      for (const auto& service : due) {
        auto [cached, inserted] = products.try_emplace(service.product);
        if (inserted) cached->second = stores.billing.FindProduct(service.product);
        const auto& product = cached->second;
        if (!product) continue;
        auto input = RenewalLine(service, *product, *service.next_due);
        if (!input) continue;
        auto line = PriceLine(*input, "1", "lines/0");
        if (!line) continue;
        Invoice draft;
        draft.id = NewInvoiceId();
        // The period is claimed first: if another server got there first it
        // has issued this renewal, and nothing is written for it here.
        if (!stores.billing.InsertRenewal(Renewal{service.id, *service.next_due, draft.id})) continue;
        draft.client = service.client;
        draft.kind = "renewal";
        draft.lines.push_back(std::move(*line));
        draft.issued_at = now;
        draft.due_at = StartOfEatDay(*service.next_due);
        draft.created_by = "scheduler";
        const Invoice invoice = InsertNewInvoice(stores, std::move(draft));
        if (auto emailed = EmailClient(stores, service.client, "invoice_issued",
                                       {{"description", service.description},
                                        {"renews", FormatDate(*service.next_due)},
                                        {"invoice", invoice.number},
                                        {"total", TotalsOf(invoice.lines).gross.ToString()}},
                                       public_url_, "/client/invoices/" + invoice.id, now);
            !emailed) {
          return emailed;
        }
        if (auto told = NotifyAgent(stores, AgentOfClient(journal_, service.client), service.client,
                                    "invoice_issued", invoice.id, InvoiceNotice(invoice), now, public_url_);
            !told) {
          return told;
        }
        ++batch;
      }
      return {};
    });
    if (!written) return Fail(written.error());
    issued += batch;
    // A batch that claimed nothing new (all taken elsewhere) ends the pass:
    // the other server is working through the rest.
    if (batch == 0) break;
  }
  return issued;
}

Result<std::size_t> RenewalService::SendReminders(Timestamp now) {
  std::size_t sent = 0;
  const auto remind = [&](const char* kind, Timestamp cutoff, bool overdue) -> Result<void> {
    bool more = true;
    while (more) {
      std::size_t batch = 0;
      std::vector<std::pair<std::string, std::string>> overdue_clients;  // client, invoice
      auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
        batch = 0;
        overdue_clients.clear();
        const auto invoices = stores.billing.InvoicesToRemind(kind, cutoff, kBatch);
        more = static_cast<int>(invoices.size()) == kBatch;
        for (const auto& invoice : invoices) {
          if (!stores.billing.RecordReminder(invoice.id, kind, now)) continue;
          ++batch;
          const std::string total = TotalsOf(invoice.lines).gross.ToString();
          const notify::Params params{
              {"invoice", invoice.number}, {"total", total}, {"due", FormatEat(invoice.due_at)}};
          const std::string path = "/client/invoices/" + invoice.id;
          if (overdue) {
            auto emailed =
                EmailClient(stores, invoice.client, "invoice_overdue", params, public_url_, path, now);
            if (!emailed) return emailed;
            overdue_clients.emplace_back(invoice.client, invoice.id);
          } else if (invoice.due_at > now) {
            auto emailed =
                EmailClient(stores, invoice.client, "invoice_reminder", params, public_url_, path, now);
            if (!emailed) return emailed;
          }
        }
        // The clients' agents hear of overdue invoices in the same transaction.
        for (const auto& [client, invoice_id] : overdue_clients) {
          auto told =
              NotifyAgent(stores, AgentOfClient(journal_, client), client, "invoice_overdue", invoice_id,
                          json::serialize(json::object{{"invoice", invoice_id}}), now, public_url_);
          if (!told) return told;
        }
        return {};
      });
      if (!written) return Fail(written.error());
      sent += batch;
      if (batch == 0) break;
    }
    return {};
  };
  if (auto before = remind("before_due", now + std::chrono::days(policy_.reminder_days_before), false);
      !before) {
    return Fail(before.error());
  }
  if (auto after = remind("after_due", now - std::chrono::days(policy_.reminder_days_after), true); !after) {
    return Fail(after.error());
  }
  return sent;
}

Result<std::size_t> RenewalService::SuspendUnpaid(Timestamp now) {
  const Timestamp cutoff = now - std::chrono::days(policy_.suspend_after_days);
  std::size_t suspended = 0;
  bool more = true;
  while (more) {
    std::size_t batch = 0;
    auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
      batch = 0;
      const auto overdue = stores.billing.OverdueRenewals(cutoff, kBatch);
      more = static_cast<int>(overdue.size()) == kBatch;
      for (const auto& renewal : overdue) {
        auto service = stores.billing.FindService(renewal.service);
        if (!service || service->state != ServiceState::kActive) continue;
        service->state = ServiceState::kSuspended;
        service->suspended_at = now;
        if (!stores.billing.UpdateService(*service, ServiceState::kActive)) continue;
        ++batch;
        auto told = NotifyAgent(stores, AgentOfClient(journal_, service->client), service->client,
                                "service_state_changed", service->id + "-suspended-" + renewal.invoice,
                                json::serialize(json::object{{"service", service->id},
                                                             {"description", service->description},
                                                             {"state", "suspended"},
                                                             {"invoice", renewal.invoice}}),
                                now, public_url_);
        if (!told) return told;
        const auto invoice = stores.billing.FindInvoice(renewal.invoice);
        auto emailed = EmailClient(
            stores, service->client, "service_suspended",
            {{"description", service->description}, {"invoice", invoice ? invoice->number : renewal.invoice}},
            public_url_, "/client/invoices/" + renewal.invoice, now);
        if (!emailed) return emailed;
      }
      return {};
    });
    if (!written) return Fail(written.error());
    suspended += batch;
    if (batch == 0) break;
  }
  return suspended;
}

}  // namespace wakala::billing
