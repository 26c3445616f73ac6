-- Stores or deletes a catalog item and keeps the newest-items indexes in step (CatalogProjection):
-- the id leaves the index of its old top-level category, and is listed while it can be bought.
-- KEYS[1] string: the item's JSON; KEYS[2] sorted set: the global index, KEYS[2]:<top> per category
-- ARGV[1] item id, ARGV[2] JSON or '' (deleted), ARGV[3] score (update time),
-- ARGV[4] top-level category or '', ARGV[5] '1' when the item is listed
-- Returns 1.
local old = redis.call('GET', KEYS[1])
if old then
  local ok, o = pcall(cjson.decode, old)
  if ok and type(o) == 'table' and type(o.category) == 'string' then
    local top = string.match(o.category, '^[^/]+')
    if top then redis.call('ZREM', KEYS[2] .. ':' .. top, ARGV[1]) end
  end
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
  if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2] .. ':' .. ARGV[4], ARGV[3], ARGV[1]) end
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return 1
