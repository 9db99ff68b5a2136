#pragma once

#include <string>
#include <string_view>

namespace wakala {

// `value` as a JSON string literal, quotes included (for small audit details
// built without a JSON library in the core).
std::string JsonQuote(std::string_view value);

std::string_view Trim(std::string_view text);

// Whether a text field may span lines (a reason, a summary) or not (a name,
// an id, an email, a reference).
enum class Lines { kOne, kMany };

// Why `text` (UTF-8) cannot be kept as the text of a field, or "" when it can:
// it holds a control character — C0 (NUL, CR, LF, ESC …), DEL, C1, or the
// Unicode line and paragraph separators. A multi-line field may hold tab,
// line feed and carriage return. Stored names with a CR-LF or a NUL break
// headers, CSV exports and every screen that shows them.
std::string ControlCharacterProblem(std::string_view text, Lines lines = Lines::kOne);

// Characters (Unicode code points) in valid UTF-8 `text`, not bytes.
std::size_t CountCharacters(std::string_view text);

// The first `max_characters` characters of valid UTF-8 `text` (never half a character).
std::string_view FirstCharacters(std::string_view text, std::size_t max_characters);
std::string ToLower(std::string_view text);

}  // namespace wakala
