# ovnscope lab: neutron-api under uWSGI, each worker announced as eventlet announces its API
# workers (neutron-lib BaseWorker.start), so the OVN mechanism driver connects the worker to
# NB and SB (post_fork_initialize). Neutron 21 never does this under uWSGI (fixed in 2024.2,
# LP #1912359), and every OVN-backed read (GET routers) then waits forever on its workers.
import runpy

application = runpy.run_path("/usr/bin/neutron-api", run_name="neutron_api_wsgi")["application"]

from neutron import wsgi  # noqa: E402
from neutron_lib.callbacks import events, registry, resources  # noqa: E402

_worker = wsgi.WorkerService(None, application, set_proctitle="off")
registry.publish(resources.PROCESS, events.AFTER_INIT, _worker.start)
