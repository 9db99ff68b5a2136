-- The rules version (commissions::kRulesVersion) each event was decided under.
-- A rule fix changes what replaying an event gives; replay applies each event
-- under its own version, so that history replays as it was decided and a past
-- statement never changes. Every event stored before this column existed was
-- decided under the first rules: version 1 (docs/engine.md, "Rules versions").
ALTER TABLE engine_events ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 1;
