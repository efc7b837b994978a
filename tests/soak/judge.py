#!/usr/bin/python3
"""The soak's judge (tests/soak/run.sh); stdlib only.

judge.py RECORDS LOG SECONDS CLIENTS

RECORDS holds soak-load's line per connection (address kind outcome
acted greeting size), LOG tcpserver's -v lines and greetwait's log.
Checks: exactly one greetwait line per connection, with the pid that
tcpserver logged for it; its result is what the client did (patient:
pass, early talker: pregreet with its HELO as data, hang-up: hangup);
its why and delay what the address calls for (odd second octet: the dsl
name, the long delay or the pass cache's short one; even: the short
delay); a pass waited its delay, and its greeting came no sooner; every
patient client got its bytes' count and CRC-32 back; every early talker
got the 554 and the 221. An early talker or hang-up that acted 90 ms or
more after its connect may have outlasted the short delay (0.1 s from
greetwait's start, which comes after the connect): its result is not
judged, only counted (late). Prints the counts; exits 1 on any loss or
mismatch."""
import collections
import re
import sys

EARLY_ENOUGH = 0.09
QUOTED = r'"((?:[^"\\]|\\.)*)"'
LINE = re.compile(r'^greetwait: pid=(\d+) ip=(\S+) host="[^"]*" why=(\S+) delay=(\S+) '
                  r'result=(\S+) waited=(\S+)(?: data=' + QUOTED + r')?(?: kind=(\S+))?'
                  r'(?: helo=' + QUOTED + r')?(?: error="(.*)")?$')
PID = re.compile(r"^tcpserver: pid (\d+) from (\S+)$")


class Conn:
    """One connection as the client saw it."""

    def __init__(self, fields):
        self.ip, self.kind, self.outcome = fields[0], fields[1], fields[2]
        self.acted, self.greeting, self.size = float(fields[3]), float(fields[4]), int(fields[5])

    def late(self):
        return self.kind != "patient" and self.acted >= EARLY_ENOUGH


def long_class(ip):
    """Whether ip has the pattern-matched PTR name (odd second octet)."""
    return int(ip.split(".")[1]) % 2 == 1


def judge(c, line, pid):
    """What is wrong with connection c given its log line; "" if nothing."""
    gpid, why, delay, result, waited, data, kind, helo, error = line
    if pid != gpid:
        return "pid=%s but tcpserver said %s" % (gpid, pid)
    if error is not None:
        return "error=" + error
    if long_class(c.ip):
        if (why, delay) not in (("pattern:dynamic", "0.500"), ("cache", "0.100")):
            return "why=%s delay=%s for a dsl name" % (why, delay)
    elif (why, delay) != ("default", "0.100"):
        return "why=%s delay=%s for a mail server's name" % (why, delay)
    if c.kind == "patient":
        if result != "pass":
            return "patient client logged result=" + result
        if float(waited) < float(delay):
            return "pass after waited=%s of delay=%s" % (waited, delay)
        if c.outcome == "intact" and c.greeting < float(delay):
            return "greeting %.3f s after the connect, delay=%s" % (c.greeting, delay)
        return ""
    if c.late():
        return ""
    if c.kind == "early":
        if result != "pregreet":
            return "early talker (%.3f s) logged result=%s" % (c.acted, result)
        if data != "HELO soak.example":
            return "early talker logged data=%r" % data
        if kind != "smtp":
            return "early talker logged kind=%r" % kind
        if helo not in (None, "soak.example"):
            return "early talker logged helo=%r" % helo
        return ""
    if result != "hangup":
        return "hang-up (%.3f s) logged result=%s" % (c.acted, result)
    return ""


