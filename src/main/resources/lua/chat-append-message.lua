-- Projects one entry of chat-messages into a conversation's bounded, expiring list (MessagesProjection).
-- Idempotent: an entry already there (same seq) is left as it is.
-- KEYS[1] sorted set: the conversation's entries (JSON) scored by seq
-- ARGV[1] seq, ARGV[2] JSON, ARGV[3] most entries kept, ARGV[4] ms left to keep them (the retention after the
-- entry's time; 0 or less deletes them)
-- Returns 1 when added, 0 when it was there.
if #redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1]) > 0 then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]), ARGV[2])
local keep = tonumber(ARGV[3])
if redis.call('ZCARD', KEYS[1]) > keep then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(keep + 1))
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
