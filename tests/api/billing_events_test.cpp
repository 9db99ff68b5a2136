#include <sodium.h>

#include <chrono>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// The billing system's side: an agent, a client and their association are in
// the engine's history (imported), then invoices arrive over HTTP.
class BillingEventsTest : public ApiTest {
 protected:
  // Program time: after every invoice below (events ahead of it are refused).
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-06T12:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"C1"}
{"type":"associate","at":"2026-12-02T09:00:00+03:00","client":"C1","agent":"B1","source":"staff_assignment"}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    EXPECT_NE(import_output.find("3 events in 1 batches (3 applied, 0 duplicates)"), std::string::npos)
        << import_output;

    auto staff = SignedIn(kStaffEmail, kStaffPassword);
    auto created =
        staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto body = ParseObject(created.body);
    key = std::string(body.at("key").as_string());
    signing_secret = std::string(body.at("signing_secret").as_string());
    auto reader = staff->Json("POST", "/api/v1/api-keys", R"({"name":"reader","scopes":["read"]})");
    read_key = std::string(ParseObject(reader.body).at("key").as_string());
  }

  HttpResponse Post(const std::string& body, long long timestamp, const std::string& secret,
                    const std::string& api_key) {
    auto client = Client();
    return PostBillingEvents(*client, api_key, secret, body, timestamp);
  }
  HttpResponse Post(const std::string& body) { return Post(body, UnixNow(), signing_secret, key); }

  std::string key, signing_secret, read_key;
};

constexpr const char* kInvoice =
    R"({"type":"invoice_paid","at":"2026-12-05T09:00:00+03:00","id":"INV-1","client":"C1",)"
    R"("lines":[{"id":"L1","category":"talk_time","amount":"10000.00"}]})";

TEST_F(BillingEventsTest, SignedInvoiceIsAppliedOnceAndRetriesAreDuplicates) {
  auto first = Post(kInvoice);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(ParseObject(first.body).at("results").at(0).at("status"), "applied");
  auto retry = Post(kInvoice);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(ParseObject(retry.body).at("results").at(0).at("status"), "duplicate");

  // Same id, other content: refused, naming the field.
  std::string changed = kInvoice;
  changed.replace(changed.find("10000.00"), 8, "20000.00");
  auto conflict = Post(changed);
  EXPECT_EQ(conflict.status, 422);
  EXPECT_NE(ParseObject(conflict.body)
                .at("detail")
                .as_string()
                .find("\"INV-1\" was seen before with different content"),
            std::string::npos)
      << conflict.body;
}

// A payment reported after time moved on (here: after a later invoice) is
// booked when it arrives, its own time kept as occurred_at; a retry of it is
// still recognised.
TEST_F(BillingEventsTest, ALateEventIsBookedWhenItArrives) {
  ASSERT_EQ(ParseObject(Post(kInvoice).body).at("results").at(0).at("status"), "applied");
  const std::string late =
      R"({"type":"invoice_paid","at":"2026-12-03T09:00:00+03:00","id":"INV-LATE","client":"C1",)"
      R"("lines":[{"id":"L1","category":"setup_fee","amount":"20000.00"}]})";
  auto booked = Post(late);
  ASSERT_EQ(booked.status, 200) << booked.body;
  EXPECT_EQ(ParseObject(booked.body).at("results").at(0).at("status"), "applied");
  auto retry = Post(late);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(ParseObject(retry.body).at("results").at(0).at("status"), "duplicate");
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto list = ParseObject(staff->Get("/api/v1/agents/B1/commissions?kind=sale").body);
  ASSERT_EQ(list.at("total_count"), 2);
  const auto& newest = list.at("items").at(0);
  EXPECT_EQ(newest.at("invoice"), "INV-LATE");
  EXPECT_EQ(newest.at("amount"), "2000.00");                   // 10% setup fee, bronze
  EXPECT_EQ(newest.at("created_at"), "2026-12-05T06:00:00Z");  // booked at the engine's time
}

TEST_F(BillingEventsTest, ABatchIsAllOrNothing) {
  const std::string batch =
      std::string(R"({"events":[)") + kInvoice +
      R"(,{"type":"refund","at":"2026-12-06T09:00:00+03:00","id":"R1","invoice":"INV-1",)"
      R"("line":"L1","amount":"10000.01"}]})";
  auto refused = Post(batch);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(ParseObject(refused.body).at("detail").as_string(),
            "event 1 (refund): amount: 10000.01 is more than the 10000.00 left of line \"L1\"");
  // INV-1 was not kept either: sending it now applies it.
  auto invoice = Post(kInvoice);
  EXPECT_EQ(ParseObject(invoice.body).at("results").at(0).at("status"), "applied") << invoice.body;
}

