// Payouts through M-Pesa B2C against the local fake of Daraja
// (tests/fakes/daraja.py: OAuth, b2c/v3/paymentrequest, the transaction-status
// query and the callbacks, the RSA credential really decrypted), bank
// transfer files, and the payouts reconciliation; both stores.
#include "api_fixture.hpp"
#include "daraja_fake.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

constexpr const char* kCallbackSecret = "test-callback-secret-0123456789";

std::string Text(const json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : "";
}

class MpesaPayoutTest : public ApiTest {
 protected:
  virtual std::string FakeOptions() const { return ""; }
  virtual std::map<std::string, std::string> MpesaSettings() const { return {}; }

  void SetUp() override {
    daraja = std::make_unique<DarajaFake>(FakeOptions());
    ApiTest::SetUp();
  }

  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2026-12-04T12:00:00+03:00");
    for (const auto& [name, value] :
         std::map<std::string, std::string>{{"WAKALA_MPESA_BASE_URL", daraja->base_url()},
                                            {"WAKALA_MPESA_CONSUMER_KEY", "test-key"},
                                            {"WAKALA_MPESA_CONSUMER_SECRET", "test-secret"},
                                            {"WAKALA_MPESA_INITIATOR_NAME", "wakala_api"},
                                            {"WAKALA_MPESA_INITIATOR_PASSWORD", "Initiator#2026"},
                                            {"WAKALA_MPESA_CERTIFICATE_FILE", daraja->certificate_file()},
                                            {"WAKALA_MPESA_SHORTCODE", "600981"},
                                            {"WAKALA_MPESA_CALLBACK_SECRET", kCallbackSecret},
                                            {"WAKALA_MPESA_POLL_SECONDS", "1"},
                                            {"WAKALA_MPESA_RESULT_WAIT_SECONDS", "2"},
                                            {"WAKALA_MPESA_RETRY_SECONDS", "1"},
                                            {"WAKALA_MPESA_MAX_WAIT_SECONDS", "2"}}) {
      environment[name] = value;
    }
    for (const auto& [name, value] : MpesaSettings()) environment[name] = value;
    return environment;
  }

  void SetMpesaNumber(const std::string& number = "+254712345678") {
    auto owner = SignedIn(kAgentEmail, kAgentPassword);
    auto set = owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                           R"({"method":"mpesa","mpesa_number":")" + number + R"("})");
    ASSERT_EQ(set.status, 200) << set.body;
  }

  // The demo agent asks for `amount`; staff approve it. Its id.
  std::string RequestAndApprove(const std::string& amount, const std::string& key) {
    auto agent = SignedIn(kAgentEmail, kAgentPassword);
    auto requested = agent->Send(
        "POST", "/api/v1/agents/AG-DEMO/withdrawals",
        R"({"amount":")" + amount + R"(","password":")" + kAgentPassword + R"("})",
        {"Content-Type: application/json", "X-CSRF-Token: " + agent->csrf_token, "Idempotency-Key: " + key});
    EXPECT_EQ(requested.status, 201) << requested.body;
    std::string id(ParseObject(requested.body).at("id").as_string());
    auto approved = Staff().Json("POST", "/api/v1/withdrawals/" + id + "/approve", "");
    EXPECT_EQ(approved.status, 200) << approved.body;
    return id;
  }

  HttpClient& Staff() {
    if (!staff_) staff_ = SignedIn(kStaffEmail, kStaffPassword);
    return *staff_;
  }

  json::object Withdrawal(const std::string& id) {
    auto read = Staff().Get("/api/v1/withdrawals/" + id);
    EXPECT_EQ(read.status, 200) << read.body;
    return ParseObject(read.body);
  }

  // Waits until the withdrawal leaves `approved`; its last reading.
  json::object Settled(const std::string& id, std::chrono::seconds timeout = std::chrono::seconds(40)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto withdrawal = Withdrawal(id);
    while (Text(withdrawal.at("state")) == "approved" && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      withdrawal = Withdrawal(id);
    }
    EXPECT_NE(Text(withdrawal.at("state")), "approved") << server->Log();
    return withdrawal;
  }

  json::object Balances() {
    auto dashboard = Staff().Get("/api/v1/agents/AG-DEMO/dashboard");
    EXPECT_EQ(dashboard.status, 200) << dashboard.body;
    return ParseObject(dashboard.body).at("balances").as_object();
  }

  // The withdrawal's entry in this month's reconciliation.
  json::object Reconciled(const std::string& id) {
    auto report = Staff().Get("/api/v1/payouts/reconciliation?month=2026-12");
    EXPECT_EQ(report.status, 200) << report.body;
    const auto body = ParseObject(report.body);
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("withdrawal").at("id") == json::value(id)) return item.as_object();
    }
    ADD_FAILURE() << id << " is not in the reconciliation: " << report.body;
    return {};
  }

  static std::size_t Count(const json::array& requests, const std::string& path) {
    return static_cast<std::size_t>(
        std::count_if(requests.begin(), requests.end(),
                      [&](const json::value& r) { return r.at("path") == json::value(path); }));
  }

  HttpResponse PostCallback(const std::string& kind, const std::string& payment, const std::string& body,
                            const std::string& token = "") {
    auto client = Client();
    return client->Send("POST",
                        "/api/v1/payouts/mpesa/" + kind + "/" + payment + "/" +
                            (token.empty() ? HmacSha256Hex(kCallbackSecret, kind + "/" + payment) : token),
                        body, {"Content-Type: application/json"});
  }

  std::unique_ptr<DarajaFake> daraja;

 private:
  std::unique_ptr<HttpClient> staff_;
};

