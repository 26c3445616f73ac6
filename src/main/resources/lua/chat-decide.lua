-- Decides one step of a conversation (Conversations), or applies one entry of chat-messages to Redis
-- (MessagesProjection). Every rule of who may do what, in which state, is in the deciding actions, so
-- two agents racing for one conversation are decided by Redis running one script at a time; what a
-- step changes is in the effect functions below, which the 'apply' action runs for each entry, so a
-- replay of chat-messages rebuilds exactly the state the decisions left. Every key shares the {chat}
-- hash tag. The caller writes what was decided to chat-messages.
-- KEYS[1] hash: the conversation; KEYS[2] sorted set: the waiting queue; KEYS[3] sorted set: first-response
-- times; KEYS[4] set: the shopper's conversations; KEYS[5] set: the acting (or assigned, or transferring)
-- agent's open conversations; KEYS[6] set: the transfer's target agent's; KEYS[7] string: the shopper's
-- rate window; KEYS[8] string: the shopper's forgotten marker (forget time in µs). A key an action does not
-- use is any key of the slot; it is not touched.
-- ARGV[1] action: open, shopper, bot, agent, handover, claim, transfer, resolve, reopen, rate, apply
-- ARGV[2] actor id (shopper or agent), ARGV[3] now (ms; the entry's time for apply), ARGV[4] retention (ms),
-- ARGV[5] conversation id, ARGV[6..] per action:
--   open: ARGV[6] 1 when the shopper asked for a person at once
--   shopper: ARGV[6] messages per window, ARGV[7] window (ms)
--   bot: ARGV[6] 1 to hand over after this reply, ARGV[7] the best guesses (JSON)
--   claim: ARGV[6] agent capacity; transfer: ARGV[6] capacity, ARGV[7] target agent ('' = back to the queue)
--   resolve: ARGV[6] 'agent' or 'shopper', ARGV[7] the assigned agent as the caller read it; rate: ARGV[6] rating
--   apply: ARGV[6] the entry's seq, ARGV[7] its change (open, message, queue, requeue, claim, transfer,
--     reply, resolve, reopen, rate), ARGV[8] the shopper (open) or the agent (claim, transfer target),
--     ARGV[9] the guesses (queue) or the rating (rate)
-- Returns {code, seq, state, a, b, agent}: code 'ok', 'not_found', 'forbidden' (another shopper's),
-- 'not_yours' (an agent on a conversation not assigned to it), 'state' (not allowed in this state),
-- 'capacity' (the agent is full), 'rate' (b = ms to wait), 'rated', 'stale' (read again); seq the sequence of
-- the last entry written (entries seq-count+1..seq), a/b per action (first response ms for the first agent
-- reply, 'handover' when the bot handed over, created/handover times at resolve), agent the assigned agent.
-- apply answers code 'applied', 'known' (seq already there), 'missing' (no conversation: expired or
-- forgotten) or 'forgotten' (opened before its shopper was forgotten).
local conv, queue, frt, shopper, agentA, agentB, rate, marker =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local action = ARGV[1]
local actor = ARGV[2]
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local id = ARGV[5]

-- Expires the key a retention after now, never earlier than it already does (a replay applies
-- conversations in any order, each in its own order).
local function keep(key)
  local at = now + ttl
  local left = redis.call('PTTL', key)
  if left == -2 then return end
  if left >= 0 then
    -- PTTL rather than PEXPIRETIME: the embedded Redis is 6.2.
    local t = redis.call('TIME')
    if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + left >= at then return end
  end
  redis.call('PEXPIREAT', key, at)
end

local h = {}
local state, seq

-- The effects of each kind of entry on the conversation and the keys beside it.
local function opened(user)
  redis.call('HSET', conv, 'user', user, 'state', 'bot', 'created', now)
  h.user, h.created, state, seq = user, tostring(now), 'bot', 0
  redis.call('SADD', shopper, id)
  keep(shopper)
end
local function queued(guesses)
  state = 'waiting'
  redis.call('HSET', conv, 'handover', now)
  h.handover = tostring(now)
  if guesses ~= '' then redis.call('HSET', conv, 'guesses', guesses) end
  redis.call('HDEL', conv, 'first')
  h.first = nil
  redis.call('ZADD', queue, now, id)
end
local function requeued()
  redis.call('SREM', agentA, id)
  redis.call('HDEL', conv, 'agent')
  h.agent = nil
  -- Back in the queue at its hand-over time: it keeps its place.
  redis.call('ZADD', queue, tonumber(h.handover or h.created), id)
  state = 'waiting'
end
local function claimed(agent)
  redis.call('ZREM', queue, id)
  redis.call('SADD', agentA, id)
  redis.call('HSET', conv, 'agent', agent)
  h.agent, state = agent, 'assigned'
end
local function transferred(target)
  redis.call('SREM', agentA, id)
  redis.call('SADD', agentB, id)
  redis.call('HSET', conv, 'agent', target)
  h.agent = target
end
local function replied()
  if h.first then return '' end
  local ms = now - tonumber(h.handover or h.created)
  redis.call('HSET', conv, 'first', now, 'frt', ms)
  h.first = tostring(now)
  redis.call('ZADD', frt, ms, id)
  keep(frt)
  return ms
end
local function resolved()
  redis.call('ZREM', queue, id)
  if h.agent then redis.call('SREM', agentA, id) end
  redis.call('HSET', conv, 'resolved', now)
  state = 'resolved'
end
local function reopened()
  redis.call('HDEL', conv, 'agent', 'resolved', 'rating')
  h.agent, h.rating, state = nil, nil, 'bot'
end
local function rated(rating)
  redis.call('HSET', conv, 'rating', rating)
  h.rating = rating
end
-- Counts the entries written and keeps the conversation a retention after its newest.
local function step(count)
  seq = seq + count
  redis.call('HSET', conv, 'seq', seq, 'state', state)
  keep(conv)
end

local c = redis.call('HGETALL', conv)
for i = 1, #c, 2 do h[c[i]] = c[i + 1] end
if #c > 0 then
  state = h.state
  seq = tonumber(h.seq)
end

if action == 'apply' then
  local entry = tonumber(ARGV[6])
  local change = ARGV[7]
  if #c == 0 then
    if change ~= 'open' then return {'missing', 0, '', '', '', ''} end
    local forgotten = redis.call('GET', marker)
    if forgotten and now * 1000 <= tonumber(forgotten) then return {'forgotten', 0, '', '', '', ''} end
  elseif entry <= seq then
    return {'known', seq, state, '', '', ''}
  end
  if change == 'open' then opened(ARGV[8])
  elseif change == 'queue' then queued(ARGV[9])
  elseif change == 'requeue' then requeued()
  elseif change == 'claim' then claimed(ARGV[8])
  elseif change == 'transfer' then transferred(ARGV[8])
  elseif change == 'reply' then replied()
  elseif change == 'resolve' then resolved()
  elseif change == 'reopen' then reopened()
  elseif change == 'rate' then rated(ARGV[9])
  end
  step(entry - seq)
  return {'applied', seq, state, '', '', ''}
end

local function done(count, a, b)
  step(count)
  return {'ok', seq, state, tostring(a or ''), tostring(b or ''), h.agent or ''}
end

if action == 'open' then
  opened(actor)
  step(1)
  if ARGV[6] == '1' then
    queued('')
    step(1)
  end
  return {'ok', seq, state, '', '', ''}
end

if #c == 0 then return {'not_found', 0, '', '', '', ''} end
local function refuse(code, b) return {code, seq, state, '', tostring(b or ''), h.agent or ''} end

if action == 'shopper' then
  if h.user ~= actor then return refuse('forbidden') end
  if state == 'resolved' then return refuse('state') end
  local n = redis.call('INCR', rate)
  if n == 1 then redis.call('PEXPIRE', rate, tonumber(ARGV[7])) end
  if n > tonumber(ARGV[6]) then
    local wait = redis.call('PTTL', rate)
    if wait < 0 then
      redis.call('PEXPIRE', rate, tonumber(ARGV[7]))
      wait = tonumber(ARGV[7])
    end
    return refuse('rate', wait)
  end
  return done(1)
end

if action == 'bot' then
  if state ~= 'bot' then return done(1) end
  if ARGV[6] == '1' then
    step(1)
    queued(ARGV[7])
    return done(1, 'handover')
  end
  return done(1)
end

if action == 'handover' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'bot' then return refuse('state') end
  queued('')
  return done(1)
end

if action == 'agent' then
  if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  return done(1, replied())
end

if action == 'claim' then
  if state ~= 'waiting' then return refuse('state') end
  if redis.call('SCARD', agentA) >= tonumber(ARGV[6]) then return refuse('capacity') end
  claimed(actor)
  return done(1, actor)
end

if action == 'transfer' then
  if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  local target = ARGV[7]
  if target == '' then
    requeued()
    return done(1, '')
  end
  if redis.call('SCARD', agentB) >= tonumber(ARGV[6]) then return refuse('capacity') end
  transferred(target)
  return done(1, target)
end

if action == 'resolve' then
  -- agentA is the open set of the agent the caller read (ARGV[7], '' for none): 'stale' when it moved since.
  if (h.agent or '') ~= ARGV[7] then return refuse('stale') end
  if ARGV[6] == 'agent' then
    if state ~= 'assigned' or h.agent ~= actor then return refuse('not_yours') end
  elseif h.user ~= actor then
    return refuse('forbidden')
  end
  if state == 'resolved' then return refuse('state') end
  local created, handover = h.created, h.handover or ''
  resolved()
  -- a: the creation time; b: the first hand-over time ('' when the bot alone served the shopper)
  return done(1, created, handover)
end

if action == 'reopen' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'resolved' then return refuse('state') end
  reopened()
  return done(1)
end

if action == 'rate' then
  if h.user ~= actor then return refuse('forbidden') end
  if state ~= 'resolved' then return refuse('state') end
  if h.rating then return refuse('rated') end
  rated(ARGV[6])
  return done(1)
end

return redis.error_reply('unknown action ' .. action)
