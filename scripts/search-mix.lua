-- wrk script for scripts in docs/accounts-and-catalogue.md: rotates 16 searches (typos, prefixes, genres, cast) against /api/search.
local queries = {"toy%20stroy", "star%20w", "nebula%20protcol", "godfathr", "the%20usual%20suspects", "casablanca", "terminator", "jurasic%20park", "star%20trek", "silence%20of%20the%20lambs", "comedy", "drama", "amara%20quinn", "fargo", "pulp%20fictoin", "twelve%20monkys"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?limit=10&q=" .. queries[(i % #queries) + 1])
end
