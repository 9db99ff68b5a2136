#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// Agents' quotes and their lines (SQL of both engines), inside a transaction
// opened by Database.
class SqlQuoteStore final : public billing::QuoteStore {
 public:
  explicit SqlQuoteStore(soci::session& session) : session_(session) {}

  void InsertQuote(const billing::Quote& quote) override;
  bool UpdateQuote(const billing::Quote& quote, billing::QuoteStatus from) override;
  std::optional<billing::Quote> FindQuote(const std::string& id) override;
  std::optional<billing::Quote> FindQuoteByToken(const std::string& token_digest) override;
  std::vector<billing::Quote> ListQuotes(const billing::QuoteQuery& query) override;

 private:
  std::vector<billing::QuoteLine> LinesOf(const std::string& quote_id);
  std::optional<billing::Quote> FindBy(const char* condition, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
