-- Decides one step of a conversation (Conversations): every rule of who may do what, in which state, is
-- here, so two agents racing for one conversation are decided by Redis running one script at a time.
-- Every key shares the {chat} hash tag. The caller writes what was decided to chat-messages.
-- KEYS[1] hash: the conversation; KEYS[2] sorted set: the waiting queue; KEYS[3] string: the shopper's
-- rate window, or set: the acting agent's open conversations, or (open) set: the shopper's conversations; KEYS[4] set: the target agent's open
-- conversations (transfer); KEYS[5] sorted set: first-response times
-- ARGV[1] action: open, shopper, bot, agent, handover, claim, transfer, resolve, reopen, rate
-- ARGV[2] actor id (shopper or agent), ARGV[3] now (ms), ARGV[4] retention (ms), ARGV[5] conversation id,
-- ARGV[6..] per action:
--   open: ARGV[6] 1 when the shopper asked for a person at once
--   shopper: ARGV[6] messages per window, ARGV[7] window (ms)
--   bot: ARGV[6] 1 to hand over after this reply, ARGV[7] the best guesses (JSON)
--   claim: ARGV[6] agent capacity; transfer: ARGV[6] capacity, ARGV[7] target agent ('' = back to the queue)
--   resolve: ARGV[6] 'agent' or 'shopper', ARGV[7] the assigned agent as the caller read it; rate: ARGV[6] rating
-- Returns {code, seq, state, a, b}: code 'ok', 'not_found', 'forbidden' (another shopper's),
-- 'not_yours' (an agent on a conversation not assigned to it), 'state' (not allowed in this state),
-- 'capacity' (the agent is full), 'rate' (b = ms to wait), 'rated', 'stale' (read again); seq the sequence of the last entry
-- written (entries seq-count+1..seq), a/b per action (first response ms for the first agent reply,
-- created/handover times at resolve, the agent at rate).
local conv = KEYS[1]
local action = ARGV[1]
local actor = ARGV[2]
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local id = ARGV[5]

if action == 'open' then
  local state = 'bot'
  redis.call('HSET', conv, 'user', actor, 'state', 'bot', 'created', now, 'seq', 1)
  if ARGV[6] == '1' then
    state = 'waiting'
    redis.call('HSET', conv, 'state', state, 'handover', now, 'seq', 2)
    redis.call('ZADD', KEYS[2], now, id)
  end
  redis.call('PEXPIRE', conv, ttl)
  -- KEYS[3] here: the shopper's conversations (what a forget deletes)
  redis.call('SADD', KEYS[3], id)
  redis.call('PEXPIRE', KEYS[3], ttl)
  return {'ok', tonumber(redis.call('HGET', conv, 'seq')), state, '', ''}
end

local c = redis.call('HGETALL', conv)
if #c == 0 then return {'not_found', 0, '', '', ''} end
local h = {}
for i = 1, #c, 2 do h[c[i]] = c[i + 1] end
local state = h.state
local seq = tonumber(h.seq)

local function done(count, a, b)
  seq = seq + count
  redis.call('HSET', conv, 'seq', seq, 'state', state)
  redis.call('PEXPIRE', conv, ttl)
  return {'ok', seq, state, tostring(a or ''), tostring(b or '')}
end
local function refuse(code, b) return {code, seq, state, '', tostring(b or '')} end

if action == 'shopper' then
  if h.user ~= actor then return refuse('forbidden') end
  if state == 'resolved' then return refuse('state') end
  local n = redis.call('INCR', KEYS[3])
  if n == 1 then redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[7])) end
  if n > tonumber(ARGV[6]) then
    local wait = redis.call('PTTL', KEYS[3])
    if wait < 0 then
      redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[7]))
      wait = tonumber(ARGV[7])
    end
    return refuse('rate', wait)
  end
  return done(1)
end

if action == 'bot' then
  if state ~= 'bot' then return done(1) end
  if ARGV[6] == '1' then
    state = 'waiting'
    redis.call('HSET', conv, 'handover', now, 'guesses', ARGV[7])
    redis.call('HDEL', conv, 'first')
    redis.call('ZADD', KEYS[2], now, id)
    return done(2)
  end
  return done(1)
end

if action == 'handover' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'bot' then return refuse('state') end
  state = 'waiting'
  redis.call('HSET', conv, 'handover', now)
  redis.call('HDEL', conv, 'first')
  redis.call('ZADD', KEYS[2], now, id)
  return done(1)
end

if action == 'agent' then
  if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  local frt = ''
  if not h.first then
    local from = tonumber(h.handover or h.created)
    frt = now - from
    redis.call('HSET', conv, 'first', now, 'frt', frt)
    redis.call('ZADD', KEYS[5], frt, id)
    redis.call('PEXPIRE', KEYS[5], ttl)
  end
  return done(1, frt)
end

if action == 'claim' then
  if state ~= 'waiting' then return refuse('state') end
  if redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[6]) then return refuse('capacity') end
  redis.call('ZREM', KEYS[2], id)
  redis.call('SADD', KEYS[3], id)
  redis.call('HSET', conv, 'agent', actor)
  state = 'assigned'
  return done(1, actor)
end

if action == 'transfer' then
  if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  local target = ARGV[7]
  if target == '' then
    redis.call('SREM', KEYS[3], id)
    redis.call('HDEL', conv, 'agent')
    -- Back in the queue at its first hand-over time: it keeps its place.
    redis.call('ZADD', KEYS[2], tonumber(h.handover or h.created), id)
    state = 'waiting'
    return done(1, '')
  end
  if redis.call('SCARD', KEYS[4]) >= tonumber(ARGV[6]) then return refuse('capacity') end
  redis.call('SREM', KEYS[3], id)
  redis.call('SADD', KEYS[4], id)
  redis.call('HSET', conv, 'agent', target)
  return done(1, target)
end

if action == 'resolve' then
  -- KEYS[3] is the open set of the agent the caller read (ARGV[7], '' for none): 'stale' when it moved since.
  if (h.agent or '') ~= ARGV[7] then return refuse('stale') end
  if ARGV[6] == 'agent' then
    if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  elseif h.user ~= actor then
    return refuse('forbidden')
  end
  if state == 'resolved' then return refuse('state') end
  redis.call('ZREM', KEYS[2], id)
  if h.agent then redis.call('SREM', KEYS[3], id) end
  redis.call('HSET', conv, 'resolved', now)
  state = 'resolved'
  -- a: the creation time; b: the first hand-over time ('' when the bot alone served the shopper)
  return done(1, h.created, h.handover or '')
end

if action == 'reopen' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'resolved' then return refuse('state') end
  redis.call('HDEL', conv, 'agent', 'resolved', 'rating')
  state = 'bot'
  return done(1)
end

if action == 'rate' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'resolved' then return refuse('state') end
  if h.rating then return refuse('rated') end
  redis.call('HSET', conv, 'rating', ARGV[6])
  redis.call('PEXPIRE', conv, ttl)
  return {'ok', seq, state, h.agent or '', ''}
end

return redis.error_reply('unknown action ' .. action)
