SELECT 'a' ~* '[a';