TEST_F(MpesaPayoutTest, ApprovalPaysByMpesaOnceWithTaxAndNetOnTheStatement) {
  SetMpesaNumber();
  const auto before = Balances();
  EXPECT_EQ(Text(before.at("available")), "26020.00");
  const std::string id = RequestAndApprove("10000.00", "mpesa-journey-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << json::serialize(paid) << server->Log();
  EXPECT_EQ(Text(paid.at("gross")), "10000.00");
  EXPECT_EQ(Text(paid.at("tax_withheld")), "500.00");
  EXPECT_EQ(Text(paid.at("net")), "9500.00");
  EXPECT_EQ(Text(paid.at("returned")), "0.00");

  // Daraja saw one payment of the net to the agent's number, with a
  // credential it could decrypt, paid once.
  const auto payments = daraja->Payments();
  ASSERT_EQ(payments.size(), 1U);
  const auto& payment = payments[0].as_object();
  EXPECT_EQ(payment.at("Amount").as_int64(), 9500);
  EXPECT_EQ(Text(payment.at("PartyB")), "254712345678");
  EXPECT_TRUE(payment.at("credential_ok").as_bool());
  EXPECT_EQ(payment.at("times_paid").as_int64(), 1);
  EXPECT_EQ(Text(paid.at("reference")), "M-Pesa " + Text(payment.at("receipt")));
  const auto requests = daraja->Requests();
  ASSERT_EQ(Count(requests, "/mpesa/b2c/v3/paymentrequest"), 1U);
  const auto& sent = requests[0].at("body").as_object();
  EXPECT_EQ(Text(sent.at("CommandID")), "BusinessPayment");
  EXPECT_EQ(Text(sent.at("PartyA")), "600981");
  EXPECT_NE(Text(sent.at("ResultURL"))
                .find("/api/v1/payouts/mpesa/result/" + Text(payment.at("OriginatorConversationID")) + "/"),
            std::string::npos);
  EXPECT_EQ(Text(sent.at("SecurityCredential")).find("Initiator"), std::string::npos);

  // The ledger: reserved at the request, posted at the result.
  const auto after = Balances();
  EXPECT_EQ(Text(after.at("available")), "16020.00");
  EXPECT_EQ(Text(after.at("withdrawing")), "0.00");
  EXPECT_EQ(Text(after.at("tax_withheld")), "500.00");
  auto statement = ParseObject(Staff().Get("/api/v1/agents/AG-DEMO/statements/2026-12").body);
  const auto& totals = statement.at("totals");
  EXPECT_EQ(Text(totals.at("paid_out_gross")), "10000.00") << json::serialize(statement);
  EXPECT_EQ(Text(totals.at("tax_withheld")), "500.00");
  EXPECT_EQ(Text(totals.at("paid_out_net")), "9500.00");

  const auto item = Reconciled(id);
  EXPECT_EQ(Text(item.at("status")), "paid");
  EXPECT_EQ(Text(item.at("channel")), "mpesa");
  EXPECT_EQ(Text(item.at("payments").at(0).at("state")), "paid");
  auto audit = ParseObject(Staff().Get("/api/v1/audit-log?action=withdrawal_paid").body);
  ASSERT_EQ(audit.at("items").as_array().size(), 1U);
  EXPECT_EQ(Text(audit.at("items").at(0).at("actor")), "system:mpesa");

  // Daraja sends the result again: taken as a duplicate, nothing moves.
  EXPECT_EQ(daraja->Replay(Text(payment.at("OriginatorConversationID"))), 200);
  EXPECT_EQ(json::serialize(Balances()), json::serialize(after));
  EXPECT_EQ(daraja->Payments().at(0).at("times_paid").as_int64(), 1);
  auto callbacks = ParseObject(
      Staff()
          .Get("/api/v1/payouts/mpesa/" + Text(payment.at("OriginatorConversationID")) + "/callbacks")
          .body);
  ASSERT_EQ(callbacks.at("items").as_array().size(), 2U);
  EXPECT_EQ(Text(callbacks.at("items").at(0).at("outcome")), "applied");
  EXPECT_EQ(Text(callbacks.at("items").at(1).at("outcome")), "duplicate");
  // Staff cannot pay or reject it by hand now, and nobody but staff reads the desk.
  EXPECT_EQ(Staff().Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"X1"})").status, 409);
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/payouts/reconciliation").status, 403);
  EXPECT_EQ(Client()->Get("/api/v1/payouts/reconciliation").status, 401);
}

