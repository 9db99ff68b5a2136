-- Integrations that push billing events sign each request (HMAC-SHA256 over
-- timestamp and body) with a secret of their API key. Unlike the key itself it
-- must be kept readable: the server recomputes the signature.
ALTER TABLE api_keys ADD COLUMN signing_secret TEXT NOT NULL DEFAULT '';
