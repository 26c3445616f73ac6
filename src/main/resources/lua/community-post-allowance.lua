-- Takes one post from a member's allowance in a group (CommunityReads.takePost).
-- KEYS[1] the member's last post time (string, ms), KEYS[2] the member's posts today (string); one hash tag.
-- ARGV[1] now ms, ARGV[2] least ms between posts, ARGV[3] most posts a day, ARGV[4] ms until the day ends
-- Returns {1, 0} when taken, {0, ms to wait} when too soon, {-1, ms to wait} when the day's posts are spent.
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local last = redis.call('GET', KEYS[1])
if last and now - tonumber(last) < interval then
  return {0, interval - (now - tonumber(last))}
end
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n >= tonumber(ARGV[3]) then
  return {-1, tonumber(ARGV[4])}
end
if interval > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', interval)
end
redis.call('INCR', KEYS[2])
if n == 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return {1, 0}
