// The pure rules of payouts: whole-shilling M-Pesa amounts, parts under the
// per-payment limit, Daraja's callback JSON, the RSA credential, and the
// bank's confirmation file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "core/csv.hpp"
#include "payouts/bank_file.hpp"
#include "payouts/daraja.hpp"
#include "payouts/mpesa.hpp"

namespace wakala::payouts {
namespace {

Money Kes(std::int64_t cents) {
  return Money::Cents(cents);
}

TEST(WholeShillings, TheGrossPaidIsTheLargestWhoseNetIsWhole) {
  const BasisPoints resident{500};
  const BasisPoints non_resident{2000};
  // Already whole: nothing changes.
  const auto even = WholeShillings(Kes(10'000'00), resident);
  EXPECT_EQ(even.gross, Kes(10'000'00));
  EXPECT_EQ(even.tax, Kes(500'00));
  EXPECT_EQ(even.net, Kes(9'500'00));
  // 5% of 10,000.50 is 500.03: net 9,500.47; 10,000.00 is the largest with a whole net.
  const auto cents = WholeShillings(Kes(10'000'50), resident);
  EXPECT_EQ(cents.gross, Kes(10'000'00));
  EXPECT_EQ(cents.net, Kes(9'500'00));
  // 20% of 12,345.67 is 2,469.13: net 9,876.54 → 12,345.00 pays 9,876.00.
  const auto abroad = WholeShillings(Kes(12'345'67), non_resident);
  EXPECT_EQ(abroad.gross, Kes(12'345'00));
  EXPECT_EQ(abroad.tax, Kes(2'469'00));
  EXPECT_EQ(abroad.net, Kes(9'876'00));
}

TEST(WholeShillings, HoldsForRandomAmountsAndRates) {
  unsigned seed = std::random_device{}();
  if (const char* given = std::getenv("WAKALA_TEST_SEED")) seed = static_cast<unsigned>(std::stoul(given));
  std::cout << "WholeShillings seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  std::mt19937_64 random(seed);
  for (int i = 0; i < 20000; ++i) {
    const Money gross = Kes(static_cast<std::int64_t>(random() % 100'000'000'00ULL) + 10'000'00);
    const BasisPoints rate{static_cast<std::int32_t>(random() % 5000)};
    const auto paid = WholeShillings(gross, rate);
    ASSERT_LE(paid.gross, gross);
    ASSERT_EQ(paid.tax, ApplyRate(paid.gross, rate));
    ASSERT_EQ(paid.net, paid.gross - paid.tax);
    ASSERT_EQ(paid.net.cents() % 100, 0) << gross.ToString();
    // Under a shilling of net is left, and nothing larger would do.
    ASSERT_LT((gross - ApplyRate(gross, rate)) - paid.net, Kes(100)) << gross.ToString();
    for (Money more = paid.gross + Kes(1); more <= gross; more += Kes(1)) {
      ASSERT_NE((more - ApplyRate(more, rate)).cents() % 100, 0) << gross.ToString();
    }
  }
}

TEST(SplitPayout, PartsAreAsEqualAsWholeShillingsAllowAndSumToTheNet) {
  const Money limit = Kes(150'000'00);
  EXPECT_EQ(SplitPayout(Kes(9'500'00), limit), (std::vector<Money>{Kes(9'500'00)}));
  EXPECT_EQ(SplitPayout(Kes(150'000'00), limit), (std::vector<Money>{Kes(150'000'00)}));
  // Never 150,000 + 5 (under Daraja's minimum): two near halves.
  EXPECT_EQ(SplitPayout(Kes(150'005'00), limit), (std::vector<Money>{Kes(75'003'00), Kes(75'002'00)}));
  EXPECT_EQ(SplitPayout(Kes(24'719'00), Kes(10'000'00)),
            (std::vector<Money>{Kes(8'240'00), Kes(8'240'00), Kes(8'239'00)}));
  EXPECT_TRUE(SplitPayout(Money{}, limit).empty());
}

TEST(PaymentIds, APartAlwaysHasTheSameIdAndPartsDiffer) {
  EXPECT_EQ(PaymentIdOf("WD-AG-DEMO-key-0001", 1), PaymentIdOf("WD-AG-DEMO-key-0001", 1));
  EXPECT_NE(PaymentIdOf("WD-AG-DEMO-key-0001", 1), PaymentIdOf("WD-AG-DEMO-key-0001", 2));
  EXPECT_NE(PaymentIdOf("WD-AG-DEMO-key-0001", 1), PaymentIdOf("WD-AG-DEMO-key-0002", 1));
  EXPECT_LE(PaymentIdOf(std::string(80, 'x'), 12).size(), 40U);
}

TEST(Msisdn, OnlyKenyanMobileNumbersArePaid) {
  EXPECT_EQ(MsisdnOf("+254712345678"), "254712345678");
  EXPECT_EQ(MsisdnOf("+254110345678"), "254110345678");
  EXPECT_FALSE(MsisdnOf("+447700900123"));
  EXPECT_FALSE(MsisdnOf("+25420123456"));    // a Nairobi landline
  EXPECT_FALSE(MsisdnOf("+2547123456789"));  // one digit too many
  EXPECT_FALSE(MsisdnOf(""));
}

TEST(MpesaCallbacks, AResultIsReadWithItsParameters) {
  const auto read = ParseResult(R"({"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"ok",
    "OriginatorConversationID":"WKL1-1","ConversationID":"AG_1","TransactionID":"SKR1",
    "ResultParameters":{"ResultParameter":[{"Key":"TransactionAmount","Value":9500},
      {"Key":"TransactionReceipt","Value":"SKR1"},{"Key":"B2CUtilityAccountAvailableFunds","Value":10116.5}]}}})");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->result_code, "0");
  EXPECT_EQ(read->originator_id, "WKL1-1");
  EXPECT_EQ(read->parameters.at("TransactionAmount"), "9500");
  EXPECT_EQ(read->parameters.at("TransactionReceipt"), "SKR1");
  EXPECT_FALSE(read->parameters.contains("B2CUtilityAccountAvailableFunds"));  // a decimal: not read
  // One parameter alone may come as an object; the code may be a string.
  const auto single = ParseResult(R"({"Result":{"ResultCode":"2001","OriginatorConversationID":"x",
    "ResultParameters":{"ResultParameter":{"Key":"ReceiptNo","Value":"S1"}}}})");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->result_code, "2001");
  EXPECT_EQ(single->parameters.at("ReceiptNo"), "S1");
}

TEST(MpesaCallbacks, AnythingElseIsMalformedWithAReason) {
  for (
      const std::string& body :
      {std::string("not json"), std::string("[]"), std::string(R"({"result":{}})"),
       std::string(R"({"Result":[]})"), std::string(R"({"Result":{"OriginatorConversationID":"x"}})"),
       std::string(R"({"Result":{"ResultCode":0}})"),
       std::string(R"({"Result":{"ResultCode":1.5,"OriginatorConversationID":"x"}})"),
       std::string(R"({"Result":{"ResultCode":0,"OriginatorConversationID":{}}})"),
       std::string(R"({"Result":{"ResultCode":0,"OriginatorConversationID":"x","ResultParameters":{}}})"),
       std::string(
           R"({"Result":{"ResultCode":0,"OriginatorConversationID":"x","ResultParameters":{"ResultParameter":[{"Value":1}]}}})"),
       std::string(70000, ' ')}) {
    const auto read = ParseResult(body);
    ASSERT_FALSE(read) << body;
    EXPECT_EQ(read.error().message.rfind("malformed callback: ", 0), 0U) << read.error().message;
  }
}

TEST(MpesaCallbacks, AmountsAreWholeShillings) {
  EXPECT_EQ(*ShillingsOf("9500"), Kes(9'500'00));
  EXPECT_EQ(*ShillingsOf("9500.00"), Kes(9'500'00));
  for (const char* bad : {"", "0", "09500", "9500.5", "9500.50", "-1", "1e3", "abc", "9999999999999"}) {
    EXPECT_FALSE(ShillingsOf(bad)) << bad;
  }
}

TEST(SecurityCredential, IsThePasswordEncryptedWithTheCertificatesKey) {
  const auto dir = std::filesystem::temp_directory_path() / ("wakala-credential-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string key = (dir / "key.pem").string();
  const std::string cert = (dir / "cert.pem").string();
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                         " -subj /CN=test -days 1 2>/dev/null")
                            .c_str()),
            0);
  std::ifstream file(cert);
  std::stringstream pem;
  pem << file.rdbuf();
  const auto first = SecurityCredential(pem.str(), "Initiator#2026");
  ASSERT_TRUE(first) << first.error().message;
  // PKCS#1 v1.5 is randomised: two credentials differ, both decrypt to the password.
  const auto second = SecurityCredential(pem.str(), "Initiator#2026");
  EXPECT_NE(*first, *second);
  std::ofstream(dir / "sealed.b64") << *first << "\n";
  ASSERT_EQ(std::system(("openssl base64 -d -A -in " + (dir / "sealed.b64").string() + " -out " +
                         (dir / "sealed.bin").string() + " && openssl pkeyutl -decrypt -inkey " + key +
                         " -pkeyopt rsa_padding_mode:pkcs1 -in " + (dir / "sealed.bin").string() + " -out " +
                         (dir / "plain.txt").string())
                            .c_str()),
            0);
  std::ifstream plain(dir / "plain.txt");
  std::stringstream password;
  password << plain.rdbuf();
  EXPECT_EQ(password.str(), "Initiator#2026");
  EXPECT_FALSE(SecurityCredential("not a certificate", "x"));
  std::filesystem::remove_all(dir);
}

