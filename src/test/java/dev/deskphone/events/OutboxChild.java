package dev.deskphone.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A child JVM running the app's outbox and forwarder, for the kill -9 test.
 *
 * <pre>
 * append OUTBOX URL TOKEN CALLS   store CALLS calls' four events, print "STORED n", keep delivering
 * draft  OUTBOX URL TOKEN CALLID  store a call up to "ended" and a wrap-up draft, print "STORED 3", keep running
 * drain  OUTBOX URL TOKEN         as the app starts: send the drafts left open, deliver what the outbox
 *                                 holds, print "DRAINED" and exit
 * </pre>
 */
public final class OutboxChild {
    private OutboxChild() {}

    public static void main(String[] args) throws Exception {
        Outbox outbox = Outbox.open(Path.of(args[1]), 100_000, true);
        CallEvents events = new CallEvents(outbox, PageEvents.JSON, System::currentTimeMillis);
        DeliveryPolicy policy = DeliveryPolicy.DEFAULT.withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
        Forwarder forwarder = new Forwarder(
                outbox, new BackendEndpoint(URI.create(args[2]), args[3]), policy, status -> {}, new SecureRandom());
        events.deliverWith(forwarder);
        if (args[0].equals("drain")) {
            events.sendDrafts(); // as CallEventsService does at start
        }
        forwarder.start();
        if (args[0].equals("draft")) {
            ObjectNode[] call = PageEvents.call(args[4], PageEvents.T0);
            for (int i = 0; i < 3; i++) {
                events.accept(call[i]);
            }
            events.saveDraft(PageEvents.JSON
                    .createObjectNode()
                    .put("type", "wrapup-draft")
                    .put("callId", args[4])
                    .put("at", PageEvents.T0 + 2500)
                    .put("disposition", "sale")
                    .put("notes", "typed before the crash"));
            System.out.println("STORED 3");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } else if (args[0].equals("append")) {
            int calls = Integer.parseInt(args[4]);
            int stored = 0;
            for (int i = 0; i < calls; i++) {
                for (var message : PageEvents.call(PageEvents.newCallId(), PageEvents.T0 + i * 10_000L)) {
                    events.accept(message);
                    stored++;
                }
            }
            System.out.println("STORED " + stored);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } else {
            while (outbox.counts().pending() > 0) {
                Thread.sleep(20);
            }
            System.out.println("DRAINED " + outbox.counts());
            System.out.flush();
            forwarder.close();
            outbox.close();
        }
    }
}
