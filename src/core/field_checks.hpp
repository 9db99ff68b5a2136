#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace wakala {

// A required text field of a form, trimmed: a problem is added (and the text
// still returned) when it is empty, longer than `max_characters` or holds a
// control character.
std::string RequiredText(std::vector<FieldError>& problems, const char* field, const std::string& value,
                         std::size_t max_characters);

}  // namespace wakala
