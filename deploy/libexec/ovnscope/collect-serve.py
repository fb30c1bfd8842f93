"""ovnscope-collect-serve: ovnscope's node reader, run by `collect` (its sudo entry point).

  collect            -> collect-serve.py --once   one collection to stdout, then exit
  collect --serve    -> collect-serve.py          one collection per line "collect" read on
                        stdin, each followed by the empty frame "served"; any other line is
                        refused and never reaches anything; exits at end of input
  collect --watch    -> collect-serve.py --watch  journalctl follows PID 1's lines about the
                        watched units; ovsdb-client monitors gateway bindings, chassis and RAFT
                        leadership on a database node, OVN settings, bridges and tunnel BFD on
                        an Open vSwitch node (event-driven; ovnscope refreshes at once on a
                        line)

It stays one process: the OVSDB queries and the appctl calls are JSON-RPC on the daemons' unix
sockets, processes and listening sockets are read from /proc and netlink, files are read
directly, unit properties come from systemd's private D-Bus socket (`systemctl show` is the
fallback). A served refresh so starts no process at all on the node. Each section is printed
as the tool an operator would use prints it (`ss -H -ltnp`, `ps -eo ...`, `systemctl show`,
`ovsdb-client query`, `ovn-appctl`): lib/probes parses those formats, and
test/integration/collect-serve.test.ts compares each with the real tool's output on the lab.
The sections and what each reads: lib/probes/registry.ts (a unit test keeps collect_once()
and that table equal).

Run as root (sudo, fixed argument list), read-only: it changes nothing on the node. Python 3.6+
standard library only; started with -I -S (no environment, no site packages).
"""

import glob
import json
import os
import pwd
import re
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time

COLLECT_VERSION = 3
STDERR_MAX = 4096

