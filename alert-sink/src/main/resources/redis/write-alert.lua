-- Writes one alert to the contract's Redis layout (CONTRACT.md section 5), atomically and at most once.
-- KEYS[1] alert hash, KEYS[2] alerts stream, KEYS[3] open-alerts zset, KEYS[4] client zset,
-- KEYS[5] broker stream (BROKER audience with a broker) or the alert hash again (not used then),
-- KEYS[6] notify-pending set.
-- ARGV: 1 alertId, 2 rule, 3 severity, 4 audience, 5 clientId, 6 brokerId, 7 symbol, 8 ts, 9 tsMillis,
--       10 summary, 11 evidence (JSON), 12 metrics (JSON), 13 ruleVersion, 14 json, 15 open score,
--       16 stream MAXLEN (approximate), 17 live channel, 18 "1" when the broker stream is written,
--       19 "1" when the alert is to be notified (it waits in the pending set until delivered or recorded failed),
--       20 evidenceEvents (JSON array; empty for an alert written before they existed: no field then)
-- Returns 1 when written, 0 when the alert was already there (nothing changes then).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1],
  'alertId', ARGV[1], 'rule', ARGV[2], 'severity', ARGV[3], 'audience', ARGV[4], 'clientId', ARGV[5],
  'brokerId', ARGV[6], 'symbol', ARGV[7], 'ts', ARGV[8], 'summary', ARGV[10], 'evidence', ARGV[11],
  'metrics', ARGV[12], 'ruleVersion', ARGV[13], 'json', ARGV[14], 'status', 'OPEN')
if ARGV[20] ~= '' then
  redis.call('HSET', KEYS[1], 'evidenceEvents', ARGV[20])
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[16], '*',
  'alertId', ARGV[1], 'rule', ARGV[2], 'severity', ARGV[3], 'clientId', ARGV[5], 'json', ARGV[14])
redis.call('ZADD', KEYS[3], ARGV[15], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[9], ARGV[1])
if ARGV[18] == '1' then
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[16], '*', 'alertId', ARGV[1], 'clientId', ARGV[5], 'json', ARGV[14])
end
if ARGV[19] == '1' then
  redis.call('SADD', KEYS[6], ARGV[1])
end
redis.call('PUBLISH', ARGV[17], ARGV[14])
return 1
