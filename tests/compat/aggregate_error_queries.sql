-- Aggregate mistakes must fail with PostgreSQL's SQLSTATE.

-- percentile fraction outside [0, 1]: 22003
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY usage_user) FROM cpu;

SELECT percentile_disc(-0.1) WITHIN GROUP (ORDER BY usage_user) FROM cpu;

SELECT hostname, percentile_cont(2) WITHIN GROUP (ORDER BY usage_user) FROM cpu GROUP BY hostname;

-- DISTINCT aggregate ordered by something not among its arguments: 42P10
SELECT string_agg(DISTINCT hostname, ',' ORDER BY region) FROM cpu;

-- FILTER, ORDER BY, DISTINCT on a plain function: 42809
SELECT lower(hostname) FILTER (WHERE usage_user > 1) FROM cpu;

SELECT lower(hostname ORDER BY hostname) FROM cpu;

SELECT lower(DISTINCT hostname) FROM cpu;

-- WITHIN GROUP on a plain function or aggregate, ordered-set aggregate without it: 42883
SELECT lower(hostname) WITHIN GROUP (ORDER BY hostname) FROM cpu;

SELECT percentile_cont(0.5) FROM cpu;

SELECT sum(usage_user) WITHIN GROUP (ORDER BY usage_user) FROM cpu;

-- FILTER must be boolean: 42804
SELECT count(*) FILTER (WHERE usage_user) FROM cpu;

-- aggregates inside FILTER or aggregate arguments: 42803
SELECT count(*) FILTER (WHERE sum(usage_user) > 1) FROM cpu;

SELECT count(DISTINCT max(usage_user)) FROM cpu;

-- aggregates with FILTER outside a grouped context: 42803
SELECT hostname FROM cpu WHERE count(*) FILTER (WHERE usage_user > 1) > 1;

-- no such aggregate signature: 42883
SELECT string_agg(usage_user, ',') FROM cpu;

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hostname) FROM cpu;

SELECT mode(1) WITHIN GROUP (ORDER BY hostname) FROM cpu;

-- DISTINCT with WITHIN GROUP: 42601
SELECT percentile_cont(DISTINCT 0.5) WITHIN GROUP (ORDER BY usage_user) FROM cpu;

-- ungrouped column in an aggregate query: 42803
SELECT hostname, count(DISTINCT region) FROM cpu;
