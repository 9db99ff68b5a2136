#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace wakala {

// An enum's names in the API and the database, one table per enum so that
// the two directions cannot drift apart.
template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; the table's first name for a value it lacks.
template <class Enum, std::size_t N>
constexpr std::string_view NameIn(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [known, name] : table) {
    if (known == value) return name;
  }
  return table.front().second;
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> ValueIn(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [value, known] : table) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace wakala
