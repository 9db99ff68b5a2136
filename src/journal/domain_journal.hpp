#pragma once

#include <functional>
#include <vector>

#include "engine/journal_port.hpp"
#include "journal/journal.hpp"
#include "storage/database.hpp"
#include "storage/stores.hpp"

namespace wakala::journal {

// A domain's JournalPort over the journal and the SQL stores: the domain's
// work gets its store ports over the transaction's session. `Stores` is
// agents::Stores or clients::Stores (storage::SqlStores gives both).
template <class Stores>
class DomainJournal final : public engine::JournalPort<Stores> {
  using Port = engine::JournalPort<Stores>;

 public:
  DomainJournal(storage::Database& database, Journal& journal) : database_(database), journal_(journal) {}

  const program::Program& program() const override { return journal_.program(); }
  void Read(const std::function<void(const engine::Engine&)>& read) override { journal_.Read(read); }
  Result<void> ReadStores(const typename Port::Work& work) override {
    return database_.Read(OnSession(work));
  }
  Result<void> WriteStores(const typename Port::Work& work) override {
    return database_.Write(OnSession(work));
  }
  Result<std::vector<engine::EventOutcome>> Apply(const std::vector<engine::Command>& commands,
                                                  const typename Port::Work& alongside) override {
    return journal_.Apply(commands, alongside ? OnSession(alongside) : nullptr);
  }
  Result<std::vector<engine::EventOutcome>> ApplyEvents(
      const std::vector<boost::json::object>& events) override {
    return journal_.ApplyEvents(events);
  }
  Result<void> ApplyChecked(const std::vector<engine::Command>& commands,
                            const typename Port::EngineCheck& check,
                            const typename Port::AfterApplied& after) override {
    if (!after) return journal_.ApplyChecked(commands, check, nullptr);
    return journal_.ApplyChecked(commands, check,
                                 [&after](soci::session& session, const engine::Engine& engine) {
                                   storage::SqlStores stores(session);
                                   auto view = stores.View();
                                   return after(view, engine);
                                 });
  }

 private:
  static std::function<Result<void>(soci::session&)> OnSession(const typename Port::Work& work) {
    return [&work](soci::session& session) {
      storage::SqlStores stores(session);
      auto view = stores.View();
      return work(view);
    };
  }

  storage::Database& database_;
  Journal& journal_;
};

}  // namespace wakala::journal
