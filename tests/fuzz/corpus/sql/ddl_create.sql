CREATE TABLE IF NOT EXISTS m (ts timestamptz NOT NULL, v double precision DEFAULT 0, tag varchar(8)) WITH (timescaledb.hypertable, timescaledb.partition_column='ts');
