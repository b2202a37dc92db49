SELECT hostname FROM cpu JOIN hosts ON cpu.hostname = hosts.hostname;
