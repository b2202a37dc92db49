SELECT count(*) FROM cpu WHERE usage_steal IS NULL;
