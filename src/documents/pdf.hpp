#pragma once

// Documents people keep (invoices, statements, tax remittances) as PDF with
// real text: Pango lays out the text (Unicode, shaping, DejaVu Sans), Cairo
// writes the PDF into memory. A document is plain data, built from stored
// figures; rendering it twice gives the same bytes (the PDF's dates are the
// document's own, not the time it was printed).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::documents {

struct Table {
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // right-aligned columns (amounts)
  std::size_t wide = 0;       // the column that takes the width the others leave
  std::vector<std::vector<std::string>> rows;
  std::vector<std::pair<std::string, std::string>> totals;  // label, amount: under the last column
};

struct Section {
  std::string heading;
  std::vector<std::pair<std::string, std::string>> fields;  // label, value
  std::optional<Table> table;
  std::string note;
};

struct Document {
  std::string title;     // "Tax invoice INV-000042"
  std::string issuer;    // the provider, under the logo
  std::string subject;   // PDF metadata: what it is about
  Timestamp dated{};     // the document's date (its PDF creation date)
  std::string logo_png;  // the provider's logo (PNG bytes); empty = the built-in mark
  std::vector<Section> sections;
  std::string footer;
};

// The PDF bytes of `document` (A4, pages broken as needed, numbered).
Result<std::string> RenderPdf(const Document& document);

}  // namespace wakala::documents
