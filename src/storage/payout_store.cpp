#include "storage/payout_store.hpp"

#include <soci/soci.h>

#include "storage/sql_values.hpp"

namespace wakala::storage {

using payouts::BankPayout;
using payouts::MpesaPayment;
using payouts::PayoutCallback;

namespace sql {
constexpr const char* kInsertPayment =
    "INSERT INTO mpesa_payments (id, withdrawal_id, agent_id, part, parts, phone, amount_cents, "
    "paid_gross_cents, state, result_desc, next_at, created_at, updated_at) VALUES (:id, :withdrawal_id, "
    ":agent_id, :part, :parts, :phone, :amount, :paid_gross, :state, '', :next_at, :created_at, :updated_at) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kHasPayments =
    "SELECT COUNT(*) FROM mpesa_payments WHERE withdrawal_id = :withdrawal_id";
constexpr const char* kPaymentColumns =
    "SELECT id, withdrawal_id, agent_id, part, parts, phone, amount_cents, paid_gross_cents, state, "
    "conversation_id, receipt, result_code, lease_holder, result_desc, send_attempts, status_queries, "
    "next_at, "
    "created_at, updated_at FROM mpesa_payments ";
// On the (state, next_at) index; a claimed payment's next_at is its lease's end.
constexpr const char* kDue =
    "SELECT id FROM mpesa_payments WHERE state = :state AND next_at <= :now ORDER BY next_at, id LIMIT "
    ":limit";
constexpr const char* kClaim =
    "UPDATE mpesa_payments SET lease_holder = :holder, next_at = :lease_until WHERE id = :id AND state = "
    ":state AND next_at <= :now";
constexpr const char* kUpdate =
    "UPDATE mpesa_payments SET state = :state, conversation_id = :conversation_id, receipt = :receipt, "
    "result_code = :result_code, result_desc = :result_desc, send_attempts = :send_attempts, status_queries "
    "= "
    ":status_queries, next_at = :next_at, lease_holder = NULL, updated_at = :updated_at WHERE id = :id AND "
    "state = :from_state";
constexpr const char* kInsertCallback =
    "INSERT INTO payout_callbacks (id, received_at, kind, payment_id, outcome, reason, ip, body) VALUES "
    "(:id, "
    ":received_at, :kind, :payment_id, :outcome, :reason, :ip, :body)";
constexpr const char* kCallbacksOf =
    "SELECT id, received_at, kind, payment_id, outcome, reason, ip, body FROM payout_callbacks WHERE "
    "payment_id = :payment_id ORDER BY received_at, id";
constexpr const char* kInsertBank =
    "INSERT INTO bank_payouts (withdrawal_id, batch_id, agent_id, account_name, bank_code, account_number, "
    "amount_cents, state, exported_at) SELECT :withdrawal_id, :batch_id, :agent_id, :account_name, "
    ":bank_code, :account_number, :amount, 'exported', :exported_at WHERE NOT EXISTS (SELECT 1 FROM "
    "bank_payouts WHERE withdrawal_id = :withdrawal_id2)";
constexpr const char* kBankColumns =
    "SELECT withdrawal_id, batch_id, agent_id, account_name, bank_code, account_number, amount_cents, state, "
    "bank_reference, reason, exported_at, confirmed_at FROM bank_payouts ";
constexpr const char* kConfirmBank =
    "UPDATE bank_payouts SET state = :state, bank_reference = :reference, reason = :reason, confirmed_at = "
    ":at WHERE withdrawal_id = :withdrawal_id AND state = 'exported'";
}  // namespace sql

namespace {

struct PaymentRow {
  MpesaPayment payment;
  long long amount = 0, gross = 0, next = 0, created = 0, updated = 0;
  NullableText conversation, receipt, code, holder;

  void Bind(soci::statement& statement) {
    statement.exchange(soci::into(payment.id));
    statement.exchange(soci::into(payment.withdrawal_id));
    statement.exchange(soci::into(payment.agent_id));
    statement.exchange(soci::into(payment.part));
    statement.exchange(soci::into(payment.parts));
    statement.exchange(soci::into(payment.phone));
    statement.exchange(soci::into(amount));
    statement.exchange(soci::into(gross));
    statement.exchange(soci::into(payment.state));
    statement.exchange(soci::into(conversation.value, conversation.indicator));
    statement.exchange(soci::into(receipt.value, receipt.indicator));
    statement.exchange(soci::into(code.value, code.indicator));
    statement.exchange(soci::into(holder.value, holder.indicator));
    statement.exchange(soci::into(payment.result_desc));
    statement.exchange(soci::into(payment.send_attempts));
    statement.exchange(soci::into(payment.status_queries));
    statement.exchange(soci::into(next));
    statement.exchange(soci::into(created));
    statement.exchange(soci::into(updated));
  }