TEST_F(MpesaPayoutTest, ALostResultIsFoundByAStatusQueryAndPaidOnce) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{{"lose_callback", true}}});
  const std::string id = RequestAndApprove("12000.00", "mpesa-lost-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  const auto requests = daraja->Requests();
  EXPECT_EQ(Count(requests, "/mpesa/b2c/v3/paymentrequest"), 1U);  // never a second request
  EXPECT_GE(Count(requests, "/mpesa/transactionstatus/v1/query"), 1U);
  const auto payments = daraja->Payments();
  ASSERT_EQ(payments.size(), 1U);
  EXPECT_EQ(payments[0].at("times_paid").as_int64(), 1);
  EXPECT_EQ(payments[0].at("Amount").as_int64(), 11400);
  EXPECT_EQ(Text(paid.at("reference")), "M-Pesa " + Text(payments[0].at("receipt")));
}

TEST_F(MpesaPayoutTest, AQueueTimeoutIsAskedAboutNotSentAgain) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{{"queue_timeout", true}}});
  const std::string id = RequestAndApprove("10000.00", "mpesa-queue-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  const auto requests = daraja->Requests();
  EXPECT_EQ(Count(requests, "/mpesa/b2c/v3/paymentrequest"), 1U);
  EXPECT_GE(Count(requests, "/mpesa/transactionstatus/v1/query"), 1U);
  EXPECT_EQ(daraja->Payments().at(0).at("times_paid").as_int64(), 1);
}

TEST_F(MpesaPayoutTest, AnUnansweredRequestIsSentAgainWithTheSameIdAndPaysOnce) {
  SetMpesaNumber();
  // Daraja takes the payment but its answer is a 500: Wakala cannot know,
  // sends the same OriginatorConversationID again, and Daraja pays it once.
  daraja->Plan(json::array{json::object{{"http_status", 500}, {"then_process", true}, {"delay", 1.5}}});
  const std::string id = RequestAndApprove("10000.00", "mpesa-retry-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  const auto payments = daraja->Payments();
  ASSERT_EQ(payments.size(), 1U);  // one OriginatorConversationID
  EXPECT_GE(payments[0].at("requests").as_int64(), 2);
  EXPECT_EQ(payments[0].at("times_paid").as_int64(), 1);
}

TEST_F(MpesaPayoutTest, InsufficientFundsReturnTheAmountToAvailable) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{{"result_code", 1}}});
  const std::string id = RequestAndApprove("10000.00", "mpesa-broke-0001");
  const auto failed = Settled(id);
  ASSERT_EQ(Text(failed.at("state")), "failed") << server->Log();
  EXPECT_NE(Text(failed.at("reason")).find("The balance is insufficient"), std::string::npos)
      << json::serialize(failed);
  EXPECT_NE(Text(failed.at("reason")).find("result code 1"), std::string::npos);
  const auto balances = Balances();
  EXPECT_EQ(Text(balances.at("available")), "26020.00");
  EXPECT_EQ(Text(balances.at("withdrawing")), "0.00");
  EXPECT_EQ(Text(balances.at("paid_out")), "0.00");
  EXPECT_EQ(Text(Reconciled(id).at("status")), "failed");
  EXPECT_EQ(daraja->Payments().at(0).at("times_paid").as_int64(), 0);
  // The agent may ask again (a new withdrawal, a new payment id).
  const std::string again = RequestAndApprove("10000.00", "mpesa-broke-0002");
  EXPECT_EQ(Text(Settled(again).at("state")), "paid");
  EXPECT_EQ(daraja->Payments().size(), 2U);
}

