-- Raises items' popularity in bounded trending lists (TrendingProjection): a score only grows, and each
-- list keeps its top entries. Trimmed once per list after all its items: with scores that only grow, that
-- keeps what trimming after each item would.
-- KEYS[1..n] sorted sets (the global list, top-level categories)
-- ARGV[1] entries kept per list; then, for each key in order, the number of its items and that many
-- score, item id pairs
-- Returns 1.
local keep = tonumber(ARGV[1])
local at = 2
for i = 1, #KEYS do
  local items = tonumber(ARGV[at])
  at = at + 1
  for _ = 1, items do
    redis.call('ZADD', KEYS[i], 'GT', ARGV[at], ARGV[at + 1])
    at = at + 2
  end
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(keep + 1))
end
return 1
