#include "payouts/bank_file.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace wakala::payouts {

namespace {
constexpr std::size_t kMaxField = 200;
}  // namespace

std::string TransferFile(const std::vector<BankPayout>& payouts) {
  std::string file = "reference,payee,bank_code,account_number,amount,currency,narrative\r\n";
  for (const auto& payout : payouts) {
    file += fmt::format("{},{},{},{},{},KES,{}\r\n", CsvField(payout.withdrawal_id),
                        CsvField(payout.account_name), CsvField(payout.bank_code),
                        CsvField(payout.account_number), payout.amount.ToString(),
                        CsvField("Commission payout " + payout.batch_id));
  }
  return file;
}

Result<std::vector<BankConfirmation>> ReadBankConfirmation(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);  // a spreadsheet's byte-order mark
  auto rows = ReadCsv(csv);
  if (!rows) return Fail(Error::Invalid("bank confirmation: " + rows.error().message));
  if (rows->empty()) return Fail(Error::Invalid("bank confirmation: empty; it needs a header line and rows"));
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < rows->front().size(); ++i) column[ToLower(Trim(rows->front()[i]))] = i;
  std::vector<FieldError> problems;
  for (const char* required : {"reference", "status", "amount"}) {
    if (!column.contains(required)) problems.push_back({required, "column missing from the header line"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("bank confirmation: header incomplete", problems));
  std::vector<BankConfirmation> confirmations;
  std::set<std::string> seen;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    const std::size_t line = r + 1;
    const auto cell = [&](const char* name) -> std::string {
      const auto found = column.find(name);
      if (found == column.end() || found->second >= row.size()) return "";
      return std::string(Trim(row[found->second]));
    };
    const auto problem = [&](const char* name, std::string why) {
      problems.push_back({fmt::format("line {}: {}", line, name), std::move(why)});
    };
    BankConfirmation confirmation;
    confirmation.line = line;
    confirmation.reference = cell("reference");
    confirmation.status = ToLower(cell("status"));
    confirmation.bank_reference = cell("bank_reference");
    confirmation.reason = cell("reason");
    if (confirmation.reference.empty())
      problem("reference", "is required (the withdrawal id)");
    else if (!seen.insert(confirmation.reference).second)
      problem("reference", "appears twice in the file");
    if (confirmation.status != "paid" && confirmation.status != "failed")
      problem("status", "must be paid or failed");
    if (auto amount = Money::Parse(cell("amount")); amount)
      confirmation.amount = *amount;
    else
      problem("amount", amount.error().message);
    if (confirmation.status == "paid" && confirmation.bank_reference.empty())
      problem("bank_reference", "is required for a paid transfer");
    if (confirmation.status == "failed" && confirmation.reason.empty())
      problem("reason", "is required for a failed transfer");
    for (const auto* text : {&confirmation.reference, &confirmation.bank_reference, &confirmation.reason}) {
      if (text->size() > kMaxField)
        problem("line", fmt::format("a field longer than {} characters", kMaxField));
      if (!ControlCharacterProblem(*text, Lines::kOne).empty())
        problem("line", "control characters in a field");
    }
    confirmations.push_back(std::move(confirmation));
  }
  if (!problems.empty()) return Fail(Error::Invalid("bank confirmation: nothing was imported", problems));
  if (confirmations.empty()) return Fail(Error::Invalid("bank confirmation: no rows after the header"));
  return confirmations;
}

}  // namespace wakala::payouts
