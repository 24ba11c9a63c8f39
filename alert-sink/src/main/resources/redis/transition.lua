-- Moves one alert through its lifecycle (OPEN -> ACKED -> CLOSED, or OPEN -> CLOSED) and appends the change
-- to the audit trail, atomically.
-- KEYS[1] alert hash, KEYS[2] open-alerts zset, KEYS[3] audit stream (all alerts), KEYS[4] the alert's audit stream
-- ARGV: 1 action (ack|close), 2 by, 3 at (ISO-8601), 4 outcome (close only), 5 comment, 6 alertId
-- Returns the previous status; errors name why the change is not allowed.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('no alert ' .. ARGV[6])
end
local status = redis.call('HGET', KEYS[1], 'status')
local to
if ARGV[1] == 'ack' then
  if status ~= 'OPEN' then
    return redis.error_reply('alert ' .. ARGV[6] .. ' is ' .. status .. ', only an OPEN alert can be acknowledged')
  end
  to = 'ACKED'
  redis.call('HSET', KEYS[1], 'status', to, 'ackedBy', ARGV[2], 'ackedAt', ARGV[3])
elseif ARGV[1] == 'close' then
  if status == 'CLOSED' then
    return redis.error_reply('alert ' .. ARGV[6] .. ' is already CLOSED (by ' ..
      (redis.call('HGET', KEYS[1], 'closedBy') or '?') .. ')')
  end
  to = 'CLOSED'
  redis.call('HSET', KEYS[1], 'status', to, 'closedBy', ARGV[2], 'closedAt', ARGV[3], 'outcome', ARGV[4],
    'comment', ARGV[5])
  redis.call('ZREM', KEYS[2], ARGV[6])
else
  return redis.error_reply('unknown action ' .. ARGV[1])
end
local entry = {'alertId', ARGV[6], 'action', ARGV[1], 'by', ARGV[2], 'at', ARGV[3], 'from', status, 'to', to,
  'outcome', ARGV[4], 'comment', ARGV[5]}
redis.call('XADD', KEYS[3], '*', unpack(entry))
redis.call('XADD', KEYS[4], '*', unpack(entry))
return status