  MpesaPayment Get() const {
    MpesaPayment read = payment;
    read.amount = Money::Cents(amount);
    read.paid_gross = Money::Cents(gross);
    read.conversation_id = conversation.Get();
    read.receipt = receipt.Get();
    read.result_code = code.Get();
    read.lease_holder = holder.Get();
    read.next_at = FromUnixSeconds(next);
    read.created_at = FromUnixSeconds(created);
    read.updated_at = FromUnixSeconds(updated);
    return read;
  }
};

struct BankRow {
  BankPayout payout;
  long long amount = 0, exported = 0;
  NullableText reference, reason;
  NullableTime confirmed;

  void Bind(soci::statement& statement) {
    statement.exchange(soci::into(payout.withdrawal_id));
    statement.exchange(soci::into(payout.batch_id));
    statement.exchange(soci::into(payout.agent_id));
    statement.exchange(soci::into(payout.account_name));
    statement.exchange(soci::into(payout.bank_code));
    statement.exchange(soci::into(payout.account_number));
    statement.exchange(soci::into(amount));
    statement.exchange(soci::into(payout.state));
    statement.exchange(soci::into(reference.value, reference.indicator));
    statement.exchange(soci::into(reason.value, reason.indicator));
    statement.exchange(soci::into(exported));
    statement.exchange(soci::into(confirmed.value, confirmed.indicator));
  }

