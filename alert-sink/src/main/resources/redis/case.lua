-- Changes one case (assign, move, close, note) and appends the change to its audit trail, atomically.
-- KEYS[1] case hash, KEYS[2] the case's alerts zset, KEYS[3] the case's audit stream, KEYS[4] the case's notes
-- stream, KEYS[5] the client's open-case id, KEYS[6] open-alerts zset, KEYS[7] audit stream of all alerts
-- ARGV: 1 action (assign|move|close|note), 2 by, 3 unused (the time is Redis's), 4 the version the caller saw ('' = any),
--       5 assignee (assign), status (move: INVESTIGATING|ESCALATED) or disposition (close), 6 comment or note text,
--       7 caseId, 8 key prefix (the case's alerts are named by their ids)
-- Returns the case's new version. Errors start with NOTFOUND, CONFLICT (the case changed since the caller's
-- version: nothing is written) or REFUSED (the change is not allowed), then say why.
-- now(): Redis's own clock (redis/clock.lua, put before this script by RedisScripts)
local _, at = now()
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOTFOUND no case ' .. ARGV[7])
end
local c = redis.call('HMGET', KEYS[1], 'status', 'version', 'assignee', 'clientId')
local status, version = c[1], c[2]
if ARGV[4] ~= '' and ARGV[4] ~= version then
  return redis.error_reply('CONFLICT case ' .. ARGV[7] .. ' changed since version ' .. ARGV[4] .. ': it is now ' ..
    status .. ' (version ' .. version .. ')')
end
local action = ARGV[1]
if status == 'CLOSED' and action ~= 'note' then
  return redis.error_reply('REFUSED case ' .. ARGV[7] .. ' is CLOSED (' ..
    (redis.call('HGET', KEYS[1], 'disposition') or '?') .. ')')
end
local to = status
local disposition = ''
if action == 'assign' then
  if ARGV[5] == '' then
    return redis.error_reply('REFUSED say whom to assign the case to')
  end
  redis.call('HSET', KEYS[1], 'assignee', ARGV[5])
elseif action == 'move' then
  to = ARGV[5]
  if (to ~= 'INVESTIGATING' and to ~= 'ESCALATED') or to == status then
    return redis.error_reply('REFUSED case ' .. ARGV[7] .. ' is ' .. status .. ': it can move to ' ..
      (status == 'INVESTIGATING' and 'ESCALATED' or (status == 'ESCALATED' and 'INVESTIGATING' or
      'INVESTIGATING or ESCALATED')) .. ', or be closed')
  end
  redis.call('HSET', KEYS[1], 'status', to)
elseif action == 'close' then
  disposition = ARGV[5]
  local outcome = ({confirmed = 'CONFIRMED', false_positive = 'FALSE_POSITIVE', noted = 'NOTED',
    reported = 'REPORTED'})[disposition]
  if not outcome then
    return redis.error_reply('REFUSED the disposition must be confirmed, false_positive, noted or reported, got ' ..
      disposition)
  end
  to = 'CLOSED'
  redis.call('HSET', KEYS[1], 'status', to, 'disposition', disposition, 'closedBy', ARGV[2], 'closedAt', at)
  if redis.call('GET', KEYS[5]) == ARGV[7] then
    redis.call('DEL', KEYS[5])
  end
  -- its alerts close with it, each with its own audit entry
  for _, alertId in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local alertKey = ARGV[8] .. ':alert:' .. alertId
    local was = redis.call('HGET', alertKey, 'status')
    if was and was ~= 'CLOSED' then
      local comment = 'case ' .. ARGV[7] .. ' closed as ' .. disposition
      redis.call('HSET', alertKey, 'status', 'CLOSED', 'closedBy', ARGV[2], 'closedAt', at, 'outcome', outcome,
        'comment', comment)
      redis.call('ZREM', KEYS[6], alertId)
      local entry = {'alertId', alertId, 'action', 'close', 'by', ARGV[2], 'at', at, 'from', was, 'to', 'CLOSED',
        'outcome', outcome, 'comment', comment}
      redis.call('XADD', KEYS[7], '*', unpack(entry))
      redis.call('XADD', alertKey .. ':audit', '*', unpack(entry))
    end
  end
elseif action == 'note' then
  if ARGV[6] == '' then
    return redis.error_reply('REFUSED a note needs text')
  end
  redis.call('XADD', KEYS[4], '*', 'by', ARGV[2], 'at', at, 'text', ARGV[6])
else
  return redis.error_reply('REFUSED unknown action ' .. action)
end
local newVersion = tostring(tonumber(version) + 1)
redis.call('HSET', KEYS[1], 'version', newVersion, 'updatedAt', at)
redis.call('XADD', KEYS[3], '*', 'action', action, 'by', ARGV[2], 'at', at, 'from', status, 'to', to,
  'assignee', action == 'assign' and ARGV[5] or '', 'disposition', disposition, 'comment', ARGV[6],
  'version', newVersion)
return newVersion
