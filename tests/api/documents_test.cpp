// The PDFs people keep, read back as text with pdftotext (poppler-utils):
// the client's invoice and quote, the agent's monthly statement and a paid withdrawal's
// remittance with its withholding-tax figures; who may fetch each; and that a
// document printed twice is the same file. Page 1 of each is rendered to PNG
// under build/test/documents/ for a look.
#include <cstdio>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

// The text of a PDF (pdftotext -layout), and page 1 as build/test/documents/<name>.png.
std::string PdfText(const std::string& pdf, const std::string& name) {
  std::filesystem::create_directories("documents");
  const std::string path = "documents/" + name + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  if (std::FILE* pipe = popen(("pdftotext -layout '" + path + "' -").c_str(), "r")) {
    std::array<char, 4096> buffer{};
    while (const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe))
      text.append(buffer.data(), read);
    EXPECT_EQ(pclose(pipe), 0);
  }
  EXPECT_EQ(
      std::system(
          ("pdftoppm -png -r 60 -f 1 -l 1 -singlefile '" + path + "' 'documents/" + name + "'").c_str()),
      0);
  return text;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class DocumentsTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2026-12-03T12:00:00+03:00");
    environment["WAKALA_DOCUMENTS_PROVIDER_NAME"] = "Cloud One Kenya Ltd";
    environment["WAKALA_DOCUMENTS_PROVIDER_KRA_PIN"] = "P051234567X";
    return environment;
  }
  // A user of the other agent company, AG-LAKESIDE.
  std::unique_ptr<HttpClient> OtherAgent() {
    auto made = SignedIn(kStaffEmail, kStaffPassword)
                    ->Json("POST", "/api/v1/users",
                           R"({"email":"lake@x.co.ke","display_name":"Lake","role":"agent",)"
                           R"("agent_id":"AG-LAKESIDE","password":"long-enough-pw"})");
    EXPECT_EQ(made.status, 201) << made.body;
    return SignedIn("lake@x.co.ke", "long-enough-pw");
  }

  // The demo history, then a paid and an unpaid withdrawal of AG-DEMO.
  std::string History() const override {
    return R"({"type":"withdraw","at":"2026-12-02T10:00:00+03:00","id":"W-PAID","agent":"AG-DEMO","amount":"12000.00"}
{"type":"withdrawal_paid","at":"2026-12-03T10:00:00+03:00","id":"W-PAID","reference":"QK7H2M1XYZ"}
{"type":"withdraw","at":"2026-12-03T10:30:00+03:00","id":"W-OPEN","agent":"AG-DEMO","amount":"10000.00"}
)";
  }
};

TEST_F(DocumentsTest, AnInvoicePdfCarriesItsLinesAndTotalsAndOnlyItsReadersGetIt) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto issued = staff->Json(
      "POST", "/api/v1/invoices",
      R"json({"client_id":"CL-DEMO","lines":[{"description":"Hosted PBX – 10 extensions (Nairobi)","category":"addon","quantity":2,"unit_price":"1250.00"},{"description":"Desk phone","category":"software_equipment","unit_price":"8000.00"}]})json");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto invoice = ParseObject(issued.body);
  const std::string id(invoice.at("id").as_string());
  const std::string number(invoice.at("number").as_string());

  auto client = SignedIn(kClientEmail, kClientPassword);
  auto pdf = client->Get("/api/v1/invoices/" + id + "?format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_TRUE(Has(pdf.Header("content-disposition"), number + ".pdf"));
  ASSERT_TRUE(pdf.body.starts_with("%PDF-"));
  const std::string text = PdfText(pdf.body, "invoice");
  EXPECT_TRUE(Has(text, "Invoice " + number)) << text;
  EXPECT_TRUE(Has(text, "Cloud One Kenya Ltd")) << text;
  EXPECT_TRUE(Has(text, "Hosted PBX – 10 extensions (Nairobi)")) << text;  // Unicode dash kept as text
  // 2 × 1,250.00 = 2,500.00 + VAT 400.00; 8,000.00 + VAT 1,280.00; total 12,180.00.
  EXPECT_TRUE(Has(text, "2900.00")) << text;
  EXPECT_TRUE(Has(text, "9280.00")) << text;
  EXPECT_TRUE(Has(text, "KES 10500.00")) << text;
  EXPECT_TRUE(Has(text, "KES 1680.00")) << text;
  EXPECT_TRUE(Has(text, "KES 12180.00")) << text;
  EXPECT_TRUE(Has(text, std::string(invoice.at("total").as_string()))) << text;

  // Printed again: the same file, byte for byte.
  EXPECT_EQ(client->Get("/api/v1/invoices/" + id + "?format=pdf").body, pdf.body);
  // The client's agent reads it too; another client, another agent and nobody do not.
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/invoices/" + id + "?format=pdf").status, 200);
  auto other = staff->Json("POST", "/api/v1/users",
                           R"({"email":"karen@x.co.ke","display_name":"Karen","role":"client",)"
                           R"("client_id":"CL-KAREN","password":"long-enough-pw"})");
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(SignedIn("karen@x.co.ke", "long-enough-pw")->Get("/api/v1/invoices/" + id + "?format=pdf").status,
            404);
  EXPECT_EQ(Client()->Get("/api/v1/invoices/" + id + "?format=pdf").status, 401);
}

