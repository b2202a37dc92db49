SELECT owner, 'sensor' IN (SELECT kind FROM device_info d WHERE d.max_reading = h.rack),
       'meter' NOT IN (SELECT kind FROM device_info d WHERE d.max_reading = h.rack) FROM hosts h;
