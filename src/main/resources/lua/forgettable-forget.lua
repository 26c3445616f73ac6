-- Forgets a shopper's document (ForgettableProjection): deletes it unless it was built after the
-- forget (the shopper came back), and leaves a marker holding the forget time, so that a document
-- built before the forget and delivered late cannot be written again while the marker lives.
-- KEYS[1] hash {v, d, t = intake time in µs of its newest event}; KEYS[2] string: the marker
-- ARGV[1] forget time in µs, ARGV[2] seconds the marker lives
-- Returns 1 when the document was deleted, 0 otherwise.
local deleted = 0
local built = redis.call('HGET', KEYS[1], 't')
if not built or tonumber(built) <= tonumber(ARGV[1]) then
  deleted = redis.call('DEL', KEYS[1])
end
local marker = redis.call('GET', KEYS[2])
if not marker or tonumber(marker) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
end
return deleted