def main():
    records, log, seconds, clients = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    with open(records) as f:
        conns = [Conn(l.split()) for l in f if l.strip()]
    gw = collections.defaultdict(list)
    pids = {}
    unparsed = []
    with open(log, "rb") as f:
        for l in f.read().decode("latin-1").splitlines():
            m = LINE.match(l)
            if m:
                gw[m.group(2)].append(m.group(1, 3, 4, 5, 6, 7, 8, 9, 10))
                continue
            m = PID.match(l)
            if m:
                pids[m.group(2)] = m.group(1)
            elif not l.startswith("tcpserver: "):
                unparsed.append(l)

    failed = collections.Counter()
    examples = collections.defaultdict(list)

    def bad(what, detail):
        failed[what] += 1
        if len(examples[what]) < 5:
            examples[what].append(detail)

    kinds = collections.Counter(c.kind for c in conns)
    outcomes = collections.Counter((c.kind, c.outcome) for c in conns)
    late = collections.Counter(c.kind for c in conns if c.late())
    delays = collections.Counter()
    logged = collections.Counter()
    used = set()
    for c in conns:
        used.add(c.ip)
        what = "%s %s %s:" % (c.ip, c.kind, c.outcome)
        if c.outcome == "connect-failed":
            bad("connect failures", what)
            continue
        mine = gw.get(c.ip, [])
        if not mine:
            bad("missing lines", what)
            continue
        if len(mine) > 1:
            bad("duplicate lines", "%s %d lines" % (what, len(mine)))
        why = mine[0][1]
        logged[(c.kind, mine[0][3])] += 1
        delays["cache" if why == "cache" else "long" if why.startswith("pattern") else "short"] += 1
        wrong = judge(c, mine[0], pids.get(c.ip))
        if wrong:
            bad("mismatches", "%s %s" % (what, wrong))
        if c.kind == "patient" and c.outcome != "intact":
            bad("patient clients without their bytes back", what)
        elif c.kind == "early" and not c.late() and c.outcome == "passed":
            bad("early talkers passed", "%s talked %.3f s after its connect" % (what, c.acted))
        elif c.kind == "early" and not c.late() and c.outcome != "rejected":
            bad("early talkers not rejected as RFC 5321 says", what)
        elif c.outcome == "timeout":
            bad("timeouts", what)
    for ip in gw:
        if ip not in used:
            bad("lines for no connection", "%s: %d lines" % (ip, len(gw[ip])))
    for l in unparsed:
        bad("other log lines", l[:200])

    n = len(conns)
    print("soak: %.0f s, %s clients at once: %d connections, %.0f a second"
          % (seconds, clients, n, n / seconds))
    print("  by kind: patient %d, early talkers %d, hang-ups %d"
          % (kinds["patient"], kinds["early"], kinds["hangup"]))
    print("  greetwait lines: %d; missing %d, duplicate %d, for no connection %d, other lines %d"
          % (sum(len(v) for v in gw.values()), failed["missing lines"], failed["duplicate lines"],
             failed["lines for no connection"], failed["other log lines"]))
    print("  delays: short %d, long %d, from the pass cache %d"
          % (delays["short"], delays["long"], delays["cache"]))
    print("  patient: %d got their bytes' count and CRC back (%.1f MB)"
          % (outcomes[("patient", "intact")],
             sum(c.size for c in conns if c.outcome == "intact") / 1e6))
    print("  early talkers: %d rejected (554, 221), %d passed, %d late (talked after %d ms)"
          % (outcomes[("early", "rejected")], failed["early talkers passed"], late["early"],
             EARLY_ENOUGH * 1000))
    print("  hang-ups: %d logged hangup, %d late (closed after %d ms)"
          % (logged[("hangup", "hangup")], late["hangup"], EARLY_ENOUGH * 1000))
    print("  mismatches %d, connect failures %d, timeouts %d"
          % (failed["mismatches"], failed["connect failures"], failed["timeouts"]))
    for what in sorted(failed):
        print("  FAIL: %s: %d, for example:" % (what, failed[what]))
        for e in examples[what]:
            print("    " + e)
    print("soak: %s" % ("FAILED" if failed else "ok"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
