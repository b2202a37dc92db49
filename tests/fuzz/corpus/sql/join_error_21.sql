SELECT rack FROM hosts UNION SELECT owner FROM hosts;