TEST_F(MpesaPayoutTest, AWithdrawalPaysWholeShillingsAndTheCentsStayAvailable) {
  SetMpesaNumber();
  // 5% of 10,000.50 is 500.03 (half up): net 9,500.47 cannot go by M-Pesa.
  // 10,000.00 pays 9,500 net exactly; 0.50 stays in available.
  const std::string id = RequestAndApprove("10000.50", "mpesa-cents-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  EXPECT_EQ(Text(paid.at("gross")), "10000.00");
  EXPECT_EQ(Text(paid.at("net")), "9500.00");
  EXPECT_EQ(Text(paid.at("returned")), "0.50");
  EXPECT_EQ(daraja->Payments().at(0).at("Amount").as_int64(), 9500);
  const auto balances = Balances();
  EXPECT_EQ(Text(balances.at("available")), "16020.00");  // 26,020.00 - 10,000.50 + 0.50
  EXPECT_EQ(Text(balances.at("withdrawing")), "0.00");
  EXPECT_EQ(Text(balances.at("tax_withheld")), "500.00");
}

TEST_F(MpesaPayoutTest, TwoServersOnOneDatabaseSendEachPaymentOnce) {
  ServerProcess second(database->url(), ServerEnvironment());
  SetMpesaNumber();
  std::vector<std::string> ids;
  ids.reserve(2);
  for (int i = 0; i < 2; ++i)
    ids.push_back(RequestAndApprove("10000.00", "mpesa-two-000" + std::to_string(i)));
  for (const auto& id : ids)
    EXPECT_EQ(Text(Settled(id).at("state")), "paid") << server->Log() << second.Log();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a second send would be here by now
  const auto payments = daraja->Payments();
  ASSERT_EQ(payments.size(), 2U);
  for (const auto& payment : payments) {
    EXPECT_EQ(payment.at("requests").as_int64(), 1) << json::serialize(payment);
    EXPECT_EQ(payment.at("times_paid").as_int64(), 1);
  }
  EXPECT_EQ(Text(Balances().at("available")), "6020.00");
}

TEST_F(MpesaPayoutTest, AWithdrawalInABankFileIsNeverAlsoSentByMpesa) {
  auto owner = SignedIn(kAgentEmail, kAgentPassword);
  ASSERT_EQ(owner
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"bank","bank_code":"01100","account_number":"1234567890"})")
                .status,
            200);
  const std::string id = RequestAndApprove("10000.00", "bank-then-mpesa-01");
  ASSERT_EQ(Staff().Json("POST", "/api/v1/payouts/bank-batches", "").status, 201);
  // The agent switches to M-Pesa after finance uploaded the file: the bank pays it, M-Pesa does not.
  SetMpesaNumber();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(daraja->Payments().empty());
  EXPECT_EQ(Text(Reconciled(id).at("channel")), "bank");
  EXPECT_EQ(Text(Withdrawal(id).at("state")), "approved");
}

class SplitPayoutTest : public MpesaPayoutTest {
 protected:
  std::map<std::string, std::string> MpesaSettings() const override {
    return {{"WAKALA_MPESA_MAX_PER_TRANSACTION", "10000.00"}};
  }
};

TEST_F(SplitPayoutTest, APayoutOverTheLimitGoesInPartsOneAfterAnother) {
  SetMpesaNumber();
  // 26,020.00 less 1,301.00 tax: 24,719 in three parts of at most 10,000.
  const std::string id = RequestAndApprove("26020.00", "mpesa-split-0001");
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  EXPECT_EQ(Text(paid.at("net")), "24719.00");
  const auto payments = daraja->Payments();
  ASSERT_EQ(payments.size(), 3U);
  std::int64_t total = 0;
  std::string receipts;
  for (const auto& payment : payments) {
    EXPECT_LE(payment.at("Amount").as_int64(), 10000);
    EXPECT_EQ(payment.at("times_paid").as_int64(), 1);
    total += payment.at("Amount").as_int64();
    receipts += (receipts.empty() ? "" : ", ") + Text(payment.at("receipt"));
  }
  EXPECT_EQ(total, 24719);
  EXPECT_EQ(Text(paid.at("reference")), "M-Pesa " + receipts);
  EXPECT_EQ(Reconciled(id).at("payments").as_array().size(), 3U);
}

