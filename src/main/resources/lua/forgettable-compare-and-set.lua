-- Writes a shopper's versioned document (ForgettableProjection) unless the stored one is as new, or
-- the document was built before the shopper was forgotten; the document expires with inactivity.
-- "As new" compares the intake time of the newest event first, then the version: within one life of
-- the shopper both only grow, while a document built after a forget starts again at version 1 with a
-- later intake time (the forget's tombstone may never reach the projection: the record cache of the
-- aggregate can coalesce it with the shopper's next change).
-- KEYS[1] hash {v = version, d = JSON, t = intake time in µs of its newest event}
-- KEYS[2] string: the forget time in µs (the forgotten marker), absent unless recently forgotten
-- ARGV[1] version, ARGV[2] JSON, ARGV[3] intake time in µs of the document's newest event,
-- ARGV[4] unix seconds the document expires at (a past time deletes it), 0 = never
-- Returns 1 when written, 0 when refused.
local forgotten = redis.call('GET', KEYS[2])
if forgotten and tonumber(ARGV[3]) <= tonumber(forgotten) then
  return 0
end
local current = redis.call('HMGET', KEYS[1], 'v', 't')
if current[1] then
  local version, built = tonumber(ARGV[1]), tonumber(ARGV[3])
  local stored = tonumber(current[2] or '-1')
  if built < stored or (built == stored and version <= tonumber(current[1])) then
    return 0
  end
  -- A document stored without its time (before times were kept) yields to versions only.
  if not current[2] and version <= tonumber(current[1]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2], 't', ARGV[3])
if tonumber(ARGV[4]) > 0 then
  redis.call('EXPIREAT', KEYS[1], ARGV[4])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
