#pragma once

#include <span>
#include <string_view>

namespace wakala {

// A text file compiled into the binary (migrations, the OpenAPI document).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

namespace embedded::migrations_sqlite {
std::span<const EmbeddedFile> Files();
}
namespace embedded::migrations_postgres {
std::span<const EmbeddedFile> Files();
}
namespace embedded::programs {
std::span<const EmbeddedFile> Files();
}
namespace embedded::demo_data {
std::span<const EmbeddedFile> Files();
}
namespace embedded::api_docs {
std::span<const EmbeddedFile> Files();
}
// The email catalogues, one per language (web/src/i18n/<language>/email.json).
namespace embedded::email_en {
std::span<const EmbeddedFile> Files();
}
namespace embedded::email_sw {
std::span<const EmbeddedFile> Files();
}

}  // namespace wakala
