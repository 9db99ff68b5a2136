#include "documents/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <ctime>
#include <memory>

namespace wakala::documents {

namespace {

constexpr double kPageWidth = 595.0;  // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 50.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterSpace = 40.0;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cairo) const { cairo_destroy(cairo); }
};
struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// PNG bytes read by Cairo from memory.
struct PngSource {
  const std::string* bytes = nullptr;
  std::size_t at = 0;
};
cairo_status_t ReadPng(void* closure, unsigned char* data, unsigned int length) {
  auto* source = static_cast<PngSource*>(closure);
  if (source->at + length > source->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(source->bytes->data() + source->at, length, data);
  source->at += length;
  return CAIRO_STATUS_SUCCESS;
}

std::string PdfDate(Timestamp at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

// Lays text out page by page, top to bottom.
class Writer {
 public:
  Writer(cairo_t* cairo, const Document& document) : cairo_(cairo), document_(document) {}

  void Start() {
    y_ = kMargin;
    DrawLogo();
    Text(document_.issuer, 10, false, kMargin + 44, kMargin + 4, kContentWidth - 44);
    y_ = kMargin + 52;
    y_ += Text(document_.title, 17, true, kMargin, y_, kContentWidth) + 14;
  }

  void Heading(const std::string& text) {
    Room(40);
    y_ += 6;
    y_ += Text(text, 12, true, kMargin, y_, kContentWidth) + 6;
  }

  void Field(const std::string& label, const std::string& value) {
    const double height =
        std::max(Measure(label, 9.5, false, 150), Measure(value, 9.5, false, kContentWidth - 160));
    Room(height + 4);
    Text(label, 9.5, false, kMargin, y_, 150, 0.35);
    Text(value, 9.5, false, kMargin + 160, y_, kContentWidth - 160);
    y_ += height + 4;
  }

  void Note(const std::string& text) {
    const double height = Measure(text, 9, false, kContentWidth);
    Room(height + 6);
    y_ += 4;
    y_ += Text(text, 9, false, kMargin, y_, kContentWidth, 0.3) + 4;
  }

  void DrawTable(const Table& table) {
    const std::size_t columns = table.headers.size();
    if (columns == 0) return;
    // The wide column takes what the others leave; the others share equally.
    const double others =
        columns > 1 ? std::min(95.0, kContentWidth * 0.6 / static_cast<double>(columns - 1)) : 0;
    std::vector<double> widths(columns, others);
    widths[std::min(table.wide, columns - 1)] = kContentWidth - others * static_cast<double>(columns - 1);
    const auto row = [&](const std::vector<std::string>& cells, bool bold) {
      double height = 0;
      for (std::size_t c = 0; c < columns && c < cells.size(); ++c) {
        height = std::max(height, Measure(cells[c], 9, bold, widths[c] - 6));
      }
      if (Room(height + 6)) {
        // A new page repeats the column headings.
        if (!bold) Row(table, table.headers, widths, true);
      }
      Row(table, cells, widths, bold);
      y_ += height + 6;
    };
    row(table.headers, true);
    cairo_set_source_rgb(cairo_, 0.6, 0.6, 0.6);
    cairo_set_line_width(cairo_, 0.5);
    cairo_move_to(cairo_, kMargin, y_ - 2);
    cairo_line_to(cairo_, kMargin + kContentWidth, y_ - 2);
    cairo_stroke(cairo_);
    for (const auto& cells : table.rows) row(cells, false);
    // Totals: the amount under the last two columns, its label to the left.
    const double amount_width = columns > 2 ? widths[columns - 1] + widths[columns - 2] : widths.back();
    for (const auto& [label, amount] : table.totals) {
      Room(18);
      const double label_width = kContentWidth - amount_width;
      Text(label, 9.5, true, kMargin, y_, label_width - 6, 0, PANGO_ALIGN_RIGHT);
      Text(amount, 9.5, true, kMargin + label_width, y_, amount_width - 6, 0, PANGO_ALIGN_RIGHT);
      y_ += 16;
    }
    y_ += 6;
  }

  void Finish() { Footer(); }

 private:
  void Row(const Table& table, const std::vector<std::string>& cells, const std::vector<double>& widths,
           bool bold) {
    double x = kMargin;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const bool numeric = c < table.numeric.size() && table.numeric[c];
      if (c < cells.size()) {
        Text(cells[c], 9, bold, x, y_, widths[c] - 6, 0, numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      }
      x += widths[c];
    }
  }

  // Starts a new page when `height` does not fit: true if it did.
  bool Room(double height) {
    if (y_ + height <= kPageHeight - kMargin - kFooterSpace) return false;
    Footer();
    cairo_show_page(cairo_);
    ++page_;
    y_ = kMargin;
    return true;
  }

  void Footer() {
    const std::string text =
        document_.footer + (document_.footer.empty() ? "" : " · ") + "Page " + std::to_string(page_);
    Text(text, 8, false, kMargin, kPageHeight - kMargin - 10, kContentWidth, 0.4);
  }

  void DrawLogo() {
    if (!document_.logo_png.empty()) {
      PngSource source{&document_.logo_png};
      std::unique_ptr<cairo_surface_t, SurfaceDeleter> logo(
          cairo_image_surface_create_from_png_stream(ReadPng, &source));
      if (cairo_surface_status(logo.get()) == CAIRO_STATUS_SUCCESS &&
          cairo_image_surface_get_width(logo.get()) > 0) {
        const double scale = 36.0 / cairo_image_surface_get_height(logo.get());
        cairo_save(cairo_);
        cairo_translate(cairo_, kMargin, kMargin);
        cairo_scale(cairo_, scale, scale);
        cairo_set_source_surface(cairo_, logo.get(), 0, 0);
        cairo_paint(cairo_);
        cairo_restore(cairo_);
        return;
      }
    }
    // The built-in mark (the panels' icon): a blue square with a white W.
    cairo_save(cairo_);
    cairo_translate(cairo_, kMargin, kMargin);
    cairo_scale(cairo_, 36.0 / 32.0, 36.0 / 32.0);
    cairo_new_sub_path(cairo_);
    cairo_arc(cairo_, 26, 6, 6, -M_PI / 2, 0);
    cairo_arc(cairo_, 26, 26, 6, 0, M_PI / 2);
    cairo_arc(cairo_, 6, 26, 6, M_PI / 2, M_PI);
    cairo_arc(cairo_, 6, 6, 6, M_PI, 3 * M_PI / 2);
    cairo_close_path(cairo_);
    cairo_set_source_rgb(cairo_, 0x0b / 255.0, 0x5f / 255.0, 0xa5 / 255.0);
    cairo_fill(cairo_);
    cairo_move_to(cairo_, 7, 9);
    cairo_line_to(cairo_, 11, 23);
    cairo_line_to(cairo_, 16, 13);
    cairo_line_to(cairo_, 21, 23);
    cairo_line_to(cairo_, 25, 9);
    cairo_set_source_rgb(cairo_, 1, 1, 1);
    cairo_set_line_width(cairo_, 3);
    cairo_set_line_join(cairo_, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cairo_);
    cairo_restore(cairo_);
  }

  std::unique_ptr<PangoLayout, LayoutDeleter> Layout(const std::string& text, double size, bool bold,
                                                     double width,
                                                     PangoAlignment align = PANGO_ALIGN_LEFT) const {
    std::unique_ptr<PangoLayout, LayoutDeleter> layout(pango_cairo_create_layout(cairo_));
    std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
    pango_font_description_set_family(font.get(), "DejaVu Sans");
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    return layout;
  }

  double Measure(const std::string& text, double size, bool bold, double width) const {
    int height = 0;
    pango_layout_get_size(Layout(text, size, bold, width).get(), nullptr, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  // Draws `text` with its top left at (x, y); answers its height.
  double Text(const std::string& text, double size, bool bold, double x, double y, double width,
              double grey = 0, PangoAlignment align = PANGO_ALIGN_LEFT) const {
    auto layout = Layout(text, size, bold, width, align);
    cairo_set_source_rgb(cairo_, grey, grey, grey);
    cairo_move_to(cairo_, x, y);
    pango_cairo_show_layout(cairo_, layout.get());
    int height = 0;
    pango_layout_get_size(layout.get(), nullptr, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  cairo_t* cairo_;
  const Document& document_;
  double y_ = kMargin;
  int page_ = 1;
};

}  // namespace

Result<std::string> RenderPdf(const Document& document) {
  std::string bytes;
  {
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, kPageWidth, kPageHeight));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return Fail(Error::Internal("PDF: cannot start a document"));
    }
    // The document's own date, so that printing it again gives the same file.
    const std::string dated = PdfDate(document.dated);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, dated.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, dated.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, document.title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, document.subject.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Wakala");
    std::unique_ptr<cairo_t, ContextDeleter> cairo(cairo_create(surface.get()));
    Writer writer(cairo.get(), document);
    writer.Start();
    for (const auto& section : document.sections) {
      if (!section.heading.empty()) writer.Heading(section.heading);
      for (const auto& [label, value] : section.fields) writer.Field(label, value);
      if (section.table) writer.DrawTable(*section.table);
      if (!section.note.empty()) writer.Note(section.note);
    }
    writer.Finish();
    cairo_show_page(cairo.get());
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return Fail(Error::Internal(std::string("PDF: ") +
                                  cairo_status_to_string(cairo_surface_status(surface.get()))));
    }
  }
  return bytes;
}

}  // namespace wakala::documents
