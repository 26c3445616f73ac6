-- Keeps the newest-items indexes in step with one catalog item (CatalogProjection): the id leaves the
-- index of its old top-level category, and is listed while it can be bought. Every key shares the
-- {index} hash tag; the old category is read by the caller and checked here.
-- KEYS[1] sorted set: the global index; KEYS[2] hash: listed item id -> its top-level category;
-- then KEYS[3] the new category's index when ARGV[4] is not '', then the old category's index when
-- ARGV[5] is not ''
-- ARGV[1] item id, ARGV[2] score (update time), ARGV[3] '1' when the item is listed,
-- ARGV[4] new top-level category or '', ARGV[5] the category it was listed under as the caller read it
-- Returns 1, or -1 when the stored category is no longer the one the caller read (read again).
local id = ARGV[1]
if (redis.call('HGET', KEYS[2], id) or '') ~= ARGV[5] then return -1 end
local next = 3
local newIndex, oldIndex
if ARGV[4] ~= '' then
  newIndex = KEYS[next]
  next = next + 1
end
if ARGV[5] ~= '' then oldIndex = KEYS[next] end
if oldIndex then redis.call('ZREM', oldIndex, id) end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  if newIndex then
    redis.call('ZADD', newIndex, ARGV[2], id)
    redis.call('HSET', KEYS[2], id, ARGV[4])
  else
    redis.call('HDEL', KEYS[2], id)
  end
else
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
end
return 1
