-- Writes a shopper profile only if it is newer than the stored one (ProfileProjection). An empty
-- document is the marker of a forgotten shopper: it expires, a newer profile makes the key persist.
-- KEYS[1] hash {v = version, d = JSON or ''}
-- ARGV[1] version, ARGV[2] JSON or '', ARGV[3] seconds the marker lives
-- Returns 1 when written, 0 when the stored version was already as new.
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
if ARGV[2] == '' then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
