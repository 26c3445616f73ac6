-- Remembers the first body fingerprint sent with an Idempotency-Key (PointsGateway).
-- KEYS[1] string: the fingerprint
-- ARGV[1] this request's fingerprint, ARGV[2] seconds it is remembered
-- Returns the fingerprint stored first: this one unless the key was used before.
local current = redis.call('GET', KEYS[1])
if current then
  return current
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
