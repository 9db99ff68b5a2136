// Single-line text fields refuse control characters everywhere; free text
// (reasons) may span lines but holds no other control character (issue 10,
// item 10). Lengths count characters, not bytes.
#include <array>
#include <string_view>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

class TextInputTest : public ApiTest {};

// JSON escapes of what must never be stored in a name: NUL, CR-LF, ESC, DEL,
// a C1 control, the Unicode line separator.
constexpr std::array<std::string_view, 8> kControls = {"\\u0000",     "\\r\\n",  "\\n",     "\\t",
                                                       "\\u001b[31m", "\\u007f", "\\u0085", "\\u2028"};

TEST_F(TextInputTest, NamesWithControlCharactersAreRefusedWhereverTheyComeIn) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto users_before = ParseObject(staff->Get("/api/v1/users").body).at("items").as_array().size();
  const auto applications_before =
      ParseObject(staff->Get("/api/v1/agent-applications").body).at("items").as_array().size();
  int n = 0;
  for (const std::string_view escaped : kControls) {
    const std::string control(escaped);
    ++n;
    const std::string tail = std::to_string(n);
    auto application =
        Client()->Json("POST", "/api/v1/agent-applications",
                       R"({"kind":"company","name":"Coast)" + control +
                           R"(Cloud Ltd","contact_name":"Amina Hassan",)"
                           R"("email":"amina)" +
                           tail + R"(@coastcloud.co.ke","phone":"+25471122233)" + tail +
                           R"(",)"
                           R"("kra_pin":"P05222333)" +
                           tail + R"(Q","residency":"resident","certifications":[],"accept_terms":true})");
    EXPECT_EQ(application.status, 422) << control << ": " << application.body;
    EXPECT_EQ(ProblemFields(application), std::vector<std::string>{"name"}) << control;
    EXPECT_NE(application.body.find("must not contain control characters"), std::string::npos)
        << application.body;

    auto signup = Client()->Json(
        "POST", "/api/v1/client-signups",
        R"({"company":"Kilifi Dental","contact_name":"Jane)" + control + R"(Mwikali","email":"jane)" + tail +
            R"(@kilifi.co.ke","phone":"+25472233344)" + tail + R"(","password":"kilifi-dental-2026"})");
    EXPECT_EQ(signup.status, 422) << control << ": " << signup.body;
    EXPECT_EQ(ProblemFields(signup), std::vector<std::string>{"contact_name"}) << control;

    auto user = staff->Json("POST", "/api/v1/users",
                            R"({"email":"new)" + tail + R"(@x.co.ke","display_name":"New)" + control +
                                R"(Person","role":"staff","password":"long-enough-pw-2026"})");
    EXPECT_EQ(user.status, 422) << control << ": " << user.body;
    EXPECT_EQ(ProblemFields(user), std::vector<std::string>{"display_name"}) << control;
  }
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/users").body).at("items").as_array().size(), users_before);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/agent-applications").body).at("items").as_array().size(),
            applications_before);
}

TEST_F(TextInputTest, FreeTextMaySpanLinesButHoldsNoOtherControlCharacter) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto post = [&](const std::string& reason) {
    return staff->Json("POST", "/api/v1/agents/AG-LAKESIDE/tier-override",
                       R"({"tier":"bronze","reason":")" + reason + R"("})");
  };
  auto nul = post("quarterly review\\u0000");
  EXPECT_EQ(nul.status, 422) << nul.body;
  EXPECT_EQ(ProblemFields(nul), std::vector<std::string>{"reason"});
  auto escape = post("review \\u001b[2J");
  EXPECT_EQ(escape.status, 422) << escape.body;
  auto lines = post("quarterly review:\\n- targets met\\n- agreement signed");
  EXPECT_EQ(lines.status, 200) << lines.body;
}

TEST_F(TextInputTest, LengthsCountCharactersNotBytes) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  // 150 characters of "é" (300 bytes) fit a 200-character name; 201 do not.
  std::string sixty, over;
  for (int i = 0; i < 150; ++i) sixty += "\xC3\xA9";
  for (int i = 0; i < 201; ++i) over += "\xC3\xA9";
  auto fits = staff->Json("POST", "/api/v1/users",
                          R"({"email":"accent@x.co.ke","display_name":")" + sixty +
                              R"(","role":"staff","password":"long-enough-pw-2026"})");
  EXPECT_EQ(fits.status, 201) << fits.body;
  auto too_long = staff->Json("POST", "/api/v1/users",
                              R"({"email":"accent2@x.co.ke","display_name":")" + over +
                                  R"(","role":"staff","password":"long-enough-pw-2026"})");
  EXPECT_EQ(too_long.status, 422) << too_long.body;
}

}  // namespace
}  // namespace wakala::testing

namespace wakala::testing {
namespace {

// The evidence file's name arrives in a header: a tab, a C1 control or a line
// separator there is refused like in any other name.
TEST_F(TextInputTest, AFileNameWithControlCharactersIsRefused) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  const auto upload = [&](const std::string& name) {
    return agent->Send(
        "POST", "/api/v1/agents/AG-DEMO/files", pdf,
        {"Content-Type: application/pdf", "X-CSRF-Token: " + agent->csrf_token, "X-File-Name: " + name});
  };
  for (const std::string name : {"a\tb.pdf",
                                 "a\xC2\x85"
                                 "b.pdf",
                                 "a\xE2\x80\xA8"
                                 "b.pdf"}) {
    auto refused = upload(name);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(ProblemFields(refused), std::vector<std::string>{"X-File-Name"}) << refused.body;
  }
  auto kept = upload("certificat-\xC3\xA9t\xC3\xA9.pdf");
  ASSERT_EQ(kept.status, 201) << kept.body;
  EXPECT_EQ(ParseObject(kept.body).at("original_name"), "certificat-\xC3\xA9t\xC3\xA9.pdf");
}

}  // namespace
}  // namespace wakala::testing
