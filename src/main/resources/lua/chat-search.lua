-- One query of a chat search index (SearchIndex): unions the query terms' sorted sets of BM25 term
-- weights, each weighted by its IDF, ln(1 + (N - df + 0.5) / (df + 0.5)), and answers the best hits
-- with their titles. Every key shares the {search} hash tag.
-- KEYS[1] hash: document frequencies; KEYS[2] hash: stats (n); KEYS[3] hash: titles;
-- KEYS[4..] sorted sets: one per distinct query term
-- ARGV[1] how many hits, ARGV[2..] the terms of KEYS[4..] in the same order
-- Terms in nearly every document (IDF below 0.1, e.g. 商品 in a catalog of 商品N items) are left out
-- when the query has a rarer term: each adds at most 0.1 × (k1 + 1) to a score, and unioning their
-- sets would cost the size of the catalog.
-- Returns id, score, title, id, score, title, ... best first.
local n = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
if n <= 0 or #KEYS < 4 then return {} end
local MIN_IDF = 0.1
local keys, weights, commonKeys, commonWeights = {}, {}, {}, {}
for i = 4, #KEYS do
  local df = tonumber(redis.call('HGET', KEYS[1], ARGV[i - 2]) or '0')
  if df > 0 then
    local idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    if idf >= MIN_IDF then
      keys[#keys + 1] = KEYS[i]
      weights[#weights + 1] = tostring(idf)
    else
      commonKeys[#commonKeys + 1] = KEYS[i]
      commonWeights[#commonWeights + 1] = tostring(idf)
    end
  end
end
if #keys == 0 then keys, weights = commonKeys, commonWeights end
if #keys == 0 then return {} end
local args = { 'ZUNION', #keys }
for i = 1, #keys do args[#args + 1] = keys[i] end
args[#args + 1] = 'WEIGHTS'
for i = 1, #weights do args[#args + 1] = weights[i] end
args[#args + 1] = 'WITHSCORES'
local all = redis.call(unpack(args))
local k = tonumber(ARGV[1])
local out = {}
local i = #all - 1
while i >= 1 and #out < 3 * k do
  local id = all[i]
  out[#out + 1] = id
  out[#out + 1] = all[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[3], id) or ''
  i = i - 2
end
return out
