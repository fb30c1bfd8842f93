#!/usr/bin/env bash
# The demo: installs what it needs, brings up the real lab, builds and starts the dashboard
# against the lab's inventory, and prints where to open it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-3000}
bash scripts/host-deps.sh
bash lab/bin/lab up
export OVNSCOPE_INVENTORY=${OVNSCOPE_INVENTORY:-/var/lib/ovnscope-lab/inventory.yaml}
npx next build
echo
echo "ovnscope demo: http://$HOST:$PORT/  (inventory $OVNSCOPE_INVENTORY)"
echo "No login yet: sign-in arrives with operators and roles (issue 8). Stop with Ctrl-C; 'npm run lab:down' removes the lab."
echo "Try a fault: npm run lab:fault -- incident   then   npm run lab:heal"
echo
exec npx next start -H "$HOST" -p "$PORT"
