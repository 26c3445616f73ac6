-- Reads everything one recommendation needs in one round trip (RedisSnapshotSource): the profile,
-- the neighbour lists of the context and recent items, the trending lists (global, the requested
-- category or the profile's top two top-level categories) and the newest items. Keys are built from
-- prefixes here, so this needs a single Redis node.
-- ARGV[1] profile key or '', ARGV[2] neighbours key prefix, ARGV[3] global trending key,
-- ARGV[4] per-category trending key prefix, ARGV[5] newest-items index key,
-- ARGV[6] recent items used as sources, ARGV[7] trending entries per list, ARGV[8] newest items,
-- ARGV[9] requested category or '', ARGV[10] '1' for similar items only, ARGV[11..] context item ids
-- Returns one JSON document {profile, neighbours, trending, trendingByCategory, newest}.
local profileKey, neighboursPrefix = ARGV[1], ARGV[2]
local trendingGlobal, trendingPrefix, newestKey = ARGV[3], ARGV[4], ARGV[5]
local recentMax, trendN, newestN = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local category, similarOnly = ARGV[9], ARGV[10] == '1'
local result = {neighbours = {}, trendingByCategory = {}}
local sources = {}
for i = 11, #ARGV do sources[#sources + 1] = ARGV[i] end
local cats = {}
if category ~= '' then cats[#cats + 1] = string.match(category, '^[^/]+') end
if profileKey ~= '' then
  local profile = redis.call('HGET', profileKey, 'd')
  if profile and profile ~= '' then
    result.profile = profile
    local ok, p = pcall(cjson.decode, profile)
    if ok and type(p) == 'table' then
      if type(p.recent) == 'table' then
        for i = 1, math.min(#p.recent, recentMax) do sources[#sources + 1] = p.recent[i].itemId end
      end
      if category == '' and not similarOnly and type(p.categories) == 'table' then
        local best, bestScore, second, secondScore = nil, -1, nil, -1
        for name, score in pairs(p.categories) do
          if not string.find(name, '/', 1, true) then
            if score > bestScore then
              second, secondScore = best, bestScore
              best, bestScore = name, score
            elseif score > secondScore then
              second, secondScore = name, score
            end
          end
        end
        if best then cats[#cats + 1] = best end
        if second then cats[#cats + 1] = second end
      end
    end
  end
end
for _, id in ipairs(sources) do
  if result.neighbours[id] == nil then
    result.neighbours[id] = redis.call('HGET', neighboursPrefix .. id, 'd') or ''
  end
end
if not similarOnly then
  result.trending = redis.call('ZREVRANGE', trendingGlobal, 0, trendN - 1, 'WITHSCORES')
  for _, top in ipairs(cats) do
    result.trendingByCategory[top] = redis.call('ZREVRANGE', trendingPrefix .. top, 0, trendN - 1, 'WITHSCORES')
  end
  local newestIndex = newestKey
  if category ~= '' then newestIndex = newestKey .. ':' .. cats[1] end
  result.newest = redis.call('ZREVRANGE', newestIndex, 0, newestN - 1)
end
return cjson.encode(result)
