SELECT sign(-2.5::float8), sign(0::float8), sign(3), sign(NULL::float8);
