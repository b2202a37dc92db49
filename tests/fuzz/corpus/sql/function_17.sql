SELECT 'foo123' ~ '[0-9]+', 'FOO' ~ '^[a-z]+$', 'FOO' ~* '^[a-z]+$', 'a.b' ~ 'a\.b', 'axb' ~ 'a\.b';
