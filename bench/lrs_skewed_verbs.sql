-- 1,000,000 statements whose old verbs fell out of use, for bench/lrs_filter_values.py on PostgreSQL.
-- On a migrated, empty database (flask --app wsgi lms init with LMS_DATABASE_URL pointing at it):
--   psql -h 127.0.0.1 -U postgres -d verbrepro -f bench/lrs_skewed_verbs.sql
-- Rows 1–400,000 spread over five verbs (submitted, reviewed and completed occur only there),
-- rows 400,001–1,000,000 over experienced, answered and initialized. Only the columns the
-- filters read are realistic; full_json is 640 bytes of filler, about a real statement's size.
INSERT INTO xapi_statement (statement_id, actor_key, verb_id, object_type, object_activity_id,
                            registration, "timestamp", stored, voided, full_json)
SELECT md5(g::text || 'id'),
       'account:https://lms.example/|' || (g % 2000),
       CASE WHEN g <= 400000 THEN
              (ARRAY['http://adlnet.gov/expapi/verbs/experienced',
                     'http://adlnet.gov/expapi/verbs/answered',
                     'https://lms.zukunftsmacher.example/xapi/verbs/submitted',
                     'https://lms.zukunftsmacher.example/xapi/verbs/reviewed',
                     'http://adlnet.gov/expapi/verbs/completed'])[1 + (hashint4(g) & 2147483647) % 5]
            ELSE
              (ARRAY['http://adlnet.gov/expapi/verbs/experienced',
                     'http://adlnet.gov/expapi/verbs/answered',
                     'http://adlnet.gov/expapi/verbs/experienced',
                     'http://adlnet.gov/expapi/verbs/initialized',
                     'http://adlnet.gov/expapi/verbs/answered'])[1 + (hashint4(g) & 2147483647) % 5]
       END,
       'Activity', 'https://lms.example/activities/unit/' || (g % 300), NULL,
       timestamptz '2024-01-01' + g * interval '30 seconds',
       timestamptz '2024-01-01' + g * interval '30 seconds',
       false,
       repeat(md5(g::text), 20)
FROM generate_series(1, 1000000) AS g;
VACUUM ANALYZE xapi_statement;
