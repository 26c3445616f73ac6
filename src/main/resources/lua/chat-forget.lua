-- Forgets one conversation of a forgotten shopper (Conversations#forget), and leaves the shopper's
-- forgotten marker first, so that an entry of a conversation opened before the forget, applied late (a
-- replay of chat-messages, a projection that lost its partitions mid-write), cannot bring it back while
-- chat-messages still holds it. A conversation opened after the forget (the shopper came back) is kept.
-- Every key shares the {chat} hash tag.
-- KEYS[1] string: the forgotten marker; KEYS[2] set: the shopper's conversations; KEYS[3] hash: the
-- conversation; KEYS[4] sorted set: the queue; KEYS[5] sorted set: first-response times; KEYS[6] set: the
-- open conversations of the agent the caller read; KEYS[7] string: the shopper's rate window
-- ARGV[1] forget time (µs), ARGV[2] when the marker expires (ms since the epoch), ARGV[3] the conversation
-- id ('' to leave only the marker), ARGV[4] its agent as the caller read it ('' for none)
-- Returns 'deleted', 'kept' (opened after the forget), 'stale' (its agent changed: read again) or 'marked'.
local marker = redis.call('GET', KEYS[1])
if not marker or tonumber(marker) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
end
redis.call('DEL', KEYS[7])
local id = ARGV[3]
if id == '' then return 'marked' end
local c = redis.call('HMGET', KEYS[3], 'created', 'agent')
if (c[2] or '') ~= ARGV[4] then return 'stale' end
if c[1] and tonumber(c[1]) * 1000 > tonumber(ARGV[1]) then return 'kept' end
redis.call('ZREM', KEYS[4], id)
redis.call('ZREM', KEYS[5], id)
if c[2] then redis.call('SREM', KEYS[6], id) end
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[2], id)
return 'deleted'
