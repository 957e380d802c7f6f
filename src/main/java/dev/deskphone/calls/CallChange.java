package dev.deskphone.calls;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One change of a call's state as {@code deskphone calls watch} reports it: what happened
 * ({@code event}) and the call it happened to. Events: {@code ringing} (an inbound call rings),
 * {@code dialing}, {@code ringback} (the far end rings), {@code answered}, {@code held},
 * {@code resumed}, {@code muted}, {@code unmuted}, {@code transferred} (with {@code transferredTo},
 * just before the leg's {@code ended}) and {@code ended} (with {@code reason}, {@code endedBy} and,
 * when there was one, the SIP status).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallChange(
        String event,
        String callId,
        String account,
        String direction,
        String remote,
        String state,
        String reason,
        Integer sipStatus,
        String endedBy,
        String transferredTo,
        long at) {}
