SELECT device, count(*) FROM readings WHERE device LIKE '_e%' OR note NOT LIKE '%o%' AND level > 4
GROUP BY device;
