-- One page of a group's messages, newest first (CommunityReads.history).
-- KEYS[1] window (zset message id → offset), KEYS[2] messages (hash id → JSON); one hash tag.
-- ARGV[1] the exclusive upper offset ('+inf' for the newest page, else '(<offset>'), ARGV[2] page size
-- Returns the messages' JSON, newest first.
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
if #ids == 0 then
  return out
end
local docs = redis.call('HMGET', KEYS[2], unpack(ids))
for i = 1, #ids do
  if docs[i] then
    out[#out + 1] = docs[i]
  end
end
return out
