-- Forgets a shopper's served points (PointsProjection), on the entry that closed their account:
-- deletes the balance and the history unless the balance was moved after the forget (the shopper
-- came back), and leaves a marker holding the forget time, so that an entry made before the forget
-- and delivered late cannot bring them back while the marker lives.
-- KEYS[1] hash {v, d, t = entry time in µs}; KEYS[2] sorted set: history; KEYS[3] string: the marker
-- ARGV[1] forget time in µs, ARGV[2] seconds the marker lives
-- Returns the number of keys deleted.
local deleted = 0
local moved = redis.call('HGET', KEYS[1], 't')
if not moved or tonumber(moved) <= tonumber(ARGV[1]) then
  deleted = redis.call('DEL', KEYS[1], KEYS[2])
end
local marker = redis.call('GET', KEYS[3])
if not marker or tonumber(marker) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
end
return deleted
