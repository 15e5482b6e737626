#!/usr/bin/env bash
# The whole test suite: static checks, the real weapp and H5 builds, the deployable function
# bundles, then every jest project (domain, pages, functions + local cloud, weapp simulate, e2e).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> typecheck"; npm run -s typecheck
echo "==> lint"; npm run -s lint
echo "==> build weapp"; npm run -s build:weapp
echo "==> build h5"; npm run -s build:h5
echo "==> build cloud functions"; npm run -s build:cloud
echo "==> jest"
npx jest --ci "$@"
