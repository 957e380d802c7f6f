#!/usr/bin/env python3
"""Where a launch's time went, step by step, from the app's debug log (--log-level debug).

Usage: src/bench/startup-breakdown.py APP_LOG [--labels a,b,...] [--skip-rounds N]

APP_LOG is logs/deskphone.log of one configuration directory; it may hold many launches (SideBySideBench
with -Dbench.logLevel=debug writes all its launches to one, and prints where). A launch begins at its
"command line parsed" step. Each row is a moment in milliseconds since that launch's JVM started:
  the "Start-up step: NAME at N ms" lines (dev.deskphone.platform.StartupSteps), as logged
  other lines the app logs anyway, placed by their time stamp against the launch's first step:
    the window shown, the media engine's check done, the embedded backend listening, the call-event
    forwarder started, the display-loss handler set, the first REGISTER sent, the first 401 received,
    and the k-th account registered (k = 1..6)
--labels names the launches of one round in order (SideBySideBench: embedded,remote,before); each label
gets its own column of medians. --skip-rounds leaves out the first N rounds (default 1: the warm-up).
"""

import datetime
import re
import statistics
import sys

TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) ")
STEP = re.compile(r"Start-up step: (.+) at (\d+) ms$")
WINDOW = re.compile(r"Window shown (\d+) ms after the JVM started")
OTHER = [
    (re.compile(r"Media engine ready"), "media engine check done"),
    (re.compile(r"backend listening on"), "embedded backend listening"),
    (re.compile(r"Delivering call events to"), "call-event forwarder started"),
    (re.compile(r"Display loss: the app's X I/O error handler is in place"), "display-loss handler set"),
    (re.compile(r"sending REGISTER "), "first REGISTER sent"),
    (re.compile(r"received SIP/2\.0 401 "), "first 401 received"),
]
REGISTERED = re.compile(r"Account \S+ is registered")
FIRST_STEP = "command line parsed"


def millis(line):
    match = TIME.search(line)
    if not match:
        return None
    stamp = match.group(1).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(stamp).timestamp() * 1000


def launches(lines):
    """Each launch's moments: name -> ms since its JVM started (the first time each name is seen)."""
    launch = None
    zero = None
    registered = 0
    for line in lines:
        line = line.rstrip("\n")
        at = millis(line)
        if at is None:
            continue
        step = STEP.search(line)
        if step and step.group(1) == FIRST_STEP:
            if launch:
                yield launch
            launch = {}
            zero = at - int(step.group(2))
            registered = 0
        if launch is None:
            continue
        if step:
            launch.setdefault(step.group(1), int(step.group(2)))
            continue
        if (window := WINDOW.search(line)):
            launch.setdefault("window shown", int(window.group(1)))
            continue
        if REGISTERED.search(line):
            registered += 1
            launch.setdefault(f"account {registered} registered", round(at - zero))
            continue
        for pattern, name in OTHER:
            if pattern.search(line):
                launch.setdefault(name, round(at - zero))
                break
    if launch:
        yield launch


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    labels = ["launch"]
    skip_rounds = 1
    args = argv[2:]
    while args:
        if args[0] == "--labels" and len(args) > 1:
            labels = args[1].split(",")
            args = args[2:]
        elif args[0] == "--skip-rounds" and len(args) > 1:
            skip_rounds = int(args[1])
            args = args[2:]
        else:
            print(f"unknown argument {args[0]}", file=sys.stderr)
            return 2
    with open(argv[1], encoding="utf-8", errors="replace") as log:
        found = list(launches(log))
    measured = found[skip_rounds * len(labels):]
    if not measured:
        print(f"no launch after the first {skip_rounds} round(s) in {argv[1]}", file=sys.stderr)
        return 1
    by_label = {label: [] for label in labels}
    for i, launch in enumerate(measured):
        by_label[labels[i % len(labels)]].append(launch)
    medians = {}
    for label, runs in by_label.items():
        names = {name for run in runs for name in run}
        medians[label] = {name: statistics.median(run[name] for run in runs if name in run) for name in names}
    order = sorted({name for m in medians.values() for name in m},
                   key=lambda name: min(m[name] for m in medians.values() if name in m))
    counts = ", ".join(f"{label}: {len(runs)}" for label, runs in by_label.items())
    print(f"ms since the JVM started, median over launches ({counts})")
    header = "| step | " + " | ".join(labels) + " |"
    print(header)
    print("|---" * (len(labels) + 1) + "|")
    for name in order:
        cells = [f"{medians[label][name]:.0f}" if name in medians[label] else "" for label in labels]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
