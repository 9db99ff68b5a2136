#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "engine/commands.hpp"
#include "engine/engine.hpp"
#include "program/program.hpp"

namespace wakala::engine {

struct EventOutcome {
  std::string type;
  std::string id;       // the event's id, if it has one
  bool applied = true;  // false: a retry of an event already applied (no-op)
};

// Reads of the engine as it stands, caught up with every process's log: what
// the views (dashboards, statements, the dry run) need and nothing more.
class EngineReader {
 public:
  EngineReader() = default;
  EngineReader(const EngineReader&) = delete;
  EngineReader& operator=(const EngineReader&) = delete;
  virtual ~EngineReader() = default;

  // Runs `read` against the engine; not called while the log is empty.
  virtual void Read(const std::function<void(const Engine&)>& read) = 0;
};

// The commission engine behind its durable log, as a domain's services see
// it: `Stores` is the domain's bundle of store ports (agents::Stores,
// clients::Stores), and every write runs the engine's commands and the
// domain's own records in one database transaction, all or nothing. The
// journal (src/journal/) implements it over SQL; a test can implement it in
// memory.
template <class Stores>
class JournalPort : public EngineReader {
 public:
  using Work = std::function<Result<void>(Stores&)>;
  using EngineCheck = std::function<Result<void>(const Engine&)>;
  using AfterApplied = std::function<Result<void>(Stores&, const Engine&)>;

  virtual const program::Program& program() const = 0;

  // The domain's records alone, in a read or a write transaction (a write
  // commits only when `work` succeeds).
  virtual Result<void> ReadStores(const Work& work) = 0;
  virtual Result<void> WriteStores(const Work& work) = 0;

  // What `query` answers from the stores, read in one read transaction.
  template <class Query>
  Result<std::invoke_result_t<Query, Stores&>> ReadFrom(const Query& query) {
    std::optional<std::invoke_result_t<Query, Stores&>> answer;
    auto read = ReadStores([&](Stores& stores) -> Result<void> {
      answer.emplace(query(stores));
      return {};
    });
    if (!read) return Fail(read.error());
    return std::move(*answer);
  }

  // Applies `commands` as one unit (all, or none with the error naming the
  // first invalid one) and runs `alongside` in the same transaction: records
  // that stand or fall with the events.
  virtual Result<std::vector<EventOutcome>> Apply(const std::vector<Command>& commands,
                                                  const Work& alongside) = 0;

  // The same for events in their JSON form (an outside billing system's
  // webhook), each decoded as the log's replay decodes it.
  virtual Result<std::vector<EventOutcome>> ApplyEvents(const std::vector<boost::json::object>& events) = 0;

  // Check-then-act: `check` sees the engine inside the append transaction
  // (locked, caught up), so nothing can change what it judged before the
  // commit; an error from it is the answer and nothing is appended. `after`
  // sees the engine with the commands applied, in the same transaction.
  virtual Result<void> ApplyChecked(const std::vector<Command>& commands, const EngineCheck& check,
                                    const AfterApplied& after) = 0;
};

}  // namespace wakala::engine