TEST_F(DocumentsTest, AQuotePdfCarriesTheAgentsOfferToItsClient) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto drafted = agent->Json(
      "POST", "/api/v1/agents/AG-DEMO/quotes",
      R"({"client_id":"CL-DEMO","note":"As discussed on Monday.","lines":[{"description":"On-site training, half a day","category":"training_oos","unit_price":"3000.00"}]})");
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  const auto quote = ParseObject(drafted.body);
  const std::string id(quote.at("id").as_string());
  ASSERT_EQ(agent->Json("POST", "/api/v1/quotes/" + id + "/send", "{}").status, 200);
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto pdf = client->Get("/api/v1/quotes/" + id + "?format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  const std::string text = PdfText(pdf.body, "quote");
  EXPECT_TRUE(Has(text, "Quote " + std::string(quote.at("number").as_string()))) << text;
  EXPECT_TRUE(Has(text, "Nairobi Voice Solutions (AG-DEMO), an agent of Cloud One Kenya Ltd")) << text;
  EXPECT_TRUE(Has(text, "On-site training, half a day")) << text;
  EXPECT_TRUE(Has(text, "As discussed on Monday.")) << text;
  EXPECT_TRUE(Has(text, "KES 3480.00")) << text;  // 3,000.00 + 16% VAT
  EXPECT_EQ(client->Get("/api/v1/quotes/" + id + "?format=pdf").body, pdf.body);
  EXPECT_EQ(OtherAgent()->Get("/api/v1/quotes/" + id + "?format=pdf").status, 404);
}

TEST_F(DocumentsTest, TheMonthlyStatementPdfShowsTheFiguresOfTheStatement) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto statement = agent->Get("/api/v1/agents/AG-DEMO/statements/2026-12");
  ASSERT_EQ(statement.status, 200) << statement.body;
  const auto figures = ParseObject(statement.body);
  auto pdf = agent->Get("/api/v1/agents/AG-DEMO/statements/2026-12?format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = PdfText(pdf.body, "statement");
  EXPECT_TRUE(Has(text, "Commission statement 2026-12")) << text;
  EXPECT_TRUE(Has(text, "Nairobi Voice Solutions (AG-DEMO)")) << text;
  for (const char* total : {"paid_out_gross", "tax_withheld", "paid_out_net", "accrued"}) {
    EXPECT_TRUE(Has(text, "KES " + std::string(figures.at("totals").at(total).as_string())))
        << total << " in\n"
        << text;
  }
  EXPECT_TRUE(Has(text, std::string(figures.at("closing").at("available").as_string()))) << text;
  EXPECT_TRUE(Has(text, "Withdrawal paid")) << text;
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/statements/2026-12?format=pdf").body, pdf.body);
  // Another agent's statement: refused as its JSON is.
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/statements/2026-12?format=pdf").status, 404);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/statements/2026-12").status, 404);
  EXPECT_EQ(SignedIn(kStaffEmail, kStaffPassword)
                ->Get("/api/v1/agents/AG-DEMO/statements/2026-12?format=pdf")
                .status,
            200);
  EXPECT_EQ(SignedIn(kClientEmail, kClientPassword)
                ->Get("/api/v1/agents/AG-DEMO/statements/2026-12?format=pdf")
                .status,
            403);
}

