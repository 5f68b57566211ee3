-- Strata quickstart in Flink SQL: run with  bin/strata sql -f examples/quickstart.sql
-- Streaming job (checkpoints every 2 s commit table versions), then a batch DELETE.

-- A UNIQUE table: the PRIMARY KEY makes upserts; rows are hashed on the key into 4 buckets.
CREATE TABLE orders (
  order_id   BIGINT,
  customer   VARCHAR(32),
  amount     DECIMAL(12, 2),
  order_date DATE,
  PRIMARY KEY (order_id) NOT ENFORCED
) DISTRIBUTED BY HASH(order_id) INTO 4 BUCKETS WITH (
  'connector' = 'strata',
  'path' = 'strata-warehouse/orders'
);

INSERT INTO orders VALUES
  (1, 'alice', 10.50, DATE '2024-01-01'),
  (2, 'bob',   20.00, DATE '2024-01-02'),
  (3, 'carol', 30.25, DATE '2024-01-03'),
  (1, 'alice', 11.00, DATE '2024-01-04');   -- same key: replaces order 1

-- An AGGREGATE table: per-day totals, summed by the engine at write and read time.
CREATE TABLE daily_sales (
  order_date DATE,
  total      DECIMAL(18, 2),
  orders     BIGINT,
  biggest    DECIMAL(12, 2)
) WITH (
  'connector' = 'strata',
  'path' = 'strata-warehouse/daily_sales',
  'table.keys-type' = 'aggregate',
  'fields.total.aggregate-function' = 'sum',
  'fields.orders.aggregate-function' = 'sum',
  'fields.biggest.aggregate-function' = 'max'
);

INSERT INTO daily_sales VALUES
  (DATE '2024-01-01', 10.50, 1, 10.50),
  (DATE '2024-01-01', 5.00, 1, 5.00),
  (DATE '2024-01-02', 20.00, 1, 20.00);

-- Read back: a bounded scan of the latest version. Projections, filters and LIMIT are pushed
-- into the engine (zone maps / bloom filters / short-key index prune pages); the UNIQUE table
-- shows order 1 once, with its newest values; the AGGREGATE table shows summed rows.
SELECT order_id, customer, amount FROM orders WHERE amount > 10.75;

SELECT * FROM daily_sales;

-- DELETE FROM runs in batch mode only; see examples in docs. Inspect the tables with:
--   bin/strata info strata-warehouse/orders
--   bin/strata scan strata-warehouse/orders
