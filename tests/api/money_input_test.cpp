// Every amount field of the API takes the one money grammar and nothing else
// (issue 10, item 2), and concurrent duplicates of an Idempotency-Key all get
// the first request's answer (item 7).
#include <future>
#include <random>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

class MoneyInputTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-03T12:00:00+03:00");
  }
  // AG-DEMO has 14,020.00 available after this (see agent_money_test.cpp).
  std::string History() const override {
    return R"({"type":"invoice_paid","at":"2026-12-01T09:00:00+03:00","id":"INV-T-1","client":"CL-MOMBASA","lines":[{"id":"L1","category":"setup_fee","amount":"200000.00"},{"id":"L2","category":"talk_time","amount":"10000.00"}]}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    staff = SignedIn(kStaffEmail, kStaffPassword);
    agent = SignedIn(kAgentEmail, kAgentPassword);
    auto created =
        staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})");
    ASSERT_EQ(created.status, 201) << created.body;
    billing_key = ParseObject(created.body);
  }

  // Everything an amount could have changed: balances, commissions, withdrawals.
  json::object State() {
    auto dashboard = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/dashboard").body);
    auto commissions = ParseObject(staff->Get("/api/v1/agents/AG-DEMO/commissions").body);
    auto withdrawals = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/withdrawals").body);
    return {{"balances", dashboard.at("balances")},
            {"commissions", commissions.at("total_count")},
            {"withdrawals", withdrawals.at("items").as_array().size()}};
  }

  HttpResponse Post(HttpClient& who, const std::string& path, const std::string& key,
                    const std::string& body) {
    std::vector<std::string> headers{"Content-Type: application/json", "X-CSRF-Token: " + who.csrf_token};
    if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
    return who.Send("POST", path, body, headers);
  }

  std::unique_ptr<HttpClient> staff, agent;
  json::object billing_key;
};

// The amount as JSON: a string, or the raw JSON value itself when it is not one.
struct BadAmount {
  std::string json;  // what goes after "amount":
  std::string label;
};

