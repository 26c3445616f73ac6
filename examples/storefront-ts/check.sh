#!/usr/bin/env bash
# Checks Lodestone's API the way a storefront team meets it: lints the engine's live OpenAPI document
# (Redocly's recommended rules: any error fails), generates the TypeScript client types from it,
# type-checks the storefront journey against them and runs it against the engine.
#
# usage: examples/storefront-ts/check.sh [BASE_URL]        (default $LODESTONE_URL, else http://localhost:8080)
# Tokens: LODESTONE_STOREFRONT_TOKEN, LODESTONE_MARKETER_TOKEN, LODESTONE_SHOPPER_TOKEN and LODESTONE_SHOPPER_ID;
# any that is unset is minted with `./lodestone token` (the local key pair in $LODESTONE_DATA_DIR, default ./data).
# npm packages come from package-lock.json, cached in ~/.npm.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export LODESTONE_URL=${1:-${LODESTONE_URL:-http://localhost:8080}}
# No telemetry or update notices from the linter in CI logs.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

cd "$HERE"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --prefer-offline --loglevel=error
fi

npm run --silent fetch-spec
echo "== redocly lint"
npx --no-install redocly lint src/generated/openapi.json
echo "== generate the client types, type-check the journey"
npx --no-install openapi-typescript src/generated/openapi.json -o src/generated/lodestone.ts
npx --no-install tsc -p .

export LODESTONE_SHOPPER_ID=${LODESTONE_SHOPPER_ID:-shopper-$(date +%s)}
: "${LODESTONE_STOREFRONT_TOKEN:=$("$ROOT/lodestone" token --role storefront --sub storefront-journey)}"
: "${LODESTONE_MARKETER_TOKEN:=$("$ROOT/lodestone" token --role marketer --sub marketer-journey)}"
: "${LODESTONE_SHOPPER_TOKEN:=$("$ROOT/lodestone" token --role shopper --sub "$LODESTONE_SHOPPER_ID")}"
export LODESTONE_STOREFRONT_TOKEN LODESTONE_MARKETER_TOKEN LODESTONE_SHOPPER_TOKEN

echo "== storefront journey against $LODESTONE_URL"
node dist/journey.js
