package dev.deskphone.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a call's open wrap-up form holds (the page's {@code wrapup-draft} message), kept in the
 * outbox file so that notes typed before a quit or crash still reach the call's record.
 *
 * @param at when the agent last changed the form (epoch ms): the wrap-up's time if it is sent from here
 */
public record WrapUpDraft(String callId, long at, String disposition, String notes) {

    /** Checks a page message with the same rules as a {@code wrapup} event (the field is named on error). */
    static WrapUpDraft parse(JsonNode message, PageEventParser parser) {
        if (message == null || !message.isObject()) {
            throw new InvalidCallEventException("a wrapup-draft must be a JSON object");
        }
        ObjectNode asEvent = ((ObjectNode) message).deepCopy();
        asEvent.remove("type");
        asEvent.put("event", "wrapup");
        PageCallEvent.WrapUp wrapUp = (PageCallEvent.WrapUp) parser.parse(asEvent);
        return new WrapUpDraft(wrapUp.callId(), wrapUp.at(), wrapUp.disposition(), wrapUp.notes());
    }

    /** The wrap-up event this draft becomes when its form can no longer be submitted. */
    PageCallEvent.WrapUp toEvent() {
        return new PageCallEvent.WrapUp(callId, at, disposition, notes);
    }
}