TEST_F(SplitPayoutTest, APartThatFailsAfterAnotherWasPaidIsHeldForStaff) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{}, json::object{{"result_code", 1}}});
  const std::string id = RequestAndApprove("26020.00", "mpesa-partial-0001");
  // The first part is paid, the second fails, the third is never sent.
  const auto payments = daraja->WaitFor(
      [](const json::array& p) { return p.size() == 2 && p[1].as_object().contains("result_code"); });
  ASSERT_EQ(payments.size(), 2U);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Text(Withdrawal(id).at("state")), "approved");
  const auto item = Reconciled(id);
  EXPECT_EQ(Text(item.at("status")), "needs_attention") << json::serialize(item);
  const auto& parts = item.at("payments").as_array();
  ASSERT_EQ(parts.size(), 3U);
  EXPECT_EQ(Text(parts[0].at("state")), "paid");
  EXPECT_EQ(Text(parts[1].at("state")), "failed");
  EXPECT_EQ(Text(parts[2].at("state")), "waiting");
  EXPECT_EQ(daraja->Payments().size(), 2U);
  // Staff paid the rest another way and say so: the parts settle the withdrawal.
  auto resolved = Staff().Json("POST", "/api/v1/payouts/mpesa/" + Text(parts[1].at("id")) + "/resolve",
                               R"({"outcome":"paid","receipt":"SKR1234567"})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  const auto paid = Settled(id);
  ASSERT_EQ(Text(paid.at("state")), "paid") << server->Log();
  EXPECT_NE(Text(paid.at("reference")).find("SKR1234567"), std::string::npos);
  EXPECT_EQ(daraja->Payments().size(), 3U);  // the third part went by M-Pesa
}

class HeldResultTest : public MpesaPayoutTest {
 protected:
  // No status query within a test: callbacks alone decide.
  std::map<std::string, std::string> MpesaSettings() const override {
    return {{"WAKALA_MPESA_RESULT_WAIT_SECONDS", "3600"}, {"WAKALA_MPESA_MAX_WAIT_SECONDS", "3600"}};
  }
};