TEST(BankConfirmation, IsReadByItsHeaderInAnyOrder) {
  const auto read = ReadBankConfirmation(
      "\xEF\xBB\xBFStatus,Reference,Amount,Bank_Reference,Reason\r\npaid,WD-1,9500.00,FT1,\r\n"
      "failed,\"WD-2\",9500.00,,\"account closed, by the bank\"\r\n\r\n");
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), 2U);
  EXPECT_EQ((*read)[0].reference, "WD-1");
  EXPECT_EQ((*read)[0].bank_reference, "FT1");
  EXPECT_EQ((*read)[1].line, 3U);
  EXPECT_EQ((*read)[1].reason, "account closed, by the bank");
}

TEST(BankConfirmation, EveryBadLineIsNamedAndNothingIsReturned) {
  const auto read = ReadBankConfirmation(
      "reference,status,amount,bank_reference,reason\n"
      "WD-1,paid,9500,,\n"    // amount not in the money grammar, no bank reference
      "WD-1,failed,1.00,,\n"  // twice, no reason
      ",lost,1.00,,\n");      // no reference, unknown status
  ASSERT_FALSE(read);
  std::vector<std::string> fields;
  for (const auto& problem : read.error().fields) fields.push_back(problem.field);
  for (const char* expected : {"line 2: amount", "line 2: bank_reference", "line 3: reference",
                               "line 3: reason", "line 4: reference", "line 4: status"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
  EXPECT_FALSE(ReadBankConfirmation(""));
  EXPECT_FALSE(ReadBankConfirmation("reference,amount\nWD-1,1.00\n"));  // no status column
  EXPECT_FALSE(ReadBankConfirmation("reference,status,amount\n"));      // no rows
  EXPECT_FALSE(ReadCsv("a,\"b\nc"));                                    // a quote left open
}

TEST(TransferFile, QuotesWhatMustBeAndDefusesFormulas) {
  BankPayout payout;
  payout.withdrawal_id = "WD-AG-1-k";
  payout.batch_id = "BANK-2026-12-04-abc";
  payout.account_name = "=HYPERLINK(\"x\"), Ltd";
  payout.bank_code = "01100";
  payout.account_number = "1234567890";
  payout.amount = Kes(9'500'00);
  const std::string file = TransferFile({payout});
  EXPECT_NE(file.find("WD-AG-1-k,\"'=HYPERLINK(\"\"x\"\"), Ltd\",01100,1234567890,9500.00,KES,"),
            std::string::npos)
      << file;
  const auto rows = ReadCsv(file);
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[1][1], "'=HYPERLINK(\"x\"), Ltd");
}

}  // namespace
}  // namespace wakala::payouts
