#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

// CSV (RFC 4180) as the exports write it and the imports read it.
namespace wakala {

// One field, quoted when it must be. Text a spreadsheet would run as a
// formula is prefixed with a quote: ids and references come from outside
// systems (numbers, negative ones too, stay numbers).
std::string CsvField(std::string_view text);
// Fields joined into one line, ended by CRLF.
std::string CsvRow(std::initializer_list<std::string_view> fields);
// The rows of a CSV text, field by field; blank lines are no rows; a quote
// left open or more than `max_rows` rows is an error.
Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view text, std::size_t max_rows = 10000);

}  // namespace wakala
