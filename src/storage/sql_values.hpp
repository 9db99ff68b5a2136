#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "program/program.hpp"

// Column values the SQL stores read and bind (storage/ only).
namespace wakala::storage {

// A text column that may be NULL, read into an optional.
struct NullableText {
  std::string value;
  soci::indicator indicator = soci::i_null;
  std::optional<std::string> Get() const {
    return indicator == soci::i_ok ? std::optional(value) : std::nullopt;
  }
};

struct NullableTime {
  long long value = 0;
  soci::indicator indicator = soci::i_null;
  std::optional<Timestamp> Get() const {
    return indicator == soci::i_ok ? std::optional(FromUnixSeconds(value)) : std::nullopt;
  }
};

// An optional text bound as a parameter: NULL when absent.
struct BoundText {
  explicit BoundText(const std::optional<std::string>& text)
      : value(text.value_or("")), indicator(text ? soci::i_ok : soci::i_null) {}
  std::string value;
  soci::indicator indicator;
};

// Prepares a statement whose into() and use() elements are already exchanged.
inline void Prepare(soci::statement& statement, const std::string& query) {
  statement.alloc();
  statement.prepare(query);
  statement.define_and_bind();
}

// Runs `query` with one parameter (`key`), its columns bound into `row` by
// `into`; false when no row comes back.
template <class Row, class Into>
bool ReadOneRow(soci::session& session, Row& row, Into into, const std::string& query,
                const std::string& key) {
  soci::statement statement(session);
  into(statement, row);
  statement.exchange(soci::use(key));
  Prepare(statement, query);
  return statement.execute(true);
}

// A stored category name; an unknown one (never written) reads as a subscription.
inline program::Category CategoryOf(const std::string& name) {
  return program::ParseCategory(name).value_or(program::Category::kManagedSubscription);
}

}  // namespace wakala::storage