// Issue 10, item 3: one event dated in the future moved program time for good.
TEST_F(BillingEventsTest, EventsDatedAheadOfTheClockAreRefusedAndTimeStands) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto engine_clock = [&] {
    return std::string(ParseObject(staff->Get("/api/v1/jobs").body).at("engine").at("clock").as_string());
  };
  ASSERT_EQ(Post(kInvoice).status, 200);
  const std::string before = engine_clock();
  for (const std::string at :
       {"9999-12-31T00:00:00+03:00", "2027-03-06T09:00:00+03:00", "2026-12-06T12:05:01+03:00"}) {
    const std::string future =
        R"({"type":"invoice_paid","at":")" + at +
        R"(","id":"INV-FUTURE","client":"C1","lines":[{"id":"L1","category":"talk_time","amount":"10000.00"}]})";
    auto refused = Post(future);
    EXPECT_EQ(refused.status, 422) << at << ": " << refused.body;
    EXPECT_EQ(ProblemFields(refused), std::vector<std::string>{"events/0/at"}) << refused.body;
    auto batch = Post(R"({"events":[)" + std::string(kInvoice) + "," + future + "]}");
    EXPECT_EQ(batch.status, 422) << batch.body;
    EXPECT_EQ(ProblemFields(batch), std::vector<std::string>{"events/1/at"}) << batch.body;
  }
  EXPECT_EQ(engine_clock(), before) << "program time did not move";
  auto list = ParseObject(staff->Get("/api/v1/agents/B1/commissions").body);
  EXPECT_EQ(list.at("total_count"), 1) << "only INV-1 earned";
  EXPECT_EQ(list.at("items").at(0).at("state"), "pending") << "nothing matured early";
}

TEST_F(BillingEventsTest, UnsignedStaleForgedOrUnscopedRequestsChangeNothing) {
  auto client = Client();
  client->bearer = key;
  auto unsigned_request =
      client->Send("POST", "/api/v1/billing-events", kInvoice, {"Content-Type: application/json"});
  EXPECT_EQ(unsigned_request.status, 401);
  EXPECT_EQ(ProblemType(unsigned_request), "/problems/bad-signature");

  auto stale = Post(kInvoice, UnixNow() - 600, signing_secret, key);
  EXPECT_EQ(stale.status, 401);
  EXPECT_NE(stale.body.find("stale or replayed"), std::string::npos) << stale.body;

  auto forged = Post(kInvoice, UnixNow(), std::string(64, 'f'), key);
  EXPECT_EQ(forged.status, 401);

  auto unscoped = Post(kInvoice, UnixNow(), signing_secret, read_key);
  EXPECT_EQ(unscoped.status, 403);

  auto session_user = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(session_user->Json("POST", "/api/v1/billing-events", kInvoice).status, 401)
      << "staff sessions cannot";

  auto wrong_type =
      Post(R"({"type":"associate","at":"2026-12-05T09:00:00+03:00","client":"C1","agent":"B1"})");
  EXPECT_EQ(wrong_type.status, 422);

  // After all that, the invoice is still new.
  auto invoice = Post(kInvoice);
  EXPECT_EQ(ParseObject(invoice.body).at("results").at(0).at("status"), "applied") << invoice.body;
}

}  // namespace
}  // namespace wakala::testing

namespace wakala::testing {
namespace {

// Withholding tax per agent and month, read from the books: AG-DEMO (demo
// data, 26,020.00 available on 20 Nov 2026) is paid 20,000.00 on 2 Dec 2026;
// resident, so 5% = 1,000.00 is withheld in 2026-12.
class TaxReportTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-03T12:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"withdraw","at":"2026-12-01T10:00:00+03:00","id":"W-DEMO-1","agent":"AG-DEMO","amount":"20000.00"}
{"type":"withdrawal_paid","at":"2026-12-02T10:00:00+03:00","id":"W-DEMO-1","reference":"MPESA-DEMO1"}
)";
  }
};

TEST_F(TaxReportTest, AgentAndStaffSeeTheTaxWithheldPerMonth) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto own = agent->Get("/api/v1/agents/AG-DEMO/tax-withheld");
  ASSERT_EQ(own.status, 200) << own.body;
  const auto report = ParseObject(own.body);
  ASSERT_EQ(report.at("months").as_array().size(), 1U);
  EXPECT_EQ(report.at("months").at(0).at("month"), "2026-12");
  EXPECT_EQ(report.at("months").at(0).at("tax_withheld"), "1000.00");
  EXPECT_EQ(report.at("total"), "1000.00");
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(staff->Get("/api/v1/agents/AG-DEMO/tax-withheld").body, own.body);
  auto lakeside = staff->Get("/api/v1/agents/AG-LAKESIDE/tax-withheld");
  ASSERT_EQ(lakeside.status, 200);
  EXPECT_EQ(ParseObject(lakeside.body).at("total"), "0.00");
  EXPECT_EQ(staff->Get("/api/v1/agents/AG-NOBODY/tax-withheld").status, 404);
}

}  // namespace
}  // namespace wakala::testing
