-- Writes one alert to the contract's Redis layout (CONTRACT.md section 5), atomically and at most once.
-- KEYS[1] alert hash, KEYS[2] alerts stream, KEYS[3] open-alerts zset, KEYS[4] client zset,
-- KEYS[5] broker stream (BROKER audience with a broker) or the alert hash again (not used then),
-- KEYS[6] notify-pending set, KEYS[7] the client's open-case id, KEYS[8] the client's case counter, KEYS[9] the
-- cases zset, KEYS[10] the client's view.
-- ARGV: 1 alertId, 2 rule, 3 severity, 4 audience, 5 clientId, 6 brokerId, 7 symbol, 8 ts, 9 tsMillis,
--       10 summary, 11 evidence (JSON), 12 metrics (JSON), 13 ruleVersion, 14 json, 15 open score,
--       16 stream MAXLEN (approximate), 17 live channel, 18 "1" when the broker stream is written,
--       19 "1" when the alert is to be notified (it waits in the pending set until delivered or recorded failed),
--       20 evidenceEvents (JSON array; empty for an alert written before they existed: no field then),
--       21 key prefix (a case's keys are named after its id, known only here; the time is Redis's own),
--       22 "1" when the alert joins the client's open case (RISK audience), 23 the client view (JSON; empty: none),
--       24 the severity's rank (LOW 0 .. CRITICAL 3)
-- A RISK alert joins the client's open case, or opens the client's next case (CASE-<clientId>-<n>); the case takes
-- the highest severity of its alerts. The client view is kept when it is the newest (event time, then alertId).
-- Returns 1 when written, 0 when the alert was already there (nothing changes then).
-- now(): Redis's own clock (redis/clock.lua, put before this script by RedisScripts)
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
if ARGV[22] == '1' then
  local nowMillis, nowIso = now()
  local caseId = redis.call('GET', KEYS[7])
  local caseKey
  if not caseId then
    caseId = 'CASE-' .. ARGV[5] .. '-' .. redis.call('INCR', KEYS[8])
    caseKey = ARGV[21] .. ':case:' .. caseId
    redis.call('SET', KEYS[7], caseId)
    redis.call('HSET', caseKey, 'caseId', caseId, 'clientId', ARGV[5], 'brokerId', ARGV[6], 'status', 'OPEN',
      'severity', ARGV[3], 'severityRank', ARGV[24], 'assignee', '', 'disposition', '', 'openedAt', nowIso,
      'openedAtMillis', nowMillis, 'updatedAt', nowIso, 'version', '1', 'alerts', '0')
    redis.call('ZADD', KEYS[9], nowMillis, caseId)
    redis.call('XADD', caseKey .. ':audit', '*', 'action', 'open', 'by', 'riskwatch', 'at', nowIso, 'from', '',
      'to', 'OPEN', 'alertId', ARGV[1], 'version', '1')
  else
    caseKey = ARGV[21] .. ':case:' .. caseId
    redis.call('XADD', caseKey .. ':audit', '*', 'action', 'alert', 'by', 'riskwatch', 'at', nowIso,
      'alertId', ARGV[1], 'version', redis.call('HGET', caseKey, 'version'))
  end
  redis.call('ZADD', caseKey .. ':alerts', ARGV[9], ARGV[1])
  redis.call('HINCRBY', caseKey, 'alerts', 1)
  if tonumber(ARGV[24]) > tonumber(redis.call('HGET', caseKey, 'severityRank') or '-1') then
    redis.call('HSET', caseKey, 'severity', ARGV[3], 'severityRank', ARGV[24])
  end
  redis.call('HSET', KEYS[1], 'caseId', caseId)
end
if ARGV[23] ~= '' then
  local asOf = redis.call('HGET', KEYS[10], 'asOfMillis')
  if not asOf or tonumber(asOf) < tonumber(ARGV[9])
      or (tonumber(asOf) == tonumber(ARGV[9]) and redis.call('HGET', KEYS[10], 'alertId') < ARGV[1]) then
    redis.call('HSET', KEYS[10], 'json', ARGV[23], 'asOfMillis', ARGV[9], 'asOf', ARGV[8], 'alertId', ARGV[1])
  end
end
redis.call('PUBLISH', ARGV[17], ARGV[14])
return 1