TEST_F(HeldResultTest, ForgedReplayedAndMalformedCallbacksChangeNothing) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{{"lose_callback", true}}});
  const std::string id = RequestAndApprove("10000.00", "mpesa-forged-0001");
  const auto payments = daraja->WaitFor(
      [](const json::array& p) { return !p.empty() && p[0].as_object().contains("result_code"); });
  ASSERT_EQ(payments.size(), 1U);
  const auto& fake = payments[0].as_object();
  const std::string payment = Text(fake.at("OriginatorConversationID"));
  const std::string conversation = Text(fake.at("ConversationID"));
  const std::string receipt = Text(fake.at("receipt"));
  const auto result = [&](const std::string& originator, const std::string& conversation_id, int amount,
                          int code) {
    json::object body{{"ResultType", 0},
                      {"ResultCode", code},
                      {"ResultDesc", code == 0 ? "The service request is processed successfully." : "Failed"},
                      {"OriginatorConversationID", originator},
                      {"ConversationID", conversation_id},
                      {"TransactionID", receipt}};
    if (code == 0) {
      body["ResultParameters"] = json::object{
          {"ResultParameter", json::array{json::object{{"Key", "TransactionAmount"}, {"Value", amount}},
                                          json::object{{"Key", "TransactionReceipt"}, {"Value", receipt}}}}};
    }
    return json::serialize(json::object{{"Result", body}});
  };
  const auto before = Balances();
  // A token that is not this payment's, or another kind's: forged.
  EXPECT_EQ(
      PostCallback("result", payment, result(payment, conversation, 9500, 0), std::string(64, 'a')).status,
      403);
  EXPECT_EQ(PostCallback("result", payment, result(payment, conversation, 9500, 0),
                         HmacSha256Hex(kCallbackSecret, "status/" + payment))
                .status,
            403);
  EXPECT_EQ(PostCallback("result", payment, result(payment, conversation, 9500, 0),
                         HmacSha256Hex("another-secret", "result/" + payment))
                .status,
            403);
  // Not a callback at all, or for another payment, or another conversation.
  EXPECT_EQ(PostCallback("result", payment, "{\"Result\":").status, 400);
  EXPECT_EQ(PostCallback("result", payment, R"({"Result":{"ResultCode":0}})").status, 400);
  EXPECT_EQ(PostCallback("result", payment, "[1,2,3]").status, 400);
  EXPECT_EQ(PostCallback("result", payment, std::string(70000, ' ')).status, 400);
  EXPECT_EQ(
      PostCallback("result", "WKL000000000000000000000000-1", result(payment, conversation, 9500, 0)).status,
      404);
  EXPECT_EQ(PostCallback("result", payment, result(payment + "x", conversation, 9500, 0)).status, 409);
  EXPECT_EQ(PostCallback("result", payment, result(payment, "AG_20261204_forged", 9500, 0)).status, 409);
  EXPECT_EQ(PostCallback("nonsense", payment, result(payment, conversation, 9500, 0)).status, 404);
  // A success for another amount: refused, the payment still open.
  EXPECT_EQ(PostCallback("result", payment, result(payment, conversation, 95000, 0)).status, 409);
  EXPECT_EQ(Text(Withdrawal(id).at("state")), "approved");
  EXPECT_EQ(json::serialize(Balances()), json::serialize(before));
  // The genuine result pays it; the same again is a duplicate; a failure
  // after it contradicts it and is refused.
  auto genuine = PostCallback("result", payment, result(payment, conversation, 9500, 0));
  EXPECT_EQ(genuine.status, 200) << genuine.body;
  EXPECT_EQ(Text(ParseObject(genuine.body).at("outcome")), "applied");
  EXPECT_EQ(Text(Settled(id).at("state")), "paid");
  const auto paid = Balances();
  auto again = PostCallback("result", payment, result(payment, conversation, 9500, 0));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Text(ParseObject(again.body).at("outcome")), "duplicate");
  EXPECT_EQ(PostCallback("result", payment, result(payment, conversation, 9500, 2001)).status, 409);
  EXPECT_EQ(PostCallback("timeout", payment, result(payment, conversation, 9500, 1)).status, 200);
  EXPECT_EQ(json::serialize(Balances()), json::serialize(paid));
  EXPECT_EQ(Text(Withdrawal(id).at("state")), "paid");
  // Every one of them is in the payment's log with its reason.
  auto logged = ParseObject(Staff().Get("/api/v1/payouts/mpesa/" + payment + "/callbacks").body);
  std::size_t refused = 0;
  for (const auto& entry : logged.at("items").as_array()) {
    if (entry.at("outcome") == "refused") {
      ++refused;
      EXPECT_FALSE(Text(entry.at("reason")).empty());
    }
  }
  // The forged ones (a wrong token) and a kind that does not exist are logged
  // by the server but not stored: nobody can fill the table from outside.
  EXPECT_GE(refused, 8U) << json::serialize(logged);
  for (const auto& entry : logged.at("items").as_array())
    EXPECT_NE(Text(entry.at("reason")).rfind("forged", 0), 0U);
}

TEST_F(HeldResultTest, StaffResolveAPaymentWhoseResultNeverCame) {
  SetMpesaNumber();
  daraja->Plan(json::array{json::object{{"lose_callback", true}}});
  const std::string id = RequestAndApprove("10000.00", "mpesa-resolve-0001");
  daraja->WaitFor([](const json::array& p) { return !p.empty(); });
  std::string payment;
  for (int i = 0; i < 100 && payment.empty(); ++i) {
    const auto item = Reconciled(id);
    if (!item.at("payments").as_array().empty() && item.at("payments").at(0).at("state") == "sent") {
      payment = Text(item.at("payments").at(0).at("id"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(payment.empty());
  const std::string path = "/api/v1/payouts/mpesa/" + payment + "/resolve";
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)
                ->Json("POST", path, R"({"outcome":"paid","receipt":"SKR1234567"})")
                .status,
            403);
  EXPECT_EQ(Staff().Json("POST", path, R"({"outcome":"paid","receipt":"not a receipt"})").status, 422);
  EXPECT_EQ(Staff().Json("POST", path, R"({"outcome":"paid"})").status, 422);
  EXPECT_EQ(Staff().Json("POST", path, R"({"outcome":"maybe","reason":"x"})").status, 422);
  EXPECT_EQ(
      Staff()
          .Json("POST", "/api/v1/payouts/mpesa/WKL-none-1/resolve", R"({"outcome":"failed","reason":"x"})")
          .status,
      404);
  EXPECT_EQ(Text(Withdrawal(id).at("state")), "approved");
  auto resolved = Staff().Json("POST", path, R"({"outcome":"paid","receipt":"SKR7654321"})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  const auto paid = Settled(id);
  EXPECT_EQ(Text(paid.at("state")), "paid");
  EXPECT_EQ(Text(paid.at("reference")), "M-Pesa SKR7654321");
  EXPECT_EQ(Staff().Json("POST", path, R"({"outcome":"failed","reason":"too late"})").status, 409);
  auto audit = ParseObject(Staff().Get("/api/v1/audit-log?action=mpesa_payment_resolved").body);
  EXPECT_EQ(audit.at("items").as_array().size(), 1U);
}

class WrongCredentialTest : public MpesaPayoutTest {
 protected:
  std::string FakeOptions() const override { return "--initiator-password 'Another#Password'"; }
};

TEST_F(WrongCredentialTest, ACredentialDarajaCannotDecryptToItsPasswordFailsThePayout) {
  SetMpesaNumber();
  const std::string id = RequestAndApprove("10000.00", "mpesa-cred-0001");
  const auto failed = Settled(id);
  ASSERT_EQ(Text(failed.at("state")), "failed") << server->Log();
  EXPECT_NE(Text(failed.at("reason")).find("2001"), std::string::npos) << json::serialize(failed);
  EXPECT_EQ(Text(Balances().at("available")), "26020.00");
}

TEST_F(MpesaPayoutTest, ANumberMpesaCannotPayIsLeftForStaff) {
  SetMpesaNumber("+447700900123");
  const std::string id = RequestAndApprove("10000.00", "mpesa-abroad-0001");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_TRUE(daraja->Payments().empty());
  const auto item = Reconciled(id);
  EXPECT_EQ(Text(item.at("status")), "needs_attention");
  EXPECT_NE(Text(item.at("note")).find("not a Kenyan M-Pesa number"), std::string::npos);
  // Staff pay it by hand with its reference, as before.
  EXPECT_EQ(Staff().Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"SWIFT-1"})").status,
            200);
}

// Bank payouts need no M-Pesa: a transfer file out, the bank's confirmation in.
class BankPayoutTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-04T12:00:00+03:00");
  }
};

