SELECT to_char(date '2016-02-29', 'YYYY/MM/DD Day'), to_char(timestamp '2016-01-05 12:00', 'MONTH month Month BC AD'), to_char('infinity'::timestamp, 'YYYY'), to_char(timestamp '2016-01-05', '');
