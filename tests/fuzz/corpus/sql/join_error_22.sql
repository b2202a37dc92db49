SELECT count(*) FROM cpu WHERE usage_user > (SELECT usage_user FROM cpu);
