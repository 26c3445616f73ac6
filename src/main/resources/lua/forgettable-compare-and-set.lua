-- Writes a shopper's versioned document (ForgettableProjection) unless the stored one is as new, or
-- the document was built before the shopper was forgotten; the document expires with inactivity.
-- KEYS[1] hash {v = version, d = JSON, t = intake time in µs of its newest event}
-- KEYS[2] string: the forget time in µs (the forgotten marker), absent unless recently forgotten
-- ARGV[1] version, ARGV[2] JSON, ARGV[3] intake time in µs of the document's newest event,
-- ARGV[4] unix seconds the document expires at (a past time deletes it), 0 = never
-- Returns 1 when written, 0 when refused.
local forgotten = redis.call('GET', KEYS[2])
if forgotten and tonumber(ARGV[3]) <= tonumber(forgotten) then
  return 0
end
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2], 't', ARGV[3])
if tonumber(ARGV[4]) > 0 then
  redis.call('EXPIREAT', KEYS[1], ARGV[4])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
