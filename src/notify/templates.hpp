#pragma once

// Email in the recipient's language, from the same message catalogues the
// panels use (web/src/i18n/<language>/email.json, embedded in the binary; the
// web build checks that every language has every key with the same
// placeholders). Pure: no I/O.

#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace wakala::notify {

// A template's values by placeholder name: {"company", "Nairobi Voice"}.
using Params = std::map<std::string, std::string>;

// One message as it will be sent: rendered when it is queued, so what staff
// see in the outbox is what left.
struct Email {
  std::string template_name;  // "invitation", "invoice_issued", …
  std::string language;       // "en" or "sw"
  std::string subject, text, html;
};

// "en" or "sw"; anything else reads as English.
std::string_view LanguageOrEnglish(std::string_view language);

// `template_name`.subject and `template_name`.body filled with `params`. The
// greeting names params["name"] when it is given. A placeholder without a value
// (a programming error) is an internal error naming the template and the key.
Result<Email> Compose(std::string_view template_name, std::string_view language, const Params& params);

// Catalogue text with {placeholders} filled; exposed for the tests.
Result<std::string> Fill(std::string_view message, const Params& params);

// The HTML part of a plain-text body: escaped, paragraphs at blank lines,
// line breaks kept, and every http(s) address a link.
std::string HtmlOf(std::string_view text, std::string_view language);

}  // namespace wakala::notify
