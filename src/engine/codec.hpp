#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "engine/commands.hpp"
#include "program/program.hpp"

// The JSON form of the engine's events (the scenario format of
// docs/scenarios.md): what the server's event log stores, what the billing API
// and `wakala import` take, and what `wakala simulate` reads. One decoder for
// all of them, so that an event means the same wherever it comes from.
namespace wakala::engine {

class Engine;

// How an event's text fields and amounts are read. kStoredBeforeStrictInput:
// an event from a log written under rules version 1, before input was held to
// the strict money grammar and the control-character check, replayed with the
// readings it was taken with then.
enum class Reading { kInput, kStoredBeforeStrictInput };

// An event's place in error messages: "event 14 (refund): amount: …".
// `program` resolves tier names; unknown fields, missing ones and bad values
// are errors (kInvalidInput) naming the field.
Result<Command> DecodeEvent(const boost::json::object& event, const program::Program& program,
                            std::size_t index, Reading reading = Reading::kInput);

// The event as the log stores it; DecodeEvent reads it back to an equal command.
boost::json::object EncodeEvent(const Command& command, const program::Program& program);

// An agent or client of a scenario's lists (`agents[index]`), registered before
// the events; an agent's certifications count from `start`.
Result<AgentFacts> DecodeAgent(const boost::json::value& value, std::size_t index,
                               const program::Program& program, Timestamp start);
Result<ClientFacts> DecodeClient(const boost::json::value& value, std::size_t index);

// Decodes one event and applies it; an error is named by the event's place.
Result<void> ApplyEvent(Engine& engine, const boost::json::object& event, std::size_t index,
                        Reading reading = Reading::kInput);
// Applies a decoded event; an engine error is named by the event's place.
Result<void> ApplyCommand(Engine& engine, const Command& command, std::size_t index);

// A billing event's content without its times, as canonical JSON (keys
// sorted): equal for retries of one webhook, different for anything else.
std::string BillingFingerprint(const InvoicePaid& event);
std::string BillingFingerprint(const Refund& event);

// JSON of an object with the keys of every object sorted and the keys in
// `skip` left out of the top level.
std::string CanonicalJson(const boost::json::object& object,
                          std::initializer_list<std::string_view> skip = {});

// Whether a string needs escaping in JSON (a quote, a backslash or a control
// character): most do not, and are written as they are.
bool NeedsJsonEscape(std::string_view text);

}  // namespace wakala::engine
