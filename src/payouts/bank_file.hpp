#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "payouts/store.hpp"

// Bank payouts as files, pure: the transfer file finance uploads to the
// bank, and the bank's confirmation read back.
namespace wakala::payouts {

// The transfer file (CSV, RFC 4180): one row per withdrawal, its id as the
// payment's reference so the bank's confirmation names it.
std::string TransferFile(const std::vector<BankPayout>& payouts);

// One line of the bank's confirmation.
struct BankConfirmation {
  std::size_t line = 0;   // 1-based, header included
  std::string reference;  // the withdrawal id
  std::string status;     // paid, failed
  Money amount;
  std::string bank_reference, reason;
};

// The confirmation as CSV with a header naming its columns, in any order:
// reference, status (paid or failed), amount (12500.00), bank_reference
// (required when paid), reason (required when failed). Every problem is
// reported with its line and column; any problem and nothing is returned.
Result<std::vector<BankConfirmation>> ReadBankConfirmation(std::string_view csv);

}  // namespace wakala::payouts
