#pragma once

#include <optional>
#include <string>
#include <vector>

#include "payouts/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// M-Pesa payments, the callbacks that reached them and bank transfer files
// (SQL of both engines), inside a transaction opened by Database.
class SqlPayoutStore final : public payouts::PayoutStore {
 public:
  explicit SqlPayoutStore(soci::session& session) : session_(session) {}

  bool InsertPayments(const std::vector<payouts::MpesaPayment>& parts) override;
  std::vector<payouts::MpesaPayment> PaymentsOf(const std::string& withdrawal_id) override;
  std::optional<payouts::MpesaPayment> FindPayment(const std::string& id) override;
  std::vector<std::string> DuePayments(const std::string& state, Timestamp now, int limit) override;
  bool ClaimPayment(const std::string& id, const std::string& state, const std::string& holder, Timestamp now,
                    Timestamp lease_until) override;
  bool UpdatePayment(const payouts::MpesaPayment& payment, const std::string& from_state) override;

  void InsertCallback(const payouts::PayoutCallback& callback) override;
  std::vector<payouts::PayoutCallback> CallbacksOf(const std::string& payment_id) override;

  bool InsertBankPayout(const payouts::BankPayout& payout) override;
  std::optional<payouts::BankPayout> FindBankPayout(const std::string& withdrawal_id) override;
  std::vector<payouts::BankPayout> BankBatch(const std::string& batch_id) override;
  bool ConfirmBankPayout(const std::string& withdrawal_id, const std::string& state,
                         const std::optional<std::string>& reference,
                         const std::optional<std::string>& reason, Timestamp at) override;

 private:
  std::vector<payouts::MpesaPayment> Payments(const std::string& condition, const std::string& key);
  std::vector<payouts::BankPayout> BankPayouts(const std::string& condition, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