std::vector<BadAmount> BadAmounts(std::uint64_t seed) {
  std::vector<BadAmount> bad;
  for (const char* text : {"",
                           " ",
                           "12500",
                           "12500.5",
                           "12500.000",
                           "012500.00",
                           "00.00",
                           "0.00",
                           "-0.00",
                           "-1.00",
                           "+1.00",
                           "1e4",
                           "1E4",
                           "1.5e3",
                           "0x10.00",
                           "1,000.00",
                           "1 000.00",
                           " 10000.00",
                           "10000.00 ",
                           ".50",
                           "10000.",
                           "NaN",
                           "Infinity",
                           "1000000000000.00",
                           "99999999999999999999.00",
                           "10000.00\\u0000",
                           "10000.00\\n",
                           "\\u0661\\u0662.\\u0660\\u0660",
                           "1..00",
                           "--1.00"}) {
    bad.push_back({"\"" + std::string(text) + "\"", text});
  }
  for (const char* raw : {"10000", "10000.5", "1e4", "true", "null", "[]", "{}", "[\"10000.00\"]"}) {
    bad.push_back({raw, std::string("JSON ") + raw});
  }
  bad.push_back({"\"" + std::string(100'000, '9') + ".00\"", "100,000 digits"});
  // Random mutations of a good amount (seeded: the seed is printed).
  std::mt19937_64 random(seed);
  const std::string alphabet = "0123456789.-+eE ";
  for (int i = 0; i < 8; ++i) {
    std::string text = "10000.00";
    text.insert(random() % (text.size() + 1), 1, alphabet[random() % alphabet.size()]);
    if (std::regex_match(text, std::regex("(0|[1-9][0-9]{0,11})\\.[0-9]{2}"))) continue;
    bad.push_back({"\"" + text + "\"", text});
  }
  return bad;
}

TEST_F(MoneyInputTest, EveryAmountFieldRefusesEveryMalformedFormAndChangesNothing) {
  const char* seed_text = std::getenv("WAKALA_TEST_SEED");
  const std::uint64_t seed =
      seed_text != nullptr ? std::strtoull(seed_text, nullptr, 10) : std::random_device{}();
  std::cout << "amount fields: seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  const auto before = State();
  int attempt = 0;
  for (const auto& amount : BadAmounts(seed)) {
    const std::string key = "bad-amount-" + std::to_string(++attempt) + "-key";
    const auto expect_refused = [&](const HttpResponse& response, const std::string& field,
                                    const char* where) {
      EXPECT_EQ(response.status, 422) << where << " amount " << amount.label << ": " << response.body;
      if (response.status == 422) {
        EXPECT_EQ(ProblemFields(response), std::vector<std::string>{field})
            << where << " amount " << amount.label << ": " << response.body;
      }
    };
    expect_refused(Post(*staff, "/api/v1/agents/AG-DEMO/manual-commissions", key,
                        R"({"category":"custom_development","reason":"quarterly custom work","amount":)" +
                            amount.json + "}"),
                   "amount", "manual commission");
    expect_refused(
        Post(*agent, "/api/v1/agents/AG-DEMO/withdrawals/preview", "", R"({"amount":)" + amount.json + "}"),
        "amount", "withdrawal preview");
    expect_refused(
        Post(*agent, "/api/v1/agents/AG-DEMO/withdrawals", key,
             R"({"password":")" + std::string(kAgentPassword) + R"(","amount":)" + amount.json + "}"),
        "amount", "withdrawal");
    auto client = Client();
    const std::string invoice =
        R"({"type":"invoice_paid","at":"2026-12-03T09:00:00+03:00","id":"INV-BAD-)" +
        std::to_string(attempt) +
        R"(","client":"CL-MOMBASA","lines":[{"id":"L1","category":"talk_time","amount":)" + amount.json +
        "}]}";
    const auto paid =
        PostBillingEvents(*client, std::string(billing_key.at("key").as_string()),
                          std::string(billing_key.at("signing_secret").as_string()), invoice, UnixNow());
    // A free line (0.00) is a real invoice line; every other form is refused.
    if (amount.label != "0.00") {
      EXPECT_EQ(paid.status, 422) << "invoice line amount " << amount.label << ": " << paid.body;
    }
    const std::string refund = R"({"type":"refund","at":"2026-12-03T09:00:00+03:00","id":"RF-BAD-)" +
                               std::to_string(attempt) + R"(","invoice":"INV-T-1","line":"L2","amount":)" +
                               amount.json + "}";
    auto refunded =
        PostBillingEvents(*client, std::string(billing_key.at("key").as_string()),
                          std::string(billing_key.at("signing_secret").as_string()), refund, UnixNow());
    EXPECT_EQ(refunded.status, 422) << "refund amount " << amount.label << ": " << refunded.body;
  }
  EXPECT_EQ(State(), before) << "no malformed amount changed anything";
}

// Built-in billing's amount fields (issue 13) take the same grammar: prices,
// setup fees, invoice and quote lines, payments, credit notes, the payment
// webhook. A zero price or fee is a real one; anything else malformed is
// refused by its field's name and nothing is written.
TEST_F(MoneyInputTest, BillingAmountFieldsRefuseEveryMalformedFormAndChangeNothing) {
  const char* seed_text = std::getenv("WAKALA_TEST_SEED");
  const std::uint64_t seed =
      seed_text != nullptr ? std::strtoull(seed_text, nullptr, 10) : std::random_device{}();
  std::cout << "billing amount fields: seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  const auto snapshot = [&] {
    return staff->Get("/api/v1/products").body + staff->Get("/api/v1/invoices?limit=500").body +
           agent->Get("/api/v1/agents/AG-DEMO/quotes").body;
  };
  const std::string before = snapshot();
  for (const auto& amount : BadAmounts(seed)) {
    const bool zero = amount.label == "0.00";
    const auto expect_refused = [&](const HttpResponse& response, const std::string& field,
                                    const char* where) {
      EXPECT_EQ(response.status, 422) << where << " amount " << amount.label << ": " << response.body;
      if (response.status == 422) {
        EXPECT_EQ(ProblemFields(response), std::vector<std::string>{field})
            << where << " amount " << amount.label << ": " << response.body;
      }
    };
    if (!zero) {
      expect_refused(
          staff->Json("POST", "/api/v1/products",
                      R"({"name":"P","category":"addon","cycle":"monthly","price":)" + amount.json + "}"),
          "price", "product price");
      expect_refused(
          staff->Json("POST", "/api/v1/products",
                      R"({"name":"P","category":"addon","cycle":"monthly","price":"1.00","setup_fee":)" +
                          amount.json + "}"),
          "setup_fee", "setup fee");
      expect_refused(
          staff->Json("POST", "/api/v1/products/prd_none/prices", R"({"price":)" + amount.json + "}"),
          "price", "price change");
      expect_refused(
          staff->Json(
              "POST", "/api/v1/invoices",
              R"({"client_id":"CL-DEMO","lines":[{"description":"x","category":"addon","unit_price":)" +
                  amount.json + "}]}"),
          "lines/0/unit_price", "invoice line");
      expect_refused(
          agent->Json(
              "POST", "/api/v1/agents/AG-DEMO/quotes",
              R"({"client_id":"CL-DEMO","lines":[{"description":"x","category":"addon","unit_price":)" +
                  amount.json + "}]}"),
          "lines/0/unit_price", "quote line");
    }
    expect_refused(staff->Json("POST", "/api/v1/invoices/inv_none/payments",
                               R"({"method":"mpesa","reference":"QK71ZP3XYZ","amount":)" + amount.json + "}"),
                   "amount", "payment");
    expect_refused(staff->Json("POST", "/api/v1/invoices/inv_none/credit-notes",
                               R"({"reason":"r","lines":[{"line":"1","amount":)" + amount.json + "}]}"),
                   "lines/0/amount", "credit note");
    expect_refused(
        PostSigned(*Client(), "/api/v1/payment-notifications", std::string(billing_key.at("key").as_string()),
                   std::string(billing_key.at("signing_secret").as_string()),
                   R"({"invoice":"INV-000001","method":"mpesa","reference":"QK71ZP3XYZ","amount":)" +
                       amount.json + "}",
                   UnixNow()),
        "amount", "payment notification");
  }
  EXPECT_EQ(snapshot(), before) << "no malformed amount changed anything";
}