# The OVN/OVS/Neutron units of every known packaging: read when present, and watched.
UNITS = (
    "ovn-central.service ovn-northd.service ovn-ovsdb-server-nb.service "
    "ovn-ovsdb-server-sb.service ovn-controller.service ovn-host.service "
    "openvswitch-switch.service ovsdb-server.service ovs-vswitchd.service "
    "neutron-server.service neutron-api.service neutron-rpc-server.service "
    "neutron-periodic-workers.service neutron-ovn-maintenance-worker.service"
).split()
UNIT_DIRS = ("/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
UNIT_PROPS = (
    "Id,Names,LoadState,ActiveState,SubState,Type,RemainAfterExit,MainPID,ExecMainStatus,"
    "ExecMainCode,NRestarts,Result,UnitFileState,Requires,Wants,BindsTo,PartOf,After,Before,"
    "ActiveEnterTimestamp,InactiveEnterTimestamp,StateChangeTimestamp,FragmentPath,DropInPaths,"
    "ExecStart,ExecStop,ExecStopPost"
)
DROPIN_GLOBS = (
    "/etc/systemd/system/ovn*.service.d/*.conf",
    "/etc/systemd/system/openvswitch*.service.d/*.conf",
    "/etc/systemd/system/ovs*.service.d/*.conf",
    "/etc/systemd/system/neutron*.service.d/*.conf",
    "/run/systemd/system/ovn*.service.d/*.conf",
)
CONFIG_FILES = (
    "/etc/neutron/plugins/ml2/ml2_conf.ini",
    "/etc/neutron/ovn.ini",
    "/etc/neutron/neutron.conf",
    "/etc/default/ovn-central",
    "/etc/default/ovn-host",
    "/etc/sysconfig/ovn-northd",
)
NEUTRON_INFO_GLOBS = (
    "/usr/lib/python3/dist-packages/neutron-*-info",
    "/usr/lib/python3*/site-packages/neutron-*-info",
    "/usr/local/lib/python3*/dist-packages/neutron-*-info",
)

NB_SOCK = "/var/run/ovn/ovnnb_db.sock"
SB_SOCK = "/var/run/ovn/ovnsb_db.sock"
OVS_SOCK = "/var/run/openvswitch/db.sock"
NB_CTL = "/var/run/ovn/ovnnb_db.ctl"
SB_CTL = "/var/run/ovn/ovnsb_db.ctl"


def _select(table, where=None):
    return {"op": "select", "table": table, "where": where or []}


NB_QUERY = ["OVN_Northbound"] + [
    _select(t) for t in ("NB_Global", "Logical_Router", "Logical_Router_Port", "Gateway_Chassis",
                         "HA_Chassis_Group", "HA_Chassis", "Logical_Switch")
] + [_select("Logical_Switch_Port", [["type", "==", t]]) for t in ("router", "localnet")]
SB_QUERY = ["OVN_Southbound"] + [
    _select(t) for t in ("SB_Global", "Chassis", "Chassis_Private", "Encap")
] + [_select("Port_Binding", [["type", "==", t]]) for t in ("chassisredirect", "localnet", "l3gateway")] + [
    _select("Datapath_Binding")
]
# What an ovsdb-server says about each database it serves (ovsdb-server(5), the _Server
# database): standalone, clustered or relay, and for a clustered one whether this member is
# connected to the cluster, whether it is the leader, the cluster's and its own ids and its index.
# Not the schema column (tens of KB, and in the NB/SB queries' answers already).
SERVER_COLUMNS = ["name", "model", "connected", "leader", "cid", "sid", "index"]
SERVER_QUERY = ["_Server", dict(_select("Database"), columns=SERVER_COLUMNS)]
# Then the tunnel interfaces (by tunnel type, only the columns that say whether BFD runs on
# them and how: OVN's gateway election rides on it), never the VM ports a compute node has.
TUNNEL_COLUMNS = ["name", "type", "options", "bfd", "bfd_status"]
OVS_QUERY = ["Open_vSwitch", _select("Open_vSwitch"), _select("Bridge")] + [
    dict(_select("Interface", [["type", "==", t]]), columns=TUNNEL_COLUMNS) for t in ("geneve", "vxlan", "stt")
]

DAEMON = re.compile(r"(^|/)(ovsdb-server|ovn-northd|ovn-controller|ovs-vswitchd|neutron-server)(:|$)")
PYTHON = re.compile(r"(^|/)python[0-9.]*$")
NEUTRON_SCRIPT = re.compile(
    r"(^|/)neutron-(server|rpc-server|periodic-workers|ovn-maintenance-worker|api)$"
)
UWSGI = re.compile(r"(^|/)uwsgi[_a-z0-9]*$")
NEUTRON_API_INI = re.compile(r" --ini \S*neutron-api\S*\.ini( |$)")

COMMENT = re.compile(r"^[ \t]*[#;]")
BLANK = re.compile(r"^[ \t]*$")
# The rules of lib/probes/redact.ts (which says why each is as it is), kept in step by a test.
SECRET_WORD = "password|passwd|passphrase|secret|token|key|credential"
SECRET_OPTION = re.compile(r"^(\s*(?:export\s+)?[a-z0-9_.-]*(?:%s)[a-z0-9_.-]*\s*[=:])" % SECRET_WORD, re.I)
# Starts only where a name starts (the lookbehind): linear in the line, not quadratic.
SECRET_ASSIGNMENT = re.compile(r"(?<![a-z0-9_.-])[a-z0-9_.-]*(?:%s)[a-z0-9_.-]*=" % SECRET_WORD, re.I)
VALUE_END = re.compile(r"[\s\"']")


class Absent(Exception):
    """Printed as "absent: WHAT" with rc=3: the daemon is not there to ask (not a failure)."""


class Failed(Exception):
    """A command-like failure: stderr text, rc 1."""


# ---------------------------------------------------------------------------- small readers


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def existing(paths):
    return [p for p in paths if os.path.isfile(p)]


def expand(patterns):
    """Like the shell's globs: each pattern's matches sorted (C locale), in pattern order."""
    out = []
    for pattern in patterns:
        out.extend(sorted(glob.glob(pattern)))
    return out


def lines_of(text):
    """awk's records: lines without their newline; a last line without newline still counts."""
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return parts


# ---------------------------------------------------------------------------- sections


def meta():
    hostname = read_text("/proc/sys/kernel/hostname").strip()
    uptime = read_text("/proc/uptime").split()[0]
    osr = {}
    try:
        for line in lines_of(read_text("/etc/os-release")):
            key, _, value = line.partition("=")
            osr[key] = value.strip().strip('"')
    except OSError:
        pass
    out = [
        f"version={COLLECT_VERSION}",
        f"hostname={hostname}",
        f"time={int(time.time())}",
        f"uptime={uptime}",
        f"os={osr.get('ID', '')} {osr.get('VERSION_ID', '')}",
    ]
    for d in expand(NEUTRON_INFO_GLOBS):
        out.append(f"neutron={os.path.basename(d)}")
    return "\n".join(out) + "\n"


def present_units():
    return [u for u in UNITS if any(os.path.lexists(os.path.join(d, u)) for d in UNIT_DIRS)]


def units_section(reader):
    """(stdout, stderr, rc) of the units: over D-Bus, else from `systemctl show` itself."""
    units = present_units()
    if not units:
        return "absent: no OVN/OVS/Neutron units\n", "", 3
    try:
        return reader.show(units), "", 0
    except Exception:  # noqa: BLE001 - whatever went wrong over D-Bus, systemctl still answers
        pass
    try:
        done = subprocess.run(
            ["systemctl", "show", "--no-pager", "--timestamp=unix", "-p", UNIT_PROPS] + units,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as e:
        return "", f"systemctl: {e}\n", 127
    return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), done.returncode


# ---------------------------------------------------------------------------- systemd over D-Bus
#
# `systemctl show` costs ~14 ms of CPU per collection here, most of it the client's start-up
# and property parsing. systemd's private socket (/run/systemd/private, root only, no bus
# daemon in between) answers the same Properties.GetAll calls for a few ms of ours. The output
# is `systemctl show --timestamp=unix -p UNIT_PROPS`'s for the properties asked; anything
# unexpected falls back to systemctl itself.

SYSTEMD_PRIVATE = "/run/systemd/private"
DBUS_ALIGN = {"y": 1, "b": 4, "n": 2, "q": 2, "i": 4, "u": 4, "x": 8, "t": 8, "d": 8, "h": 4,
              "s": 4, "o": 4, "g": 1, "a": 4, "(": 8, "{": 8, "v": 1}
DBUS_FIXED = {"y": "B", "b": "I", "n": "h", "q": "H", "i": "i", "u": "I", "x": "q", "t": "Q", "d": "d", "h": "I"}


def dbus_single(sig, at):
    """End index of the one complete type starting at sig[at]."""
    c = sig[at]
    if c == "a":
        return dbus_single(sig, at + 1)
    if c in "({":
        close = ")" if c == "(" else "}"
        at += 1
        while sig[at] != close:
            at = dbus_single(sig, at)
        return at + 1
    return at + 1


class DbusReader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def align(self, n):
        self.at += (-self.at) % n

    def read(self, sig):
        c = sig[0]
        self.align(DBUS_ALIGN[c])
        if c in DBUS_FIXED:
            fmt = "<" + DBUS_FIXED[c]
            (value,) = struct.unpack_from(fmt, self.data, self.at)
            self.at += struct.calcsize(fmt)
            return bool(value) if c == "b" else value
        if c in "so":
            (n,) = struct.unpack_from("<I", self.data, self.at)
            value = self.data[self.at + 4 : self.at + 4 + n].decode("utf-8", "replace")
            self.at += 4 + n + 1
            return value
        if c == "g":
            n = self.data[self.at]
            value = self.data[self.at + 1 : self.at + 1 + n].decode()
            self.at += 1 + n + 1
            return value
        if c == "v":
            return self.read(self.read("g"))
        if c == "a":
            (n,) = struct.unpack_from("<I", self.data, self.at)
            self.at += 4
            inner = sig[1 : dbus_single(sig, 1)]
            self.align(DBUS_ALIGN[inner[0]])
            end, items = self.at + n, []
            while self.at < end:
                items.append(self.read(inner))
            return dict(items) if inner[0] == "{" else items
        if c in "({":
            end, at, items = dbus_single(sig, 0) - 1, 1, []
            while at < end:
                nxt = dbus_single(sig, at)
                items.append(self.read(sig[at:nxt]))
                at = nxt
            return tuple(items)
        raise ValueError(f"D-Bus type {c!r}")

    def properties(self, wanted):
        """The `wanted` entries of an a{sv} (Properties.GetAll's answer), found by their keys.

        Decoding all ~350 properties of a unit costs Python ~0.4 ms per call; finding the 27 it
        needs costs a few microseconds each. A key is found only as itself: its length prefix
        and terminator are NUL bytes, which no D-Bus string value can hold, and dict entries
        start on 8-byte boundaries.
        """
        data, out = self.data, {}
        for name in wanted:
            key = struct.pack("<I", len(name)) + name.encode() + b"\0"
            at = data.find(key, 8)
            while at != -1 and at % 8:
                at = data.find(key, at + 1)
            if at != -1:
                self.at = at + len(key)
                out[name] = self.read("v")
        return out


def dbus_string(code, kind, value):
    """One header field (code, variant of `kind`), aligned for its struct."""
    raw = value.encode()
    body = (bytes([len(raw)]) + raw + b"\0") if kind == "g" else (struct.pack("<I", len(raw)) + raw + b"\0")
    return bytes([code, 1]) + kind.encode() + b"\0" + body


class SystemdBus:
    """Method calls to systemd on its private socket (peer to peer: no bus, no names)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(3)
        self.sock.connect(SYSTEMD_PRIVATE)
        self.sock.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode() + b"\r\n")
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = self.sock.recv(256)
            if not chunk:
                raise OSError("systemd closed the connection during auth")
            reply += chunk
        if not reply.startswith(b"OK "):
            raise OSError(f"systemd refused auth: {reply!r}")
        self.sock.sendall(b"BEGIN\r\n")
        self.serial = 0
        self.buffer = b""
        self._until_answered()

    def _until_answered(self):
        """Pings until systemd answers one. systemd 252 can leave a message that arrived in the
        same read as BEGIN unprocessed until more bytes arrive; each ping is more bytes. The
        next ping goes after 2 ms, then 4, 8, ... up to 50 (a ping answered late is skipped by
        its serial): waiting 50 ms at once cost every other `collect` run 50 ms."""
        deadline = time.monotonic() + 3
        wait = 0.002
        while True:
            self.sock.settimeout(wait)
            try:
                self.call("/org/freedesktop/systemd1", "org.freedesktop.DBus.Peer", "Ping")
                break
            except socket.timeout:
                if time.monotonic() > deadline:
                    raise
                wait = min(wait * 2, 0.05)
        self.sock.settimeout(3)

    def close(self):
        self.sock.close()

    def _fill(self, n):
        """At least n bytes in the buffer, nothing taken from it: a timeout meanwhile leaves
        the stream where it was (the next call reads the same message again)."""
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("systemd closed the connection")
            self.buffer += chunk

    def _message(self):
        """(kind, header fields bytes, body) of the next whole message, taken from the stream."""
        self._fill(16)
        if self.buffer[0:1] != b"l":
            raise OSError("big-endian D-Bus message")
        kind = self.buffer[1]
        body_len, _, fields_len = struct.unpack_from("<III", self.buffer, 4)
        head_len = 16 + fields_len + (-(16 + fields_len)) % 8
        self._fill(head_len + body_len)
        fields = self.buffer[16 : 16 + fields_len]
        body = self.buffer[head_len : head_len + body_len]
        self.buffer = self.buffer[head_len + body_len :]
        return kind, fields, body

    def call(self, path, interface, member, signature="", body=b""):
        self.serial += 1
        fields = b""
        header = [(1, "o", path), (2, "s", interface), (3, "s", member)]
        if signature:
            header.append((8, "g", signature))
        for code, kind, value in header:
            fields += b"\0" * ((-len(fields)) % 8) + dbus_string(code, kind, value)
        head = struct.pack("<cBBBIII", b"l", 1, 0, 1, len(body), self.serial, len(fields)) + fields
        self.sock.sendall(head + b"\0" * ((-len(head)) % 8) + body)
        while True:
            kind, header_fields, reply = self._message()
            if kind == 4:
                continue  # a signal
            reader = DbusReader(header_fields)
            fields_in = {}
            while reader.at < len(header_fields):
                reader.align(8)
                code = reader.read("y")
                fields_in[code] = reader.read("v")
            if fields_in.get(5) != self.serial:
                continue  # the answer to an earlier ping
            if kind == 3:
                raise OSError(f"{fields_in.get(4)}: {DbusReader(reply).read('s') if reply else ''}")
            if reply and fields_in.get(8) not in ("a{sv}", None):
                raise ValueError(f"unexpected answer signature {fields_in.get(8)!r}")
            return DbusReader(reply) if reply else None

    def get_all(self, path, interface, wanted):
        raw = interface.encode()
        reply = self.call(path, "org.freedesktop.DBus.Properties", "GetAll", "s",
                          struct.pack("<I", len(raw)) + raw + b"\0")
        return reply.properties(wanted)


def unit_path(name):
    """systemd's object path for a unit: every byte outside [A-Za-z0-9] as _XX."""
    out = []
    for i, ch in enumerate(name.encode()):
        if (48 <= ch <= 57 and i > 0) or 65 <= ch <= 90 or 97 <= ch <= 122:
            out.append(chr(ch))
        else:
            out.append(f"_{ch:02x}")
    return "/org/freedesktop/systemd1/unit/" + "".join(out)


CLD_CODES = {1: "exited", 2: "killed", 3: "dumped", 4: "trapped", 5: "stopped", 6: "continued"}


def signal_name(number):
    try:
        return signal.Signals(number).name[3:]
    except ValueError:
        return str(number)


def show_value(name, value):
    """A property as `systemctl show --timestamp=unix` prints it."""
    if name.endswith("Timestamp"):
        return f"@{value // 1000000}" if value else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and name.startswith("Exec"):
        out = []
        for path, argv, ignore, start, _, stop, _, pid, code, status in value:
            started = f"@{start // 1000000}" if start else "n/a"
            stopped = f"@{stop // 1000000}" if stop else "n/a"
            how = CLD_CODES.get(code, "(null)")
            shown = f"{status}" if code == 1 else f"{status}/{signal_name(status)}" if code else "0/0"
            out.append(
                f"{{ path={path} ; argv[]={' '.join(argv)} ; ignore_errors={'yes' if ignore else 'no'} ; "
                f"start_time=[{started}] ; stop_time=[{stopped}] ; pid={pid} ; code={how} ; status={shown} }}"
            )
        return " ".join(out)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


class UnitReader:
    """The units section, from systemd's private socket over one connection kept open."""

    def __init__(self):
        self.bus = None

    def show(self, units):
        """`systemctl show`'s blocks for the units; raises on anything unexpected."""
        wanted = UNIT_PROPS.split(",")
        names = set(wanted)
        try:
            if self.bus is None:
                self.bus = SystemdBus()
            blocks = []
            for unit in units:
                path = unit_path(unit)
                props = self.bus.get_all(path, "org.freedesktop.systemd1.Unit", names)
                if props.get("LoadState") != "not-found":
                    props.update(self.bus.get_all(path, "org.freedesktop.systemd1.Service", names))
                blocks.append("".join(f"{k}={show_value(k, props[k])}\n" for k in wanted if k in props))
            return "\n".join(blocks)
        except BaseException:
            if self.bus is not None:
                self.bus.close()
            self.bus = None  # a new connection next time (systemd re-executed, or a bad answer)
            raise


def with_headers(files, transform=None):
    out = []
    for path in files:
        try:
            records = lines_of(read_text(path))
        except OSError:
            continue
        first = True
        for line in records:
            if first:  # awk's FNR == 1: an empty file gets no header
                out.append(f"@@file {path}")
                first = False
            if transform is not None:
                line = transform(line)
                if line is None:
                    continue
            out.append(line)
    return "\n".join(out) + "\n" if out else ""


def redact_line(line):
    """Secrets replaced by <redacted>: URL userinfo, secret-named options, secret assignments."""
    scheme = line.find("://")
    if scheme >= 0:
        at = line.rfind("@")
        if at > scheme + 3:
            line = line[: scheme + 3] + "<redacted>" + line[at:]
    option = SECRET_OPTION.match(line)
    if option:
        return option.group(1) + " <redacted>"
    out, start, pos = [], 0, 0
    while True:
        m = SECRET_ASSIGNMENT.search(line, pos)
        if not m:
            break
        value_at = m.end()
        quote = line[m.start() - 1] if m.start() > 0 else ""
        if quote in ("\"", "'"):
            close = line.find(quote, value_at)
            end = len(line) if close < 0 else close
        else:
            blank = VALUE_END.search(line, value_at)
            end = len(line) if not blank else blank.start()
        out.append(line[start:value_at] + "<redacted>")
        start = end
        pos = max(end, value_at)
    return "".join(out) + line[start:]


def redact(line):
    """Comments and blank lines dropped, secrets redacted before they leave the node."""
    if COMMENT.search(line) or BLANK.search(line):
        return None
    return redact_line(line)


def dropins():
    return with_headers(existing(expand(DROPIN_GLOBS)), redact_line)


def config():
    return with_headers(existing(CONFIG_FILES), redact)


# ------------------------------------------------------------------ /proc: processes, sockets


def pids():
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(text):
    """As ps prints a process's name and arguments: newlines as spaces, other control characters
    as `?`. Anyone's `exec -a` or prctl cannot add lines of their own to a section."""
    return CONTROL.sub("?", text.replace("\n", " "))


def stat_fields(pid):
    """(comm, fields after comm) of /proc/PID/stat; comm may hold spaces and parentheses."""
    text = read_text(f"/proc/{pid}/stat")
    comm = printable(text[text.index("(") + 1 : text.rindex(")")])
    return comm, text[text.rindex(")") + 2 :].split()


def socket_inodes(pid, wanted):
    """[(inode, fd)] of the sockets in `wanted` that PID holds open."""
    base = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(base)
    except OSError:
        return []
    held = []
    for fd in fds:
        try:
            link = os.readlink(f"{base}/{fd}")
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in wanted:
            held.append((link[8:-1], int(fd)))
    return held


class SocketOwners:
    """inode -> [(comm, pid, fd)] of the listening sockets, as `ss -p` finds them.

    `ss -p` reads every fd of every process, each time (~10 ms here, more on a busy node). A
    served process remembers instead, and per collection only confirms the owners it knows
    (one readlink each) and reads the fds of processes started since the last collection (a
    fork inherits its parent's sockets). It reads everything again when a listening socket has
    no known owner (a process opened a new one) and at least once a minute (a socket handed to
    an older process over a unix socket, which nothing else would reveal).
    """

    FULL_EVERY_S = 60

    def __init__(self):
        self.owners = {}
        self.seen_pids = set()
        self.full_at = None
        self.ownerless = set()  # held by no process at the last full read (kernel sockets)

    def _add(self, pid, wanted):
        held = socket_inodes(pid, wanted)
        if not held:
            return
        try:
            comm = stat_fields(pid)[0]
        except (OSError, ValueError):
            return
        for inode, fd in held:
            self.owners.setdefault(inode, []).append((comm, pid, fd))

    @staticmethod
    def _still_held(inode, owner):
        _, pid, fd = owner
        try:
            return os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]"
        except OSError:
            return False

    def _update(self, all_pids, wanted):
        known = {}
        for inode, owners in self.owners.items():
            kept = [o for o in owners if inode in wanted and self._still_held(inode, o)]
            if kept:
                known[inode] = kept
        self.owners = known
        for pid in set(all_pids) - self.seen_pids:
            self._add(pid, wanted)

    def _read_all(self, all_pids, wanted):
        self.owners = {}
        for pid in all_pids:
            self._add(pid, wanted)
        self.ownerless = {inode for inode in wanted if inode not in self.owners}
        self.full_at = time.monotonic()

    def read(self, all_pids, wanted):
        fresh = self.full_at is not None and time.monotonic() - self.full_at < self.FULL_EVERY_S
        if fresh:
            self._update(all_pids, wanted)
        if not fresh or any(i not in self.owners and i not in self.ownerless for i in wanted):
            self._read_all(all_pids, wanted)
        self.seen_pids = set(all_pids)
        return self.owners


NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
TCP_ESTABLISHED, TCP_LISTEN = 1, 10
NLMSGHDR = struct.Struct("=IHHII")
DIAG_REQ = struct.Struct("=BBBxI48x")  # inet_diag_req_v2, the socket id left zero (any)
DIAG_MSG = struct.Struct("=BBBB2s2s16s16sI8sIIIII")  # inet_diag_msg


def listening_tcp(family):
    """[(address, port, accept queue, backlog, inode)] of TCP listeners, from the kernel.

    Netlink sock_diag for LISTEN only, as `ss -l` asks: the kernel walks its listening table
    alone. /proc/net/tcp walks every TCP hash bucket instead (~5 ms here with 3 sockets).
    """
    return [(src, sport, rq, wq, inode) for _, src, sport, _, _, rq, wq, inode in tcp_sockets(family, TCP_LISTEN)]


def tcp_sockets(family, state):
    """[(state, address, port, peer address, peer port, queue, queue, inode)] of the TCP
    sockets in `state`, from netlink sock_diag (the kernel filters by state)."""
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG)
    try:
        body = DIAG_REQ.pack(family, socket.IPPROTO_TCP, 0, 1 << state)
        nl.sendto(NLMSGHDR.pack(NLMSGHDR.size + len(body), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body, (0, 0))
        out = []
        while True:
            data = nl.recv(65536)
            at = 0
            while at + NLMSGHDR.size <= len(data):
                length, kind, _, _, _ = NLMSGHDR.unpack_from(data, at)
                if kind == NLMSG_DONE:
                    return out
                if kind == NLMSG_ERROR:
                    errno = -struct.unpack_from("=i", data, at + NLMSGHDR.size)[0]
                    raise Failed(f"sock_diag: {os.strerror(errno)}")
                (_, got, _, _, sport, dport, src, dst, _, _, _, rqueue, wqueue, _, inode) = DIAG_MSG.unpack_from(
                    data, at + NLMSGHDR.size
                )
                if got == state:
                    size = 4 if family == socket.AF_INET else 16
                    out.append((
                        got,
                        socket.inet_ntop(family, src[:size]),
                        int.from_bytes(sport, "big"),
                        socket.inet_ntop(family, dst[:size]),
                        int.from_bytes(dport, "big"),
                        rqueue,
                        wqueue,
                        str(inode),
                    ))
                at += (length + 3) & ~3
            if not data:
                return out
    finally:
        nl.close()


def listener_rows():
    """(local, peer, queue, backlog, inode, port) of every TCP listener, IPv4 then IPv6."""
    rows = []
    for family, peer in ((socket.AF_INET, "0.0.0.0:*"), (socket.AF_INET6, "[::]:*")):
        for address, port, rqueue, wqueue, inode in listening_tcp(family):
            local = f"{address}:{port}" if family == socket.AF_INET else f"[{address}]:{port}"
            rows.append((local, peer, rqueue, wqueue, inode, port))
    return rows


def users_of(owners, inode):
    return ",".join(
        f'("{c}",pid={p},fd={fd})' for c, p, fd in sorted(owners.get(inode, []), key=lambda o: (-o[1], -o[2]))
    )


def listen(all_pids, owners_cache):
    """`ss -H -ltnp` as lines the listeners parser reads: state, queues, local, peer, users."""
    rows = listener_rows()
    owners = owners_cache["listen"].read(all_pids, {r[4] for r in rows})
    out = []
    for local, peer, rqueue, wqueue, inode, _ in rows:
        users = users_of(owners, inode)
        out.append(f"LISTEN {rqueue} {wqueue} {local} {peer}" + (f" users:({users})" if users else ""))
    return "\n".join(out) + "\n" if out else ""


# The OVN NB and SB client ports every packaging uses by default: a client's connections to
# them are listed even where no database runs (a chassis' ovn-controller, a Neutron node).
OVSDB_CLIENT_PORTS = (6641, 6642)


def conns(all_pids, owners_cache):
    """`ss -H -tnp state established` for OVSDB only, as `ss -H -tnp` prints it (with the state):
    the connections this node's ovsdb-servers accepted (on every TCP port they listen on: the
    NB/SB client ports and the RAFT ports) and those it opened to such a port (ovn-controller,
    northd, Neutron's workers, another member). Which member each client is talking to."""
    listeners = listener_rows()
    owners = owners_cache["listen"].read(all_pids, {r[4] for r in listeners})
    ports = set(OVSDB_CLIENT_PORTS) | {
        r[5] for r in listeners if any(c == "ovsdb-server" for c, _, _ in owners.get(r[4], []))
    }
    rows = []
    for family in (socket.AF_INET, socket.AF_INET6):
        fmt = (lambda a, p: f"{a}:{p}") if family == socket.AF_INET else (lambda a, p: f"[{a}]:{p}")
        for _, src, sport, dst, dport, rqueue, wqueue, inode in tcp_sockets(family, TCP_ESTABLISHED):
            if sport in ports or dport in ports:
                rows.append((fmt(src, sport), fmt(dst, dport), rqueue, wqueue, inode))
    held = owners_cache["conns"].read(all_pids, {r[4] for r in rows})
    out = []
    for local, peer, rqueue, wqueue, inode in sorted(rows):
        users = users_of(held, inode)
        out.append(f"ESTAB {rqueue} {wqueue} {local} {peer}" + (f" users:({users})" if users else ""))
    return "\n".join(out) + "\n" if out else ""


def procs(all_pids):
    """The daemons' processes as `ps -eo pid=,ppid=,user=,etimes=,rss=,args= -ww` prints them."""
    clk = os.sysconf("SC_CLK_TCK")
    uptime = float(read_text("/proc/uptime").split()[0])
    out = []
    for pid in sorted(all_pids):
        try:
            raw = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        argv = raw.rstrip(b"\0").split(b"\0") if raw else []
        if not argv:
            continue  # kernel threads
        args = printable(" ".join(a.decode("utf-8", "replace") for a in argv))
        words = args.split()
        first = words[0] if words else ""
        second = words[1] if len(words) > 1 else ""
        if not (
            DAEMON.search(first)
            or (PYTHON.search(first) and NEUTRON_SCRIPT.search(second))
            or (UWSGI.search(first) and NEUTRON_API_INI.search(args))
        ):
            continue
        try:
            _, f = stat_fields(pid)
            status = dict(line.split(":", 1) for line in lines_of(read_text(f"/proc/{pid}/status")) if ":" in line)
        except (OSError, ValueError):
            continue
        uid = int(status.get("Uid", "0 0").split()[1])  # effective, as ps's "user"
        try:
            user = pwd.getpwuid(uid).pw_name
        except KeyError:
            user = str(uid)
        rss_kb = int(status.get("VmRSS", "0 kB").split()[0])  # what ps shows as rss
        ppid, start_ticks = int(f[1]), int(f[19])
        etimes = max(0, int(uptime - start_ticks / clk))
        out.append(f"{pid:7d} {ppid:7d} {user:<8} {etimes:7d} {rss_kb:5d} {args}")
    return "\n".join(out) + "\n" if out else ""


# ---------------------------------------------------------------------------- JSON-RPC


# The daemons that let a request of this collection time out (by socket name without its
# suffixes: ovnnb_db for ovnnb_db.sock and ovnnb_db.ctl). A stalled server (stopped, starved,
# compacting) then costs one timeout per collection, not one per section: the node's other
# sections still arrive within ovnscope's limit for the whole read.
STALLED = set()


def daemon_of(path):
    return os.path.basename(path).split(".")[0]


def rpc(path, method, params, timeout):
    """One JSON-RPC request on a unix socket (OVSDB or unixctl), its result or its error."""
    if not os.path.exists(path):
        raise Absent(path)
    if daemon_of(path) in STALLED:
        raise Failed(f"{path}: not asked: {daemon_of(path)} did not answer an earlier request of this read in time")
    deadline = time.monotonic() + timeout
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        try:
            s.connect(path)
            s.sendall(json.dumps({"method": method, "params": params, "id": 0}).encode())
            chunks = []
            while True:
                chunk = s.recv(1 << 20)
                if not chunk:
                    raise Failed(f"{path}: connection closed before an answer")
                if time.monotonic() > deadline:
                    raise socket.timeout()
                chunks.append(chunk)
                # An answer is one JSON object: parse only when the bytes so far could end one,
                # not on every chunk (a large SB answer would be parsed again and again).
                if not chunk.rstrip().endswith(b"}"):
                    continue
                try:
                    msg = json.loads(b"".join(chunks))
                except ValueError:
                    continue  # not complete yet
                if isinstance(msg, dict) and msg.get("id") == 0:
                    return msg
                chunks = []  # a notification (never expected here): skip it
        except socket.timeout:
            STALLED.add(daemon_of(path))
            raise Failed(f"{path}: {timeout}-second timeout")
        except OSError as e:
            raise Failed(f'failed to connect to "unix:{path}" ({e.strerror or e})')
    finally:
        s.close()


def ovsdb_query(sock, query):
    msg = rpc(sock, "transact", query, 3)
    if msg.get("error") is not None:
        raise Failed(f"ovsdb-client: transaction error: {json.dumps(msg['error'])}")
    return json.dumps(msg["result"], separators=(",", ":"), sort_keys=True) + "\n"


def appctl_socket(target):
    """An absolute control socket, or the daemon's NAME.PID.ctl found from its pidfile."""
    if target.startswith("/"):
        return target
    try:
        pid = read_text(f"/var/run/ovn/{target}.pid").strip()
    except OSError:
        pid = ""
    path = f"/var/run/ovn/{target}.{pid}.ctl"
    if not pid or not os.path.exists(path):
        raise Absent(target)
    return path


def cluster_status(server_section, ctl, db):
    """`cluster/status DB` over the DB server's control socket, asked only of a clustered DB:
    a standalone one has no cluster to describe (unixctl would answer "unknown cluster")."""
    out, _err, rc = server_section
    if rc != 0:
        raise Absent(f"{db}: its server's _Server database did not answer")
    rows = json.loads(out)[0].get("rows", [])
    model = next((r.get("model") for r in rows if r.get("name") == db), None)
    if model != "clustered":
        raise Absent(f"{db}: {model or 'not served'}, not clustered")
    return appctl(ctl, "cluster/status", db)


def appctl(target, *command):
    msg = rpc(appctl_socket(target), command[0], list(command[1:]), 2)
    if msg.get("error") is not None:
        raise Failed(str(msg["error"]).rstrip("\n"))
    result = msg.get("result") or ""
    return result if result.endswith("\n") or not result else result + "\n"


# ---------------------------------------------------------------------------- framing


def section(fn, *args):
    """(stdout, stderr, rc) of one section; a failure is the section's, never the collection's."""
    try:
        return fn(*args), "", 0
    except Absent as e:
        return f"absent: {e}\n", "", 3
    except Failed as e:
        return "", f"{e}\n", 1
    except Exception as e:  # noqa: BLE001 - one broken section must not lose the others
        return "", f"collect-serve: {type(e).__name__}: {e}\n", 70


def frame(name, stdout, stderr, rc):
    """One length-prefixed frame, byte for byte as frame.sh writes it: nothing in the payload can
    end it early (a tenant's name in NB, a process's arguments, a file's line)."""
    out = stdout.encode("utf-8", "replace")
    err = stderr.encode("utf-8", "replace")[:STDERR_MAX]
    return b"@@ovnscope frame %s rc=%d out=%d err=%d\n" % (name.encode(), rc, len(out), len(err)) + out + err + b"\n"


SERVED = frame("served", "", "", 0)
REFUSED = frame("refused", "", "", 64)


def collect_once(owners, units, only=None):
    """Every section in order; `only` (a set of names) keeps just those: the bench's per-section
    profile (bench/lib/profile.ts) runs one section at a time through --sections."""
    all_pids = pids() if only is None or only & {"listen", "conns", "procs"} else []
    STALLED.clear()
    # Each DB server's _Server answer, asked once: printed as its own section and read again
    # to decide whether to ask for cluster/status (with --sections, asked for that alone).
    servers = {}

    def server(db, sock):
        if db not in servers:
            servers[db] = section(ovsdb_query, sock, SERVER_QUERY)
        return servers[db]

    parts = (
        ("meta", lambda: section(meta)),
        ("units", lambda: units_section(units)),
        ("dropins", lambda: section(dropins)),
        ("config", lambda: section(config)),
        ("listen", lambda: section(listen, all_pids, owners)),
        ("conns", lambda: section(conns, all_pids, owners)),
        ("procs", lambda: section(procs, all_pids)),
        ("nb", lambda: section(ovsdb_query, NB_SOCK, NB_QUERY)),
        ("sb", lambda: section(ovsdb_query, SB_SOCK, SB_QUERY)),
        ("nb-remotes", lambda: section(appctl, NB_CTL, "ovsdb-server/list-remotes")),
        ("sb-remotes", lambda: section(appctl, SB_CTL, "ovsdb-server/list-remotes")),
        ("nb-server", lambda: server("NB", NB_SOCK)),
        ("nb-cluster", lambda: section(cluster_status, server("NB", NB_SOCK), NB_CTL, "OVN_Northbound")),
        ("sb-server", lambda: server("SB", SB_SOCK)),
        ("sb-cluster", lambda: section(cluster_status, server("SB", SB_SOCK), SB_CTL, "OVN_Southbound")),
        ("northd", lambda: section(appctl, "ovn-northd", "status")),
        ("ovs", lambda: section(ovsdb_query, OVS_SOCK, OVS_QUERY)),
        ("controller", lambda: section(appctl, "ovn-controller", "connection-status")),
    )
    return b"".join(frame(name, *read()) for name, read in parts if only is None or name in only)


# What `collect --watch` follows in the OVSDB databases served on this node (each an
# `ovsdb-client monitor-cond` of the local server, a fixed condition per table, and the node
# kind it is for). On a database node: router gateway bindings (chassisredirect ports) moving
# or going down, chassis joining or leaving SB, and which member leads a clustered NB or SB.
# Only gateway ports: a VM's port binding changes on every boot and migration, and a cloud of
# thousands would then refresh on every one. On an Open vSwitch node: its OVN settings
# (external_ids: ovn-bridge-mappings, ovn-remote, ovn-cms-options, ...), its bridges (br-ex
# deleted), and the BFD state of its geneve tunnels (OVN's default encapsulation; the gateway
# election runs on their BFD). Columns that change on every transaction or every few seconds
# (the _Server index, Chassis_Private's nb_cfg, Interface statistics) are left out, and so are
# VM interfaces.
WATCH_MONITORS = (
    ("db", SB_SOCK, "OVN_Southbound", '[["type","==","chassisredirect"]]', ("Port_Binding", "chassis,up")),
    ("db", SB_SOCK, "OVN_Southbound", "[true]", ("Chassis", "name")),
    ("db", SB_SOCK, "_Server", "[true]", ("Database", "leader,connected")),
    ("db", NB_SOCK, "_Server", "[true]", ("Database", "leader,connected")),
    ("ovs", OVS_SOCK, "Open_vSwitch", "[true]", ("Open_vSwitch", "external_ids")),
    ("ovs", OVS_SOCK, "Open_vSwitch", "[true]", ("Bridge", "name")),
    ("ovs", OVS_SOCK, "Open_vSwitch", '[["type","==","geneve"]]', ("Interface", "bfd_status")),
)
WATCH_RETRY_S = 3
# The units that make a node a database node, or an Open vSwitch node, in the packagings UNITS
# knows: its monitors wait for a server stopped now.
NODE_KIND_UNITS = {
    "db": ("ovn-central.service", "ovn-ovsdb-server-nb.service", "ovn-ovsdb-server-sb.service"),
    "ovs": ("openvswitch-switch.service", "ovsdb-server.service", "ovs-vswitchd.service"),
}


def die_with_parent():
    """In a child: end with SIGTERM when the process that started it ends (prctl
    PR_SET_PDEATHSIG), so nothing outlives the watch's journalctl when its channel closes."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def follow_ovsdb(monitors):
    """One child for every monitor: each an `ovsdb-client monitor-cond` of the local server,
    started while its socket exists (again a few seconds after it ended: the server stopped or
    restarted). A line per read of a monitor's output, not per update: a burst of updates is a
    few lines, never a flood (ovnscope refreshes once for lines close together anyway)."""
    die_with_parent()
    sel = selectors.DefaultSelector()
    running = {}
    retry_at = [0.0] * len(monitors)
    while True:
        now = time.monotonic()
        for i, (_, sock, database, condition, tables) in enumerate(monitors):
            if i in running or now < retry_at[i] or not os.path.exists(sock):
                continue
            argv = ["ovsdb-client", "--format=json", "monitor-cond", f"unix:{sock}", database,
                    condition, *tables]
            mon = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
            running[i] = mon
            sel.register(mon.stdout, selectors.EVENT_READ, i)
        for key, _ in sel.select(timeout=WATCH_RETRY_S):
            i = key.data
            if os.read(key.fd, 65536):
                os.write(1, f"ovsdb {monitors[i][2]} {monitors[i][4][0]} changed\n".encode())
                continue
            sel.unregister(key.fileobj)
            running.pop(i).wait()
            key.fileobj.close()
            retry_at[i] = time.monotonic() + WATCH_RETRY_S


def watch():
    """`collect --watch`: a line for each change worth a read. systemd's own lines about the
    watched units: journalctl ANDs different fields and ORs repeats of one, so this follows
    PID 1 AND (UNIT=a OR UNIT=b ...). Beside it, one child following the OVSDB monitors above
    that this node has (their server's socket is here, or its units are installed: a server
    stopped now is waited for); a node with neither runs no monitor. They end with journalctl,
    which this process becomes."""
    present = set(present_units())
    kinds = {kind for kind, units in NODE_KIND_UNITS.items() if present & set(units)}
    monitors = [m for m in WATCH_MONITORS if m[0] in kinds or os.path.exists(m[1])]
    if monitors and os.fork() == 0:
        try:
            follow_ovsdb(monitors)
        finally:
            os._exit(0)
    argv = ["journalctl", "--follow", "--lines=0", "--quiet", "--output=cat", "_PID=1"]
    os.execvp("journalctl", argv + [f"UNIT={u}" for u in UNITS])


def main():
    os.umask(0o077)
    os.environ.update(
        PATH="/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL="C", SYSTEMD_COLORS="0", SYSTEMD_PAGER="", SYSTEMD_LESS=""
    )
    mode = sys.argv[1:]
    if mode == ["--watch"]:
        watch()
    out = sys.stdout.buffer
    # One cache per section: each confirms the owners of its own sockets (SocketOwners).
    owners, units = {"listen": SocketOwners(), "conns": SocketOwners()}, UnitReader()
    if mode == ["--once"]:
        out.write(collect_once(owners, units))
        out.flush()
        return
    # Not reachable through sudo (collect passes only --once, --serve and --watch): the bench's
    # per-section profile, run as root; "" = no section (the reader's own start-up cost).
    if len(mode) == 2 and mode[0] == "--sections":
        out.write(collect_once(owners, units, set(filter(None, mode[1].split(",")))))
        out.flush()
        return
    if mode:
        sys.stderr.write("usage: collect-serve.py [--once|--watch]\n")
        sys.exit(64)
    for request in sys.stdin.buffer:
        if request.rstrip(b"\n") == b"collect":
            out.write(collect_once(owners, units))
        else:
            out.write(REFUSED)
        out.write(SERVED)
        out.flush()


if __name__ == "__main__":
    main()
