SELECT * FROM hosts a JOIN hosts b ON a.rack;