TEST_F(MoneyInputTest, AnEmptyAmountIsNamedNotReadAsGarbage) {
  auto manual = Post(*staff, "/api/v1/agents/AG-DEMO/manual-commissions", "empty-amount-0001",
                     R"({"category":"custom_development","reason":"quarterly custom work","amount":""})");
  ASSERT_EQ(manual.status, 422) << manual.body;
  EXPECT_NE(manual.body.find("amount is empty"), std::string::npos) << manual.body;
  auto preview = Post(*agent, "/api/v1/agents/AG-DEMO/withdrawals/preview", "", R"({"amount":""})");
  EXPECT_EQ(preview.status, 422) << preview.body;
}

// Twenty requests with one Idempotency-Key at once: one is made, and every
// other one answers with it (200, Idempotent-Replayed), never "exists already".
TEST_F(MoneyInputTest, ConcurrentDuplicatesOfAnIdempotencyKeyAllGetTheReplay) {
  const auto storm = [&](HttpClient& who, const std::string& path, const std::string& body) {
    constexpr int kRequests = 20;
    std::vector<std::future<HttpResponse>> answers;
    answers.reserve(kRequests);
    for (int i = 0; i < kRequests; ++i) {
      answers.push_back(std::async(std::launch::async, [&] {
        HttpClient tab(server->base_url());  // its own connection, the same session
        tab.SetCookie("wakala_session", who.Cookie("wakala_session"));
        tab.csrf_token = who.csrf_token;
        return Post(tab, path, "storm-key-000001", body);
      }));
    }
    std::map<long, int> statuses;
    std::set<std::string> ids;
    for (auto& answer : answers) {
      const auto response = answer.get();
      ++statuses[response.status];
      if (response.status == 200) {
        EXPECT_EQ(response.Header("idempotent-replayed"), "true");
      }
      if (response.status == 200 || response.status == 201) {
        ids.insert(std::string(ParseObject(response.body).at("id").as_string()));
      } else {
        ADD_FAILURE() << path << ": " << response.status << " " << response.body;
      }
    }
    EXPECT_EQ(statuses[201], 1) << path;
    EXPECT_EQ(statuses[200], 19) << path;
    EXPECT_EQ(ids.size(), 1U) << path;
  };
  storm(*agent, "/api/v1/agents/AG-DEMO/withdrawals",
        R"({"amount":"10000.00","password":")" + std::string(kAgentPassword) + R"("})");
  storm(*staff, "/api/v1/agents/AG-DEMO/manual-commissions",
        R"({"category":"custom_development","reason":"quarterly custom work","amount":"5000.00"})");
  const auto state = State();
  EXPECT_EQ(state.at("withdrawals"), 1U);
  EXPECT_EQ(state.at("balances").at("withdrawing"), "10000.00");
}

}  // namespace
}  // namespace wakala::testing
