UPDATE cpu AS c SET usage_user = c.usage_user * 2, (hostname, usage_system) = ('h', DEFAULT) WHERE c.time < '2016-01-01 01:00:00+00' AND hostname IN (SELECT hostname FROM hosts) RETURNING *;
UPDATE readings SET note = coalesce(note, 'x') WHERE EXISTS (SELECT 1 FROM hosts h WHERE h.owner = readings.note);
SELECT count(*) FROM cpu WHERE usage_user > (SELECT avg(usage_user) FROM cpu);
