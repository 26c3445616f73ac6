-- Applies a ledger entry (PointsProjection): adds it to the bounded history (idempotent: same member,
-- same score) and moves the balance only forward.
-- KEYS[1] hash {v = ledger version, d = balance JSON}; KEYS[2] sorted set: history by version
-- ARGV[1] ledger version, ARGV[2] balance JSON, ARGV[3] entry JSON, ARGV[4] entries kept
-- Returns 1 when the balance moved, 0 when it was already as new.
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
return 1
