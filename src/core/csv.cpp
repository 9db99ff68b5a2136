#include "core/csv.hpp"

#include <fmt/format.h>

namespace wakala {

// One CSV field (RFC 4180). Text a spreadsheet would run as a formula is
// prefixed with a quote: ids and references come from outside systems.
std::string CsvField(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@')) {
    // Amounts are never negative here except claw-backs; those stay numbers.
    const bool number = field.find_first_not_of("-0123456789.") == std::string::npos;
    if (!number) field.insert(0, "'");
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (const char ch : field) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string CsvRow(std::initializer_list<std::string_view> fields) {
  std::string row;
  for (const auto& field : fields) {
    if (!row.empty()) row += ',';
    row += CsvField(field);
  }
  return row + "\r\n";
}

Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view text, std::size_t max_rows) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  const auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
    // A blank line is no row.
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      field += ch;
      field_started = true;
    }
    if (rows.size() > max_rows) return Fail(Error::Invalid(fmt::format("more than {} lines", max_rows)));
  }
  if (quoted)
    return Fail(Error::Invalid(fmt::format("line {}: a quoted field is not closed", rows.size() + 1)));
  if (field_started || !row.empty()) end_row();
  return rows;
}

}  // namespace wakala
