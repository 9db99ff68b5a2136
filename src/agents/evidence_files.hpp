#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

// Uploaded files kept outside the web root (evidence, ticket attachments):
// the one set of upload rules, and how they are written and read back.
namespace wakala::agents {

// The media type of an upload, if it may be kept: not empty, a PDF, PNG or
// JPEG by its content (never its name), matching its declared Content-Type,
// its name free of control characters. Errors name the field.
Result<std::string> CheckEvidenceUpload(std::string_view bytes, const std::string& declared_type,
                                        const std::string& original_name);

std::string Sha256Hex(std::string_view bytes);

// Written whole and flushed to disk before the rename, so a crash never
// leaves a half file under a name the database points to.
Result<void> WriteFileDurably(const std::filesystem::path& path, std::string_view bytes);

Result<std::string> ReadStoredFile(const std::filesystem::path& path);

}  // namespace wakala::agents
