// Email templates and the SMTP message's headers: pure functions of notify/.
#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json.hpp>

#include "core/embedded_file.hpp"
#include "notify/smtp.hpp"
#include "notify/templates.hpp"

namespace wakala::notify {
namespace {

TEST(EmailTemplates, FillReplacesEveryPlaceholderAndRefusesAMissingOne) {
  EXPECT_EQ(*Fill("Invoice {invoice} for KES {total}", {{"invoice", "INV-7"}, {"total", "1,160.00"}}),
            "Invoice INV-7 for KES 1,160.00");
  const auto missing = Fill("Invoice {invoice}", {{"total", "1"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("{invoice}"), std::string::npos);
  // A value is inserted as it is, never read as a template itself.
  EXPECT_EQ(*Fill("{a}", {{"a", "{b}"}}), "{b}");
}

TEST(EmailTemplates, ComposeGreetsByNameInTheReadersLanguageAndSigns) {
  const Params params{{"name", "Amina"}, {"application", "APP-1"}, {"reason", "no KRA PIN certificate"}};
  const auto english = Compose("application_rejected", "en", params);
  ASSERT_TRUE(english) << english.error().message;
  EXPECT_EQ(english->subject, "Your Cloud One agent application");
  EXPECT_TRUE(english->text.starts_with("Hello Amina,\n\nWe cannot approve your application (APP-1)"));
  EXPECT_TRUE(english->text.ends_with("\n-- \nCloud One agent program\n"));
  const auto swahili = Compose("application_rejected", "sw", params);
  ASSERT_TRUE(swahili);
  EXPECT_EQ(swahili->language, "sw");
  EXPECT_TRUE(swahili->text.starts_with("Habari Amina,"));
  EXPECT_NE(swahili->text.find("no KRA PIN certificate"), std::string::npos);
  // No name: the plain greeting. An unknown language reads as English.
  const auto plain = Compose("invoice_reminder", "fr",
                             {{"invoice", "INV-1"}, {"total", "5.00"}, {"due", "1 Jan"}, {"link", "x"}});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->language, "en");
  EXPECT_TRUE(plain->text.starts_with("Hello,\n\n"));
  EXPECT_FALSE(Compose("no_such_template", "en", {}));
  EXPECT_FALSE(Compose("invoice_reminder", "en", {{"invoice", "INV-1"}}));  // {total} missing
}

TEST(EmailTemplates, SubjectsCannotCarryALineBreak) {
  // A company name with a line break would otherwise add a header.
  const auto email = Compose("quote_sent", "en",
                             {{"agent", "Acme\r\nBcc: victim@example.com"},
                              {"number", "Q-1"},
                              {"total", "1.00"},
                              {"valid_until", "1 Jan"},
                              {"link", "x"}});
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(HeaderText("a\r\nb"), "a  b");
}

TEST(EmailTemplates, HtmlIsEscapedWithParagraphsAndLinks) {
  const std::string html =
      HtmlOf("Dear <b>you</b> & co,\n\nSee https://x.test/q#abc.\nthen http://y.test/", "sw");
  EXPECT_NE(html.find("<html lang=\"sw\">"), std::string::npos);
  EXPECT_NE(html.find("Dear &lt;b&gt;you&lt;/b&gt; &amp; co,</p>\n<p>See "), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://x.test/q#abc\">https://x.test/q#abc</a>.<br>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"http://y.test/\">"), std::string::npos);
  // An address with a quote cannot leave its attribute.
  EXPECT_NE(HtmlOf("https://x.test/\"onmouseover=", "en").find("https://x.test/&quot;onmouseover="),
            std::string::npos);
}

// The decoded bytes of one encoded word "=?UTF-8?B?…?=".
std::string DecodeWord(const std::string& word) {
  const std::string base64 = word.substr(10, word.size() - 12);
  std::string bytes(base64.size(), '\0');
  std::size_t length = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), base64.data(),
                              base64.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  bytes.resize(length);
  return bytes;
}

TEST(EmailHeaders, NonAsciiTextBecomesEncodedWordsCutBetweenCharacters) {
  EXPECT_EQ(HeaderText("Invoice INV-1"), "Invoice INV-1");
  // 30 two-byte characters: 60 bytes, two words, neither cutting a character.
  std::string text;
  for (int i = 0; i < 30; ++i) text += "é";
  const std::string header = HeaderText(text);
  const auto fold = header.find("\r\n ");
  ASSERT_NE(fold, std::string::npos) << header;
  const std::string first = header.substr(0, fold);
  const std::string second = header.substr(fold + 3);
  EXPECT_TRUE(first.starts_with("=?UTF-8?B?") && first.ends_with("?="));
  EXPECT_EQ(DecodeWord(first) + DecodeWord(second), text);
  EXPECT_EQ(DecodeWord(first).size() % 2, 0U);
  EXPECT_EQ(MailboxHeader("Wakala <w@x.test>"), "Wakala <w@x.test>");
  EXPECT_TRUE(MailboxHeader("Zoé <z@x.test>").starts_with("=?UTF-8?B?"));
  EXPECT_TRUE(MailboxHeader("Zoé <z@x.test>").ends_with(" <z@x.test>"));
  EXPECT_EQ(AddressOf("Cloud One <partners@c1.test>"), "partners@c1.test");
  EXPECT_EQ(AddressOf("partners@c1.test"), "partners@c1.test");
}

TEST(EmailDelivery, RetriesWaitTwiceAsLongEachTimeUpToTheCap) {
  using std::chrono::seconds;
  EXPECT_EQ(RetryDelay(1, seconds(60), seconds(3600)), seconds(60));
  EXPECT_EQ(RetryDelay(2, seconds(60), seconds(3600)), seconds(120));
  EXPECT_EQ(RetryDelay(4, seconds(60), seconds(3600)), seconds(480));
  EXPECT_EQ(RetryDelay(7, seconds(60), seconds(3600)), seconds(3600));
  EXPECT_EQ(RetryDelay(1000, seconds(60), seconds(3600)), seconds(3600));
}

TEST(EmailTemplates, EveryTemplateComposesInBothLanguages) {
  // Each subject/body pair, with every placeholder either catalogue names.
  const auto english = boost::json::parse(embedded::email_en::Files()[0].content).as_object();
  for (const auto& [key, value] : english) {
    const std::string name(key);
    if (!name.ends_with(".subject")) continue;
    const std::string template_name = name.substr(0, name.size() - 8);
    Params params;
    for (const char* part : {".subject", ".body"}) {
      const std::string message(english.at(template_name + part).as_string());
      for (std::size_t open = message.find('{'); open != std::string::npos;
           open = message.find('{', open + 1)) {
        params[message.substr(open + 1, message.find('}', open) - open - 1)] = "v";
      }
    }
    for (const char* language : {"en", "sw"}) {
      const auto email = Compose(template_name, language, params);
      EXPECT_TRUE(email) << template_name << " (" << language << "): " << email.error().message;
    }
  }
}

}  // namespace
}  // namespace wakala::notify