TEST_F(DocumentsTest, APaidWithdrawalsRemittanceStatesTheWithholdingTax) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto pdf = agent->Get("/api/v1/withdrawals/W-PAID/remittance");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string text = PdfText(pdf.body, "remittance");
  EXPECT_TRUE(Has(text, "Remittance advice and withholding tax statement")) << text;
  EXPECT_TRUE(Has(text, "Cloud One Kenya Ltd")) << text;
  EXPECT_TRUE(Has(text, "P051234567X")) << text;  // the payer's PIN
  EXPECT_TRUE(Has(text, "Nairobi Voice Solutions (AG-DEMO)")) << text;
  EXPECT_TRUE(Has(text, "P051234501K")) << text;  // the payee's PIN (the demo agent's)
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_TRUE(Has(text, "resident")) << text;
  EXPECT_TRUE(Has(text, "KES 12000.00")) << text;
  EXPECT_TRUE(Has(text, "5.00%")) << text;
  EXPECT_TRUE(Has(text, "KES 600.00")) << text;
  EXPECT_TRUE(Has(text, "KES 11400.00")) << text;
  EXPECT_TRUE(Has(text, "QK7H2M1XYZ")) << text;
  EXPECT_TRUE(Has(text, "3 December 2026") || Has(text, "2026-12-03")) << text;
  EXPECT_TRUE(Has(text, "iTax certificate number")) << text;
  EXPECT_EQ(agent->Get("/api/v1/withdrawals/W-PAID/remittance").body, pdf.body);

  EXPECT_EQ(agent->Get("/api/v1/withdrawals/W-OPEN/remittance").status, 409);  // not paid yet
  EXPECT_EQ(staff->Get("/api/v1/withdrawals/W-PAID/remittance").status, 200);
  EXPECT_EQ(staff->Get("/api/v1/withdrawals/W-NONE/remittance").status, 404);
  EXPECT_EQ(SignedIn(kClientEmail, kClientPassword)->Get("/api/v1/withdrawals/W-PAID/remittance").status,
            403);
  EXPECT_EQ(OtherAgent()->Get("/api/v1/withdrawals/W-PAID/remittance").status, 404);
}

TEST_F(DocumentsTest, TheMonthlyWithholdingTaxReportListsEachDeductionWithItsRemitByDay) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto report = staff->Get("/api/v1/reports/withholding-tax/2026-12");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto body = ParseObject(report.body);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1U) << report.body;  // W-OPEN is not paid: nothing was deducted
  const auto& paid = items[0].as_object();
  EXPECT_EQ(paid.at("withdrawal_id").as_string(), "W-PAID");
  EXPECT_EQ(paid.at("kra_pin").as_string(), "P051234501K");
  EXPECT_EQ(paid.at("tax").as_string(), "600.00");
  EXPECT_EQ(paid.at("rate_bp").as_int64(), 500);
  // Paid Thursday 3 December: five working days later is Thursday 10 December.
  EXPECT_EQ(paid.at("remit_by").as_string(), "2026-12-10");
  EXPECT_EQ(body.at("totals").at("tax").as_string(), "600.00");

  auto csv = staff->Get("/api/v1/reports/withholding-tax/2026-12?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(Has(csv.body,
                  "W-PAID,AG-DEMO,Nairobi Voice Solutions,P051234501K,resident,12000.00,500,600.00,11400.00,"
                  "QK7H2M1XYZ"))
      << csv.body;
  auto pdf = staff->Get("/api/v1/reports/withholding-tax/2026-12?format=pdf");
  ASSERT_EQ(pdf.status, 200);
  const std::string text = PdfText(pdf.body, "withholding-tax");
  EXPECT_TRUE(Has(text, "Withholding tax report 2026-12")) << text;
  EXPECT_TRUE(Has(text, "2026-12-03")) << text;
  EXPECT_TRUE(Has(text, "2026-12-10")) << text;
  EXPECT_TRUE(Has(text, "KRA PIN P051234501K · resident · 5.00%")) << text;
  EXPECT_TRUE(Has(text, "ref. QK7H2M1XYZ")) << text;
  EXPECT_TRUE(Has(text, "P051234501K")) << text;
  EXPECT_TRUE(Has(text, "KES 600.00")) << text;

  EXPECT_TRUE(
      ParseObject(staff->Get("/api/v1/reports/withholding-tax/2026-11").body).at("items").as_array().empty());
  // Per agent: its own deductions only (the figures of its certificate).
  const auto mine = ParseObject(staff->Get("/api/v1/reports/withholding-tax/2026-12?agent=AG-DEMO").body);
  EXPECT_EQ(mine.at("items").as_array().size(), 1U);
  const auto others =
      ParseObject(staff->Get("/api/v1/reports/withholding-tax/2026-12?agent=AG-LAKESIDE").body);
  EXPECT_TRUE(others.at("items").as_array().empty());
  EXPECT_EQ(others.at("totals").at("tax").as_string(), "0.00");
  EXPECT_EQ(staff->Get("/api/v1/reports/withholding-tax/2026-12?agent=").status, 422);
  auto agent_csv = staff->Get("/api/v1/reports/withholding-tax/2026-12?agent=AG-DEMO&format=csv");
  EXPECT_NE(agent_csv.Header("content-disposition").find("withholding-tax-2026-12-AG-DEMO.csv"),
            std::string::npos);
  EXPECT_EQ(staff->Get("/api/v1/reports/withholding-tax/2026-13").status, 422);
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/reports/withholding-tax/2026-12").status,
            403);
  EXPECT_EQ(Client()->Get("/api/v1/reports/withholding-tax/2026-12").status, 401);
}

}  // namespace
}  // namespace wakala::testing
