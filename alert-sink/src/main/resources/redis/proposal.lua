-- Rule governance (four eyes), atomically: propose, approve, reject, record a publication, or record a publication
-- made without approval; every step is appended to the rules audit stream.
-- KEYS[1] proposal count, KEYS[2] proposals zset, KEYS[3] rules in force hash, KEYS[4] rules audit stream,
-- KEYS[5] the job's rules status hash
-- ARGV: 1 action (propose|approve|reject|published|direct), 2 by, 3 key prefix, 4 proposal id (not for propose),
--       5 comment, then for propose: 6 version, 7 file, 8 base version, 9 diff (JSON), 10 backtest report
--       (Markdown; empty: none), 11 the same report as HTML;
--       for published and direct: 6 where it was published (topic/partition@offset), 7 version, 8 file
-- Returns the proposal id (propose) or its new state. Errors start with NOTFOUND or REFUSED, then say why.
local function now()
  local t = redis.call('TIME')
  local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local s = math.floor(ms / 1000)
  local days = math.floor(s / 86400)
  local rem = s - days * 86400
  local z = days + 719468 -- civil date from days since 1970-01-01 (H. Hinnant's algorithm)
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return ms, string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d, math.floor(rem / 3600),
    math.floor(rem % 3600 / 60), rem % 60, ms % 1000)
end
local ms, at = now()
local action, by, prefix = ARGV[1], ARGV[2], ARGV[3]

-- the version proposals are judged against: the last approved, else what the job reports in force
local function inForce()
  return redis.call('HGET', KEYS[3], 'version') or redis.call('HGET', KEYS[5], 'current') or ''
end

if action == 'propose' then
  local id = 'P-' .. redis.call('INCR', KEYS[1])
  redis.call('HSET', prefix .. ':rules:proposal:' .. id, 'id', id, 'state', 'PENDING', 'version', ARGV[6],
    'file', ARGV[7], 'baseVersion', ARGV[8], 'diff', ARGV[9], 'proposedBy', by, 'proposedAt', at,
    'comment', ARGV[5])
  if ARGV[10] ~= '' then
    redis.call('HSET', prefix .. ':rules:proposal:' .. id, 'backtest', ARGV[10], 'backtestHtml', ARGV[11])
  end
  redis.call('ZADD', KEYS[2], ms, id)
  redis.call('XADD', KEYS[4], '*', 'action', 'propose', 'by', by, 'at', at, 'proposal', id, 'version', ARGV[6],
    'base', ARGV[8], 'comment', ARGV[5])
  return id
end

if action == 'direct' then
  -- a version published again with other settings is refused by the job: the one in force stays
  if redis.call('HGET', KEYS[3], 'version') ~= ARGV[7] then
    redis.call('HSET', KEYS[3], 'version', ARGV[7], 'file', ARGV[8], 'since', at, 'by', by, 'proposalId', '')
  end
  redis.call('XADD', KEYS[4], '*', 'action', 'publish-without-approval', 'by', by, 'at', at, 'version', ARGV[7],
    'publishedTo', ARGV[6], 'comment', ARGV[5])
  return 'PUBLISHED'
end

local id = ARGV[4]
local key = prefix .. ':rules:proposal:' .. id
if redis.call('EXISTS', key) == 0 then
  return redis.error_reply('NOTFOUND no proposal ' .. id)
end
local p = redis.call('HMGET', key, 'state', 'proposedBy', 'version', 'baseVersion', 'file')
local state, proposer, version, base = p[1], p[2], p[3], p[4]

if action == 'approve' or action == 'reject' then
  if state ~= 'PENDING' then
    return redis.error_reply('REFUSED proposal ' .. id .. ' is ' .. state .. ' (by ' ..
      (redis.call('HGET', key, 'decidedBy') or '?') .. ')')
  end
  if by == proposer then
    return redis.error_reply('REFUSED ' .. by .. ' proposed ' .. id .. ': someone else must ' .. action .. ' it')
  end
  local current = inForce()
  -- nothing known in force (no approval yet, and the job reports none): the base the proposer gave stands
  if action == 'approve' and current ~= '' and current ~= base then
    return redis.error_reply('REFUSED proposal ' .. id .. ' was made against version ' .. base ..
      ', but version ' .. current .. ' is in force now: propose it again against that')
  end
  local to = action == 'approve' and 'APPROVED' or 'REJECTED'
  redis.call('HSET', key, 'state', to, 'decidedBy', by, 'decidedAt', at, 'decisionComment', ARGV[5])
  if action == 'approve' then
    redis.call('HSET', KEYS[3], 'version', version, 'file', p[5], 'since', at, 'by', by, 'proposalId', id)
  end
  redis.call('XADD', KEYS[4], '*', 'action', action, 'by', by, 'at', at, 'proposal', id, 'version', version,
    'base', base, 'comment', ARGV[5])
  return to
end

if action == 'published' then
  if state ~= 'APPROVED' then
    return redis.error_reply('REFUSED proposal ' .. id .. ' is ' .. state .. ', not APPROVED')
  end
  redis.call('HSET', key, 'publishedTo', ARGV[6], 'publishedAt', at)
  redis.call('XADD', KEYS[4], '*', 'action', 'publish', 'by', by, 'at', at, 'proposal', id, 'version', version,
    'publishedTo', ARGV[6], 'comment', ARGV[5])
  return 'PUBLISHED'
end
return redis.error_reply('REFUSED unknown action ' .. action)
