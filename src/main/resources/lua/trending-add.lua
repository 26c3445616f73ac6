-- Raises an item's popularity in bounded trending lists (TrendingProjection): a score only grows,
-- and each list keeps its top entries.
-- KEYS[1..n] sorted sets (global, and the item's top-level category)
-- ARGV[1] score, ARGV[2] item id, ARGV[3] entries kept per list
-- Returns 1.
local keep = tonumber(ARGV[3])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'GT', ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(keep + 1))
end
return 1
