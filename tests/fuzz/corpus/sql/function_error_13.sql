SELECT mod(reading, level - level) FROM readings;
