-- TSBS's devops `cpu` table as its TimescaleDB loader creates it: tags as
-- text columns beside the ten usage_* metrics, a hypertable on time.
CREATE TABLE cpu (
  time timestamptz NOT NULL,
  hostname text,
  region text,
  datacenter text,
  rack text,
  os text,
  arch text,
  team text,
  service text,
  service_version text,
  service_environment text,
  usage_user double precision,
  usage_system double precision,
  usage_idle double precision,
  usage_nice double precision,
  usage_iowait double precision,
  usage_irq double precision,
  usage_softirq double precision,
  usage_steal double precision,
  usage_guest double precision,
  usage_guest_nice double precision
);
SELECT create_hypertable('cpu', 'time', chunk_time_interval => INTERVAL '6 hours');
