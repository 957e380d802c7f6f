#!/usr/bin/env python3
"""Where an answering app's time went, call by call, from its debug log (--log-level debug).

Usage: src/bench/answer-breakdown.py APP_LOG [--skip N]

APP_LOG is the answering app's app.out or logs/deskphone.log (SideBySideBench prints where). For
each inbound call answered at once it reads, in the order they happen:
  the INVITE received on the SIP socket (Java, the socket's thread)
  the page's "inbound call" line (the page has the call; its log reaches Java on the FX thread)
  each media request ('create', 'set-remote', 'answer'), from when Java took it to when it answered
  the 200 OK for that INVITE handed by the page to the socket
and prints each step's median, min and max (milliseconds) over the calls after the first N
(default 3, SideBySideBench's warm-up calls).
"""

import re
import statistics
import sys

TIME = re.compile(r"(?:T|^)(\d\d):(\d\d):(\d\d)\.(\d{3})")
RECEIVED_INVITE = re.compile(r"received INVITE .*\(CSeq (\d+) INVITE\)")
SENT_OK = re.compile(r"sending SIP/2\.0 200 .*\(CSeq (\d+) INVITE\)")
INBOUND = re.compile(r"inbound call (\S+) on ")
MEDIA = re.compile(r"media-request (\S+) '([a-z-]+)' answered in (\d+) ms")
ICE = re.compile(r"answer set in (\d+) ms, ICE gathered (\d+) ms later", re.IGNORECASE)


def millis(line):
    match = TIME.search(line)
    if not match:
        return None
    h, m, s, ms = (int(g) for g in match.groups())
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def calls(lines):
    call = None
    for line in lines:
        at = millis(line)
        if at is None:
            continue
        if RECEIVED_INVITE.search(line) and (call is None or "ok" in call):
            if call and "ok" in call:
                yield call
            call = {"invite": at, "media": {}}
        elif call is None or "ok" in call:
            continue
        elif INBOUND.search(line) and "page" not in call:
            call["page"] = at
        elif (m := MEDIA.search(line)) and m.group(2) not in call["media"]:
            took = int(m.group(3))
            call["media"][m.group(2)] = (at - took, at)
        elif (m := ICE.search(line)) and "ice" not in call:
            call["ice"] = (int(m.group(1)), int(m.group(2)))
        elif SENT_OK.search(line):
            call["ok"] = at
    if call and "ok" in call:
        yield call


def steps(call):
    media = call["media"]
    out = {}
    if "page" in call:
        out["INVITE received (Java) -> the page has the call"] = call["page"] - call["invite"]
    create = media.get("create")
    if create and "page" in call:
        out["the page has the call -> media 'create' taken by Java"] = create[0] - call["page"]
    for name in ("create", "set-remote", "answer"):
        if name in media:
            out[f"'{name}' in Java (taken -> answered)"] = media[name][1] - media[name][0]
    if "answer" in media and "set-remote" in media:
        out["'set-remote' answered -> 'answer' taken (page)"] = media["answer"][0] - media["set-remote"][1]
    if "ice" in call:
        out["of 'answer': setting the local description"] = call["ice"][0]
        out["of 'answer': ICE gathering after that"] = call["ice"][1]
    if "answer" in media:
        out["'answer' answered -> 200 OK handed to the socket (page)"] = call["ok"] - media["answer"][1]
    out["INVITE received -> 200 OK handed to the socket"] = call["ok"] - call["invite"]
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    skip = int(sys.argv[sys.argv.index("--skip") + 1]) if "--skip" in sys.argv else 3
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        measured = list(calls(log))[skip:]
    if not measured:
        sys.exit("no answered calls found: was the app run with --log-level debug?")
    table = {}
    for call in measured:
        for step, ms in steps(call).items():
            table.setdefault(step, []).append(ms)
    print(f"{len(measured)} calls (after {skip} warm-up calls)")
    print(f"{'step':62} {'median':>7} {'min':>5} {'max':>5}")
    for step, values in table.items():
        print(f"{step:62} {statistics.median(values):7.0f} {min(values):5d} {max(values):5d}")


if __name__ == "__main__":
    main()
