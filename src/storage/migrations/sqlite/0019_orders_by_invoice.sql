-- The order lists join each invoice to its order (issue 13): by invoice, not by a scan.
CREATE INDEX orders_invoice ON orders (invoice_id);
