-- View mistakes: each statement must fail with PostgreSQL's SQLSTATE, and
-- the session must survive.

-- names taken (42P07), missing (42P01), of another kind (42809)
CREATE VIEW cpu AS SELECT 1;
DROP VIEW no_such_view;
DROP VIEW cpu;
SELECT * FROM no_such_view;
DROP MATERIALIZED VIEW no_such_view;

-- a bad query (42703, 42P01) or column list (42601, 42701)
CREATE VIEW v_bad AS SELECT no_such_column FROM cpu;
CREATE VIEW v_bad AS SELECT 1 FROM no_such_table;
CREATE VIEW v_bad (a, b) AS SELECT 1;
CREATE VIEW v_bad AS SELECT 1 AS a, 2 AS a;

-- dependents (2BP01), replacing a view's columns (42P16); view_test.cpp
-- creates v_base over cpu and v_top over v_base
DROP VIEW v_base;
DROP TABLE cpu;
CREATE OR REPLACE VIEW v_base AS SELECT hostname FROM cpu;
CREATE OR REPLACE VIEW v_base AS SELECT usage_user, hostname FROM cpu;
CREATE OR REPLACE VIEW v_base AS SELECT hostname, usage_user::text FROM cpu;
CREATE OR REPLACE VIEW cpu AS SELECT 1;

-- a plain view is not a materialized view (42809)
DROP MATERIALIZED VIEW v_top;
