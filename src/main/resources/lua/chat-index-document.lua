-- Replaces one document of a chat search index (SearchIndexProjection): removes the terms it had, adds
-- its new ones with their BM25 term weights, and keeps document frequencies, N and the total length.
-- Every key shares the {search} hash tag; the script touches only keys passed to it and refuses
-- (returns -1) when the document's stored terms changed since the caller read them, or when a term's key
-- is missing from KEYS: the caller reads again and retries.
-- KEYS[1] string: the document (len\tterm\tterm...); KEYS[2] hash: document frequencies;
-- KEYS[3] hash: stats (n, len); KEYS[4] hash: titles; KEYS[5..] sorted sets: one per old or new term
-- ARGV[1] document id, ARGV[2] the stored document as the caller read it ('' when none),
-- ARGV[3] term key prefix, ARGV[4] k1, ARGV[5] the document's length norm k1·(1 − b + b·len/avglen) with the
-- configured reference avglen (a function of the document alone, so a replay in any order gives the same
-- weights), ARGV[6] title ('' deletes the document),
-- ARGV[7] new length, ARGV[8..] new term, frequency, term, frequency, ...
-- Returns 1, or -1 (stale read / missing key).
local stored = redis.call('GET', KEYS[1])
if (stored or '') ~= ARGV[2] then return -1 end
local have = {}
for i = 5, #KEYS do have[KEYS[i]] = true end
local prefix = ARGV[3]
local id = ARGV[1]
if stored then
  local first = true
  local oldLen = 0
  for part in string.gmatch(stored, '[^\t]+') do
    if first then
      oldLen = tonumber(part)
      first = false
    else
      local key = prefix .. part
      if not have[key] then return -1 end
      redis.call('ZREM', key, id)
      if redis.call('HINCRBY', KEYS[2], part, -1) <= 0 then redis.call('HDEL', KEYS[2], part) end
    end
  end
  redis.call('HINCRBY', KEYS[3], 'n', -1)
  redis.call('HINCRBY', KEYS[3], 'len', -oldLen)
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[4], id)
end
if ARGV[6] == '' then return 1 end
local len = tonumber(ARGV[7])
redis.call('HINCRBY', KEYS[3], 'n', 1)
redis.call('HINCRBY', KEYS[3], 'len', len)
local k1 = tonumber(ARGV[4])
local norm = tonumber(ARGV[5])
local doc = { tostring(len) }
for i = 8, #ARGV, 2 do
  local term = ARGV[i]
  local tf = tonumber(ARGV[i + 1])
  local key = prefix .. term
  if not have[key] then return -1 end
  redis.call('ZADD', key, tf * (k1 + 1) / (tf + norm), id)
  redis.call('HINCRBY', KEYS[2], term, 1)
  doc[#doc + 1] = term
end
redis.call('SET', KEYS[1], table.concat(doc, '\t'))
redis.call('HSET', KEYS[4], id, ARGV[6])
return 1
