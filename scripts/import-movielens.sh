#!/usr/bin/env bash
# Imports a MovieLens catalogue into a running Marquee API as the configured admin.
#   scripts/import-movielens.sh path/to/u.item            (ml-100k)
#   scripts/import-movielens.sh path/to/movies.csv [links.csv]
# Environment: MARQUEE_URL (default http://127.0.0.1:5080), ADMIN_EMAIL, ADMIN_PASSWORD (default: the demo admin).
set -euo pipefail
file=${1:?usage: $0 u.item|movies.csv [links.csv]}
links=${2:-}
url=${MARQUEE_URL:-http://127.0.0.1:5080}
email=${ADMIN_EMAIL:-admin@marquee.local}
password=${ADMIN_PASSWORD:-demo-admin-Passw0rd!}

token=$(curl -fsS -X POST "$url/api/auth/token" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')

if [ -n "$links" ]; then
  curl -fsS -X POST "$url/api/admin/catalog/import" -H "authorization: Bearer $token" \
    -F "movies=@$file" -F "links=@$links"
else
  curl -fsS -X POST "$url/api/admin/catalog/import" -H "authorization: Bearer $token" \
    -H 'content-type: application/octet-stream' --data-binary "@$file"
fi
echo
