-- Writes a versioned document only if it is newer than the stored one (VersionedProjection).
-- KEYS[1] hash {v = version, d = JSON}
-- ARGV[1] version, ARGV[2] JSON
-- Returns 1 when written, 0 when the stored version was already as new.
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
return 1
