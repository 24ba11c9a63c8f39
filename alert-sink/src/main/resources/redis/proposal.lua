-- Rule governance (four eyes), atomically: propose, approve, reject, record a publication, or record a publication
-- made without approval; every step is appended to the rules audit stream.
-- KEYS[1] proposal count, KEYS[2] proposals zset, KEYS[3] rules in force hash, KEYS[4] rules audit stream,
-- KEYS[5] the job's rules status hash
-- ARGV: 1 action (propose|approve|reject|published|direct), 2 by, 3 key prefix, 4 proposal id (not for propose),
--       5 comment, then for propose: 6 version, 7 file, 8 base version, 9 diff (JSON), 10 backtest report
--       (Markdown; empty: none), 11 the same report as HTML;
--       for published and direct: 6 where it was published (topic/partition@offset), 7 version, 8 file
-- Returns the proposal id (propose) or its new state. Errors start with NOTFOUND or REFUSED, then say why.
-- now(): Redis's own clock (redis/clock.lua, put before this script by RedisScripts)
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
