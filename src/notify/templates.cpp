#include "notify/templates.hpp"

#include <boost/json.hpp>

#include "core/embedded_file.hpp"

namespace wakala::notify {

namespace {

namespace json = boost::json;

using Catalogue = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Catalogue, std::less<>>& Catalogues() {
  static const auto catalogues = [] {
    std::map<std::string, Catalogue, std::less<>> loaded;
    const auto load = [&](const std::string& language, std::span<const EmbeddedFile> files) {
      Catalogue& catalogue = loaded[language];
      for (const auto& file : files) {
        const json::value parsed = json::parse(file.content);  // kept: the loop reads into it
        for (const auto& [key, value] : parsed.as_object()) {
          catalogue.emplace(std::string(key), std::string(value.as_string()));
        }
      }
    };
    load("en", embedded::email_en::Files());
    load("sw", embedded::email_sw::Files());
    return loaded;
  }();
  return catalogues;
}

Result<std::string> Message(std::string_view language, const std::string& key) {
  const auto& catalogues = Catalogues();
  const auto catalogue = catalogues.find(language);
  if (catalogue == catalogues.end())
    return Fail(Error::Internal("no email catalogue for " + std::string(language)));
  const auto message = catalogue->second.find(key);
  if (message == catalogue->second.end()) {
    return Fail(Error::Internal("email catalogue " + std::string(language) + " has no \"" + key + "\""));
  }
  return message->second;
}

void AppendEscaped(std::string& html, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '<':
        html += "&lt;";
        break;
      case '>':
        html += "&gt;";
        break;
      case '&':
        html += "&amp;";
        break;
      case '"':
        html += "&quot;";
        break;
      default:
        html += c;
    }
  }
}

// One line of text with its addresses made links.
void AppendLine(std::string& html, std::string_view line) {
  std::size_t at = 0;
  while (at < line.size()) {
    std::size_t start = line.find("http", at);
    while (start != std::string_view::npos && !line.substr(start).starts_with("https://") &&
           !line.substr(start).starts_with("http://")) {
      start = line.find("http", start + 1);
    }
    if (start == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = line.size();
    // A sentence's full stop or bracket after an address is not part of it.
    while (end > start && std::string_view(".,;:)").find(line[end - 1]) != std::string_view::npos) --end;
    AppendEscaped(html, line.substr(at, start - at));
    const std::string_view address = line.substr(start, end - start);
    html += "<a href=\"";
    AppendEscaped(html, address);
    html += "\">";
    AppendEscaped(html, address);
    html += "</a>";
    at = end;
  }
  AppendEscaped(html, line.substr(at));
}

// Headers cannot carry line breaks (a value with one could add a header).
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

std::string_view LanguageOrEnglish(std::string_view language) {
  return language == "sw" ? "sw" : "en";
}

Result<std::string> Fill(std::string_view message, const Params& params) {
  std::string filled;
  std::size_t at = 0;
  while (at < message.size()) {
    const std::size_t open = message.find('{', at);
    if (open == std::string_view::npos) break;
    const std::size_t close = message.find('}', open);
    if (close == std::string_view::npos) break;
    filled.append(message.substr(at, open - at));
    const std::string key(message.substr(open + 1, close - open - 1));
    const auto value = params.find(key);
    if (value == params.end()) return Fail(Error::Internal("no value for {" + key + "}"));
    filled += value->second;
    at = close + 1;
  }
  filled.append(message.substr(at));
  return filled;
}

std::string HtmlOf(std::string_view text, std::string_view language) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + std::string(LanguageOrEnglish(language)) +
                     "\"><head><meta charset=\"utf-8\"></head>\n"
                     "<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n<p>";
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    if (line.empty()) {
      if (!html.ends_with("<p>")) html += "</p>\n<p>";
    } else {
      if (!html.ends_with("<p>")) html += "<br>\n";
      AppendLine(html, line);
    }
    at = end + 1;
  }
  html += "</p>\n</body></html>\n";
  return html;
}

Result<Email> Compose(std::string_view template_name, std::string_view language, const Params& params) {
  const std::string_view chosen = LanguageOrEnglish(language);
  const std::string name(template_name);
  const auto failed = [&](const Error& error) {
    return Fail(
        Error::Internal("email template " + name + " (" + std::string(chosen) + "): " + error.message));
  };
  auto subject_text = Message(chosen, name + ".subject");
  auto body_text = Message(chosen, name + ".body");
  if (!subject_text) return failed(subject_text.error());
  if (!body_text) return failed(body_text.error());
  const bool named = params.contains("name") && !params.at("name").empty();
  auto greeting = Message(chosen, named ? "greeting.named" : "greeting.plain");
  auto signature = Message(chosen, "signature");
  if (!greeting) return failed(greeting.error());
  if (!signature) return failed(signature.error());
  auto subject = Fill(*subject_text, params);
  auto body = Fill(*body_text, params);
  auto hello = Fill(*greeting, params);
  if (!subject) return failed(subject.error());
  if (!body) return failed(body.error());
  if (!hello) return failed(hello.error());
  Email email;
  email.template_name = name;
  email.language = std::string(chosen);
  email.subject = OneLine(std::move(*subject));
  email.text = *hello + "\n\n" + *body + "\n\n-- \n" + *signature + "\n";
  email.html = HtmlOf(email.text, chosen);
  return email;
}

}  // namespace wakala::notify
