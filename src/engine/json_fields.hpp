#pragma once

#include <fmt/format.h>
#include <boost/container/small_vector.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "engine/codec.hpp"

// Reading one JSON object field by field with errors that name the place
// ("event 3 (invoice_paid): lines[1]: amount: …") and refusing fields nobody
// read: shared by the event codec and the scenario reader.
namespace wakala::engine::json_input {

namespace json = boost::json;

// Thrown while reading JSON input, caught at the edge (codec.cpp, the
// scenario runner): the message is the one line the CLI prints.
struct InvalidJson {
  std::string message;
};

class Fields {
 public:
  Fields(const json::object& object, std::string where) : object_(object), where_(std::move(where)) {}

  // An event, and one of its lines, are read on every ingest: their place
  // ("event 3 (invoice_paid): lines[1]") is formatted only for an error.
  static Fields ForEvent(const json::object& event, std::size_t index, std::string_view type,
                         Reading reading) {
    Fields fields(event, std::string());
    fields.event_ = EventPlace{index, type, std::nullopt};
    fields.reading_ = reading;
    return fields;
  }
  Fields ForLine(const json::object& line, std::size_t line_index) const {
    Fields fields(line, where_);
    fields.event_ = event_;
    fields.reading_ = reading_;
    if (fields.event_) fields.event_->line = line_index;
    return fields;
  }

  [[noreturn]] void Fail(const std::string& field, const std::string& reason) const {
    throw InvalidJson{where() + ": " + (field.empty() ? "" : field + ": ") + reason};
  }

  const json::value* Get(const char* key) {
    read_.emplace_back(key);
    return object_.if_contains(key);
  }

  std::string String(const char* key) { return std::string(StringView(key)); }
  // Valid while the object is: for values parsed on the spot.
  std::string_view StringView(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr) Fail(key, "missing");
    if (!value->is_string()) Fail(key, "must be a string");
    return Checked(key, value->as_string());
  }
  std::optional<std::string> OptionalString(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) Fail(key, "must be a string");
    return std::string(Checked(key, value->as_string()));
  }
  // Ids, references and names are single lines; only free text (a reason)
  // may span lines. No field holds other control characters.
  std::string_view Checked(const char* key, std::string_view text) const {
    if (reading_ == Reading::kStoredBeforeStrictInput) return text;
    const std::string_view name = key;
    const Lines lines = name == "reason" || name == "summary" ? Lines::kMany : Lines::kOne;
    if (auto problem = ControlCharacterProblem(text, lines); !problem.empty()) Fail(key, problem);
    return text;
  }
  std::optional<bool> OptionalBool(const char* key) {
    const auto* value = Get(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_bool()) Fail(key, "must be true or false");
    return value->as_bool();
  }
  Money Amount(const char* key) {
    auto parsed = reading_ == Reading::kInput ? Money::Parse(StringView(key))
                                              : Money::ParseStoredBeforeStrictGrammar(StringView(key));
    if (!parsed) Fail(key, parsed.error().message);
    return *parsed;
  }
  Timestamp Time(const char* key) {
    auto parsed = ParseRfc3339Timestamp(StringView(key));
    if (!parsed) Fail(key, parsed.error().message);
    return *parsed;
  }
  const json::array& Array(const char* key, bool required = true) {
    static const json::array kEmpty;
    const auto* value = Get(key);
    if (value == nullptr) {
      if (required) Fail(key, "missing");
      return kEmpty;
    }
    if (!value->is_array()) Fail(key, "must be a list");
    return value->as_array();
  }
  void Ignore(const char* key) { read_.emplace_back(key); }
  void RejectUnknown() const {
    for (const auto& [key, value] : object_) {
      if (std::find(read_.begin(), read_.end(), std::string_view(key)) == read_.end()) {
        Fail(std::string(key), "unknown field");
      }
    }
  }
  std::string where() const {
    if (!event_) return where_;
    std::string text = fmt::format("event {} ({})", event_->index, event_->type);
    if (event_->line) text += fmt::format(": lines[{}]", *event_->line);
    return text;
  }

 private:
  struct EventPlace {
    std::size_t index;
    std::string_view type;
    std::optional<std::size_t> line;
  };

  const json::object& object_;
  std::string where_;
  std::optional<EventPlace> event_;
  Reading reading_ = Reading::kInput;
  boost::container::small_vector<std::string_view, 8> read_;  // keys are string literals
};

inline const json::object& AsObject(const json::value& value, const std::string& where) {
  if (!value.is_object()) throw InvalidJson{where + ": must be an object"};
  return value.as_object();
}

}  // namespace wakala::engine::json_input
