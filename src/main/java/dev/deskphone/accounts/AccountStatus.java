package dev.deskphone.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One account's registration state as the page last reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountStatus(String account, String state, Integer statusCode, String reason, long sinceEpochMs) {}
