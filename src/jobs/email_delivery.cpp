#include "jobs/email_delivery.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "storage/account_store.hpp"

namespace wakala::jobs {

namespace {

// A recipient's address is personal data: the log names the message only.
constexpr int kErrorTextLimit = 500;

std::string Clipped(std::string text) {
  if (text.size() > kErrorTextLimit) text.resize(kErrorTextLimit);
  return text;
}

}  // namespace

EmailDelivery::EmailDelivery(storage::Database& database, notify::MailTransport& transport,
                             const Clock& wall_clock, DeliveryPolicy policy, std::string holder,
                             std::string message_id_domain, JobTimings* timings)
    : database_(database),
      transport_(transport),
      clock_(wall_clock),
      policy_(policy),
      holder_(std::move(holder)),
      domain_(std::move(message_id_domain)),
      worker_(
          "email", policy_.interval, [this] { return Pass(); }, timings, &wall_clock) {}

EmailDelivery::~EmailDelivery() {
  Stop();
}

void EmailDelivery::Start() {
  spdlog::info("email: delivering the outbox every {} ms as {}", policy_.interval.count(), holder_);
  worker_.Start();
}

void EmailDelivery::Stop() {
  stop_requested_ = true;
  worker_.Stop();
}

bool EmailDelivery::Pass() {
  auto pass = RunOnce();
  if (!pass) {
    spdlog::error("email: delivery pass failed: {}", pass.error().message);
    return false;
  }
  if (pass->sent + pass->retried + pass->failed > 0) {
    spdlog::info("email: {} sent, {} to retry, {} failed", pass->sent, pass->retried, pass->failed);
  }
  return true;
}

Result<DeliveryPass> EmailDelivery::RunOnce() {
  DeliveryPass pass;
  while (!stop_requested_) {
    const Timestamp now = clock_.Now();
    std::vector<storage::StoredEmail> claimed;
    auto taken = database_.Write([&](soci::session& session) -> Result<void> {
      storage::EmailStore store(session);
      for (const auto& id : store.Due(now, policy_.batch)) {
        if (!store.Claim(id, holder_, now, now + policy_.lease)) continue;  // another server's now
        if (auto email = store.Find(id)) claimed.push_back(std::move(*email));
      }
      return {};
    });
    if (!taken) return Fail(taken.error());
    if (claimed.empty()) break;
    for (const auto& email : claimed) Deliver(email, pass);
    if (static_cast<int>(claimed.size()) < policy_.batch) break;
  }
  return pass;
}

void EmailDelivery::Deliver(const storage::StoredEmail& email, DeliveryPass& pass) {
  const std::string message_id = "<" + email.id + "@" + domain_ + ">";
  const auto sent = transport_.Send(notify::OutgoingMail{email.recipient, email.subject, email.text,
                                                         email.html, message_id, email.created_at});
  const Timestamp now = clock_.Now();
  bool recorded = false;
  auto written = database_.Write([&](soci::session& session) -> Result<void> {
    storage::EmailStore store(session);
    if (sent) {
      recorded = store.MarkSent(email.id, holder_, now, message_id);
      ++pass.sent;
    } else if (sent.error().permanent || email.attempts >= policy_.max_attempts) {
      const std::string why =
          Clipped(sent.error().reason) +
          (sent.error().permanent ? "" : " (after " + std::to_string(email.attempts) + " attempts)");
      recorded = store.MarkFailed(email.id, holder_, why);
      ++pass.failed;
      spdlog::warn("email: {} ({}) failed for good: {}", email.id, email.template_name, why);
    } else {
      const auto delay = notify::RetryDelay(email.attempts, policy_.first_retry, policy_.max_retry);
      recorded = store.MarkRetry(email.id, holder_, now + delay, Clipped(sent.error().reason));
      ++pass.retried;
      spdlog::warn("email: {} ({}) attempt {} failed, next in {} s: {}", email.id, email.template_name,
                   email.attempts, delay.count(), sent.error().reason);
    }
    return {};
  });
  if (!written) {
    spdlog::error("email: the outcome of {} was not recorded: {}", email.id, written.error().message);
  } else if (!recorded) {
    // The lease ran out during a very slow send and another server took the
    // message: its outcome is the one that counts.
    spdlog::warn("email: {} was taken by another server before its outcome was recorded", email.id);
  }
}

Result<OutboxReport> EmailOutbox::List(const accounts::Principal& actor, const OutboxQuery& query) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  OutboxReport report;
  report.delivery_configured = delivery_configured_;
  auto read = database_.Read([&](soci::session& session) -> Result<void> {
    storage::EmailStore store(session);
    report.items = store.List(query);
    report.queued = store.Count("queued");
    report.sending = store.Count("sending");
    report.failed = store.Count("failed");
    return {};
  });
  if (!read) return Fail(read.error());
  return report;
}

Result<OutboxEmail> EmailOutbox::Retry(const accounts::Principal& actor, const std::string& id,
                                       const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::optional<storage::StoredEmail> retried;
  auto written = database_.Write([&](soci::session& session) -> Result<void> {
    storage::EmailStore store(session);
    const auto email = store.Find(id);
    if (!email) return Fail(Error::NotFound("no email " + id));
    const Timestamp now = clock_.Now();
    if (!store.Requeue(id, now)) {
      return Fail(
          Error::Conflict("email " + id + " is " + email->status + "; only a failed email is retried"));
    }
    storage::SqlAccountStore(session).AppendAudit(accounts::AuditEntryFor(
        actor, "email_retried", "email:" + id, now, ip,
        boost::json::serialize(boost::json::object{{"last_error", email->last_error.value_or("")}})));
    retried = store.Find(id);
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*retried);
}

}  // namespace wakala::jobs
