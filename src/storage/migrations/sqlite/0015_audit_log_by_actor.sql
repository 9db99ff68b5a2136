-- The staff audit page filters by actor and by "on behalf of" (an agent
-- signed in as a client): newest first, one page at a time, without reading
-- the whole append-only log.
CREATE INDEX audit_log_actor_seq ON audit_log (actor, seq);
CREATE INDEX audit_log_on_behalf_of_seq ON audit_log (on_behalf_of, seq);