  BankPayout Get() const {
    BankPayout read = payout;
    read.amount = Money::Cents(amount);
    read.bank_reference = reference.Get();
    read.reason = reason.Get();
    read.exported_at = FromUnixSeconds(exported);
    read.confirmed_at = confirmed.Get();
    return read;
  }
};

bool Changed(soci::statement& statement) {
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

}  // namespace

bool SqlPayoutStore::InsertPayments(const std::vector<MpesaPayment>& parts) {
  if (parts.empty()) return false;
  long long existing = 0;
  session_ << sql::kHasPayments, soci::into(existing), soci::use(parts.front().withdrawal_id);
  if (existing > 0) return false;
  // The ids are the parts' own (PaymentIdOf): another server inserting the
  // same parts at the same moment makes these no-ops, not an error.
  bool inserted = false;
  for (const MpesaPayment& payment : parts) {
    const long long amount = payment.amount.cents();
    const long long gross = payment.paid_gross.cents();
    const long long next = ToUnixSeconds(payment.next_at);
    const long long created = ToUnixSeconds(payment.created_at);
    const long long updated = ToUnixSeconds(payment.updated_at);
    soci::statement statement =
        (session_.prepare << sql::kInsertPayment, soci::use(payment.id), soci::use(payment.withdrawal_id),
         soci::use(payment.agent_id), soci::use(payment.part), soci::use(payment.parts),
         soci::use(payment.phone), soci::use(amount), soci::use(gross), soci::use(payment.state),
         soci::use(next), soci::use(created), soci::use(updated));
    inserted = Changed(statement) || inserted;
  }
  return inserted;
}

std::vector<MpesaPayment> SqlPayoutStore::Payments(const std::string& condition, const std::string& key) {
  PaymentRow row;
  soci::statement statement(session_);
  row.Bind(statement);
  statement.exchange(soci::use(key));
  Prepare(statement, std::string(sql::kPaymentColumns) + condition);
  statement.execute();
  std::vector<MpesaPayment> payments;
  while (statement.fetch()) payments.push_back(row.Get());
  return payments;
}

std::vector<MpesaPayment> SqlPayoutStore::PaymentsOf(const std::string& withdrawal_id) {
  return Payments("WHERE withdrawal_id = :key ORDER BY part", withdrawal_id);
}

std::optional<MpesaPayment> SqlPayoutStore::FindPayment(const std::string& id) {
  auto found = Payments("WHERE id = :key", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<std::string> SqlPayoutStore::DuePayments(const std::string& state, Timestamp now, int limit) {
  const long long at = ToUnixSeconds(now);
  std::string id;
  soci::statement statement =
      (session_.prepare << sql::kDue, soci::into(id), soci::use(state), soci::use(at), soci::use(limit));
  statement.execute();
  std::vector<std::string> due;
  while (statement.fetch()) due.push_back(id);
  return due;
}

bool SqlPayoutStore::ClaimPayment(const std::string& id, const std::string& state, const std::string& holder,
                                  Timestamp now, Timestamp lease_until) {
  const long long until = ToUnixSeconds(lease_until);
  const long long at = ToUnixSeconds(now);
  soci::statement statement = (session_.prepare << sql::kClaim, soci::use(holder), soci::use(until),
                               soci::use(id), soci::use(state), soci::use(at));
  return Changed(statement);
}

bool SqlPayoutStore::UpdatePayment(const MpesaPayment& payment, const std::string& from_state) {
  BoundText conversation(payment.conversation_id);
  BoundText receipt(payment.receipt);
  BoundText code(payment.result_code);
  const long long next = ToUnixSeconds(payment.next_at);
  const long long updated = ToUnixSeconds(payment.updated_at);
  soci::statement statement =
      (session_.prepare << sql::kUpdate, soci::use(payment.state),
       soci::use(conversation.value, conversation.indicator), soci::use(receipt.value, receipt.indicator),
       soci::use(code.value, code.indicator), soci::use(payment.result_desc),
       soci::use(payment.send_attempts), soci::use(payment.status_queries), soci::use(next),
       soci::use(updated), soci::use(payment.id), soci::use(from_state));
  return Changed(statement);
}

void SqlPayoutStore::InsertCallback(const PayoutCallback& callback) {
  const long long received = ToUnixSeconds(callback.received_at);
  session_ << sql::kInsertCallback, soci::use(callback.id), soci::use(received), soci::use(callback.kind),
      soci::use(callback.payment_id), soci::use(callback.outcome), soci::use(callback.reason),
      soci::use(callback.ip), soci::use(callback.body);
}

std::vector<PayoutCallback> SqlPayoutStore::CallbacksOf(const std::string& payment_id) {
  PayoutCallback callback;
  long long received = 0;
  soci::statement statement =
      (session_.prepare << sql::kCallbacksOf, soci::into(callback.id), soci::into(received),
       soci::into(callback.kind), soci::into(callback.payment_id), soci::into(callback.outcome),
       soci::into(callback.reason), soci::into(callback.ip), soci::into(callback.body),
       soci::use(payment_id));
  statement.execute();
  std::vector<PayoutCallback> callbacks;
  while (statement.fetch()) {
    callback.received_at = FromUnixSeconds(received);
    callbacks.push_back(callback);
  }
  return callbacks;
}

bool SqlPayoutStore::InsertBankPayout(const BankPayout& payout) {
  const long long amount = payout.amount.cents();
  const long long exported = ToUnixSeconds(payout.exported_at);
  soci::statement statement =
      (session_.prepare << sql::kInsertBank, soci::use(payout.withdrawal_id), soci::use(payout.batch_id),
       soci::use(payout.agent_id), soci::use(payout.account_name), soci::use(payout.bank_code),
       soci::use(payout.account_number), soci::use(amount), soci::use(exported),
       soci::use(payout.withdrawal_id));
  return Changed(statement);
}

std::vector<BankPayout> SqlPayoutStore::BankPayouts(const std::string& condition, const std::string& key) {
  BankRow row;
  soci::statement statement(session_);
  row.Bind(statement);
  statement.exchange(soci::use(key));
  Prepare(statement, std::string(sql::kBankColumns) + condition);
  statement.execute();
  std::vector<BankPayout> payouts;
  while (statement.fetch()) payouts.push_back(row.Get());
  return payouts;
}

std::optional<BankPayout> SqlPayoutStore::FindBankPayout(const std::string& withdrawal_id) {
  auto found = BankPayouts("WHERE withdrawal_id = :key", withdrawal_id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<BankPayout> SqlPayoutStore::BankBatch(const std::string& batch_id) {
  return BankPayouts("WHERE batch_id = :key ORDER BY withdrawal_id", batch_id);
}

bool SqlPayoutStore::ConfirmBankPayout(const std::string& withdrawal_id, const std::string& state,
                                       const std::optional<std::string>& reference,
                                       const std::optional<std::string>& reason, Timestamp at) {
  BoundText bound_reference(reference);
  BoundText bound_reason(reason);
  const long long when = ToUnixSeconds(at);
  soci::statement statement =
      (session_.prepare << sql::kConfirmBank, soci::use(state),
       soci::use(bound_reference.value, bound_reference.indicator),
       soci::use(bound_reason.value, bound_reason.indicator), soci::use(when), soci::use(withdrawal_id));
  return Changed(statement);
}

}  // namespace wakala::storage
