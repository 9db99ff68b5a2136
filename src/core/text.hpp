#pragma once

#include <string>
#include <string_view>

namespace wakala {

// `value` as a JSON string literal, quotes included (for small audit details
// built without a JSON library in the core).
std::string JsonQuote(std::string_view value);

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);

}  // namespace wakala
