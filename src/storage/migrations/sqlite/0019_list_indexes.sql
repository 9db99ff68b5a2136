-- Indexes for the billing lists (issue 13), so that a page never walks the whole table.
-- Orders are numbered as they are placed (seq; times can tie) and listed by it,
-- everyone's or one client's; the staff's ticket queue in all statuses is read
-- by latest activity.
ALTER TABLE orders ADD COLUMN seq BIGINT;
CREATE UNIQUE INDEX orders_seq ON orders (seq);
CREATE INDEX orders_client_seq ON orders (client_id, seq);
CREATE INDEX tickets_activity ON tickets (updated_at);
