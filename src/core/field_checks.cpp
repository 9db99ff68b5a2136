#include "core/field_checks.hpp"

#include "core/text.hpp"

namespace wakala {

std::string RequiredText(std::vector<FieldError>& problems, const char* field, const std::string& value,
                         std::size_t max_characters) {
  std::string trimmed(Trim(value));
  if (trimmed.empty()) {
    problems.push_back({field, "is required"});
  } else if (CountCharacters(trimmed) > max_characters) {
    problems.push_back({field, "must be at most " + std::to_string(max_characters) + " characters"});
  } else if (auto control = ControlCharacterProblem(trimmed); !control.empty()) {
    problems.push_back({field, std::move(control)});
  }
  return trimmed;
}

}  // namespace wakala
