-- Applies a ledger entry (PointsProjection): adds it to the bounded history (idempotent: same member,
-- same score) and moves the balance only forward, unless the entry was made before the shopper was
-- forgotten.
-- KEYS[1] hash {v = ledger version, d = balance JSON, t = entry time in µs}; KEYS[2] sorted set: history
-- by version; KEYS[3] (optional) string: the forget time in µs (the forgotten marker)
-- ARGV[1] ledger version, ARGV[2] balance JSON, ARGV[3] entry JSON, ARGV[4] entries kept,
-- ARGV[5] (optional) entry time in µs, ARGV[6] (optional) unix seconds both keys expire at, 0 = never
-- Returns 1 when the balance moved, 0 when it was already as new or the entry predates a forget.
if KEYS[3] and ARGV[5] then
  local forgotten = redis.call('GET', KEYS[3])
  if forgotten and tonumber(ARGV[5]) <= tonumber(forgotten) then
    return 0
  end
end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
local n = redis.call('ZCARD', KEYS[2])
local keep = tonumber(ARGV[4])
if n > keep then
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - keep - 1)
end
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
if ARGV[5] then
  redis.call('HSET', KEYS[1], 't', ARGV[5])
end
if ARGV[6] then
  if tonumber(ARGV[6]) > 0 then
    redis.call('EXPIREAT', KEYS[1], ARGV[6])
    redis.call('EXPIREAT', KEYS[2], ARGV[6])
  else
    redis.call('PERSIST', KEYS[1])
    redis.call('PERSIST', KEYS[2])
  end
end
return 1
