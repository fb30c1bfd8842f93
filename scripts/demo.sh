#!/usr/bin/env bash
# The demo: installs what it needs, brings up the real lab, builds and starts the dashboard
# against the lab's inventory, and prints where to open it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-3000}
bash scripts/host-deps.sh
# The one-controller shape by default (the seed incident plays there); DEMO_CONTROLLERS=3 brings
# up the clustered one (NB/SB in RAFT on ctl1..ctl3). A lab already up keeps its shape.
if [[ -f /var/lib/ovnscope-lab/topology ]]; then
  bash lab/bin/lab up
else
  bash lab/bin/lab up --controllers "${DEMO_CONTROLLERS:-1}"
fi
export OVNSCOPE_INVENTORY=${OVNSCOPE_INVENTORY:-/var/lib/ovnscope-lab/inventory.yaml}
export OVNSCOPE_DATA_DIR=${OVNSCOPE_DATA_DIR:-data}
npx next build
# The demo account: an admin (so every page shows), made once with a random password that is
# printed here once; later runs keep it. No fixed password: the demo may listen beyond loopback.
echo
node bin/ovnscope.mjs user add admin --role admin --generate-password --if-missing
echo
echo "ovnscope demo: http://$HOST:$PORT/  (inventory $OVNSCOPE_INVENTORY, data in $OVNSCOPE_DATA_DIR)"
echo "Sign in as 'admin' with the password printed above when the account was made; a new one:"
echo "  npx ovnscope user passwd admin --generate-password"
echo "More accounts: npx ovnscope user add NAME --role viewer|operator|admin (or the Users page)."
[[ $HOST == 127.* || $HOST == localhost || $HOST == ::1 ]] ||
  echo "Note: sign-in over plain http works only on loopback; put https in front, or for a closed lab set OVNSCOPE_ALLOW_HTTP=1."
echo "Stop with Ctrl-C; 'npm run lab:down' removes the lab."
if grep -qx 'controllers=3' /var/lib/ovnscope-lab/topology 2>/dev/null; then
  echo "Try a fault: npm run lab:fault -- quorum-lost   then   npm run lab:heal"
else
  echo "Try a fault: npm run lab:fault -- incident   then   npm run lab:heal"
fi
echo
exec npx next start -H "$HOST" -p "$PORT"