TEST_F(BankPayoutTest, ATransferFileOutAndTheBanksConfirmationInPayOnce) {
  auto owner = SignedIn(kAgentEmail, kAgentPassword);
  ASSERT_EQ(owner
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"bank","bank_code":"01100","account_number":"1234567890"})")
                .status,
            200);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  std::vector<std::string> ids;
  for (const char* key : {"bank-payout-0001", "bank-payout-0002"}) {
    auto requested =
        owner->Send("POST", "/api/v1/agents/AG-DEMO/withdrawals",
                    R"({"amount":"10000.00","password":")" + std::string(kAgentPassword) + R"("})",
                    {"Content-Type: application/json", "X-CSRF-Token: " + owner->csrf_token,
                     std::string("Idempotency-Key: ") + key});
    ASSERT_EQ(requested.status, 201) << requested.body;
    ids.emplace_back(ParseObject(requested.body).at("id").as_string());
    ASSERT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + ids.back() + "/approve", "").status, 200);
  }
  EXPECT_EQ(owner->Json("POST", "/api/v1/payouts/bank-batches", "").status, 403);
  auto exported = staff->Json("POST", "/api/v1/payouts/bank-batches", "");
  ASSERT_EQ(exported.status, 201) << exported.body;
  const auto batch = ParseObject(exported.body);
  EXPECT_EQ(batch.at("count").as_int64(), 2);
  EXPECT_EQ(Text(batch.at("total")), "19000.00");
  const std::string batch_id = Text(batch.at("id"));
  // Each withdrawal goes into one file only.
  auto second = staff->Json("POST", "/api/v1/payouts/bank-batches", "");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(ParseObject(second.body).at("count").as_int64(), 0);
  auto csv = staff->Get("/api/v1/payouts/bank-batches/" + batch_id + "?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("reference,payee,bank_code,account_number,amount,currency,narrative"),
            std::string::npos);
  EXPECT_NE(csv.body.find(ids[0] + ",Nairobi Voice Solutions,01100,1234567890,9500.00,KES"),
            std::string::npos)
      << csv.body;
  EXPECT_EQ(staff->Get("/api/v1/payouts/bank-batches/BANK-none").status, 404);
  // On its way by bank: not paid or rejected by hand.
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + ids[0] + "/reject", R"({"reason":"x"})").status,
            409);

  const auto import = [&](const std::string& body) {
    return staff->Send("POST", "/api/v1/payouts/bank-confirmations", body,
                       {"Content-Type: text/csv", "X-CSRF-Token: " + staff->csrf_token});
  };
  const std::string header = "reference,status,amount,bank_reference,reason\n";
  // Any bad line and nothing is imported: first what the file says...
  auto bad = import(header + ids[0] + ",paid,9500.00,FT26338A1,\n" + ids[0] + ",paid,9500.00,FT26338A1,\n" +
                    ids[1] + ",lost,9500.00,,\n" + ids[1] + ",paid,9500,,\n");
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto fields = ProblemFields(bad);
  for (const char* field :
       {"line 3: reference", "line 4: status", "line 5: amount", "line 5: bank_reference"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field << ": " << bad.body;
  }
  // ...then what it says against what was exported.
  auto unknown = import(header + ids[0] + ",paid,9500.00,FT26338A1,\n" + ids[1] +
                        ",paid,9000.00,FT26338A2,\n" + "WD-nobody,paid,1.00,FT1,\n");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  fields = ProblemFields(unknown);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "line 3: amount"), fields.end()) << unknown.body;
  EXPECT_NE(std::find(fields.begin(), fields.end(), "line 4: reference"), fields.end()) << unknown.body;
  EXPECT_EQ(Text(ParseObject(staff->Get("/api/v1/withdrawals/" + ids[0]).body).at("state")), "approved");
  EXPECT_EQ(import("").status, 422);
  EXPECT_EQ(import(header + "\"" + ids[0] + ",paid\n").status, 422);  // a quote left open
  EXPECT_EQ(import("reference,amount\nx,1.00\n").status, 422);
  EXPECT_EQ(staff->Json("POST", "/api/v1/payouts/bank-confirmations", "{}").status, 415);

  auto good =
      import(header + ids[0] + ",paid,9500.00,FT26338A1,\n" + ids[1] + ",failed,9500.00,,account closed\n");
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(ParseObject(good.body).at("paid").as_int64(), 1);
  EXPECT_EQ(ParseObject(good.body).at("failed").as_int64(), 1);
  const auto paid = ParseObject(staff->Get("/api/v1/withdrawals/" + ids[0]).body);
  EXPECT_EQ(Text(paid.at("state")), "paid");
  EXPECT_EQ(Text(paid.at("reference")), "Bank FT26338A1");
  const auto failed = ParseObject(staff->Get("/api/v1/withdrawals/" + ids[1]).body);
  EXPECT_EQ(Text(failed.at("state")), "failed");
  EXPECT_EQ(Text(failed.at("reason")), "Bank: account closed");
  auto balances = ParseObject(staff->Get("/api/v1/agents/AG-DEMO/dashboard").body).at("balances");
  EXPECT_EQ(Text(balances.at("available")), "16020.00");
  EXPECT_EQ(Text(balances.at("paid_out")), "10000.00");  // gross: the tax is in tax_withheld
  // The same file again changes nothing; a different outcome for a line is refused.
  auto replay =
      import(header + ids[0] + ",paid,9500.00,FT26338A1,\n" + ids[1] + ",failed,9500.00,,account closed\n");
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(ParseObject(replay.body).at("unchanged").as_int64(), 2);
  EXPECT_EQ(import(header + ids[1] + ",paid,9500.00,FT26338A9,\n").status, 422);
  EXPECT_EQ(json::serialize(ParseObject(staff->Get("/api/v1/agents/AG-DEMO/dashboard").body).at("balances")),
            json::serialize(balances));

  auto report = ParseObject(staff->Get("/api/v1/payouts/reconciliation?month=2026-12").body);
  EXPECT_EQ(report.at("totals").at("paid").at("count").as_int64(), 1);
  EXPECT_EQ(report.at("totals").at("failed").at("count").as_int64(), 1);
  EXPECT_FALSE(report.at("mpesa_configured").as_bool());
  auto csv_report = staff->Get("/api/v1/payouts/reconciliation?month=2026-12&format=csv");
  EXPECT_EQ(csv_report.status, 200);
  EXPECT_NE(csv_report.body.find(ids[0]), std::string::npos);
  EXPECT_EQ(staff->Get("/api/v1/payouts/reconciliation?month=2026-13").status, 422);
  EXPECT_EQ(staff->Get("/api/v1/payouts/reconciliation?open=yes").status, 422);
  EXPECT_EQ(
      ParseObject(staff->Get("/api/v1/payouts/reconciliation?open=true").body).at("items").as_array().size(),
      0U);
  // Without M-Pesa configured its callbacks are not taken.
  EXPECT_EQ(
      Client()
          ->Send("POST", "/api/v1/payouts/mpesa/result/WKL1-1/abc", "{}", {"Content-Type: application/json"})
          .status,
      404);
}

}  // namespace
}  // namespace wakala::testing
