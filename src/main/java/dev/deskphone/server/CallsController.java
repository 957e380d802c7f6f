package dev.deskphone.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.contract.CallEventLimits;
import dev.deskphone.contract.CallEventValues;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** HTTP for {@code /internal/calls} and the report data: parses, calls {@link CallService}, answers. */
final class CallsController {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CallService service;
    private final ApiEventParser parser;
    private final JsonBodies bodies;
    private final Responses responses;
    private final ServerMetrics metrics;

    CallsController(
            CallService service, ApiEventParser parser, JsonBodies bodies, Responses responses, ServerMetrics metrics) {
        this.service = service;
        this.parser = parser;
        this.bodies = bodies;
        this.responses = responses;
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.post("/internal/calls", ctx -> {
            JsonNode body = bodies.read(ctx);
            record(ctx, body, parser.create(body));
        });
        routes.post("/internal/calls/{id}/answered", ctx -> event(ctx, parser::answer));
        routes.post("/internal/calls/{id}/ended", ctx -> event(ctx, parser::end));
        routes.post("/internal/calls/{id}/wrapup", ctx -> event(ctx, parser::wrapUp));
        routes.get("/internal/calls", this::list);
        routes.get("/internal/calls/{id}", this::show);
        routes.get("/internal/reports/accounts", this::accountTotals);
    }

    private void event(Context ctx, BiFunction<String, JsonNode, CallEvent> parse) throws Exception {
        JsonNode body = bodies.read(ctx); // 415/413/400 before 404, in the documented order
        String id = callId(ctx);
        record(ctx, body, parse.apply(id, body));
    }

    private void record(Context ctx, JsonNode body, CallEvent event) throws Exception {
        Optional<IdempotencyKeys.Claim> claim = bodies.claim(ctx, body);
        CompletableFuture<CallService.Outcome> outcome = service.record(event, claim, BearerAuth.caller(ctx));
        ctx.future(() -> outcome.handle((done, error) -> {
            if (error != null) {
                metrics.event(event.name(), outcomeLabel(error));
                responses.error(ctx, error);
            } else {
                metrics.event(event.name(), done.result().name().toLowerCase(Locale.ROOT));
                int status = done.result() == CallService.Result.CREATED ? 201 : 200;
                if (status == 201) {
                    ctx.header("Location", "/internal/calls/" + done.call().id());
                }
                responses.json(ctx, status, CallJson.of(done.call()));
            }
            return null;
        }));
    }

    private void show(Context ctx) throws Exception {
        String id = callId(ctx);
        Call call = service.find(id).orElseThrow(() -> new CallNotFoundException(id));
        BearerAuth.caller(ctx).checkRead(call.created().account());
        responses.json(ctx, 200, CallJson.of(call));
    }

    private void list(Context ctx) throws Exception {
        QueryParams params = new QueryParams(ctx);
        Caller caller = BearerAuth.caller(ctx);
        CallQuery query = new CallQuery(
                params.string("account", CallEventLimits.NAME),
                params.oneOf("direction", CallEventValues.DIRECTIONS),
                params.instant("from"),
                params.instant("to"),
                params.integer("limit", 1, CallQuery.MAX_LIMIT, CallQuery.DEFAULT_LIMIT),
                params.cursor("cursor"),
                caller.scope().readableAccounts());
        params.check();
        if (query.account() != null) {
            caller.checkRead(query.account());
        }
        CallService.Page page = service.list(query);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", page.calls().stream().map(CallJson::of).toList());
        json.put("per_page", query.limit());
        String next = page.next() == null ? null : Cursors.encode(page.next());
        json.put("next_cursor", next);
        json.put("next_page_url", next == null ? null : nextPageUrl(ctx, next));
        responses.json(ctx, 200, json);
    }

    private void accountTotals(Context ctx) throws Exception {
        QueryParams params = new QueryParams(ctx);
        Long from = params.instant("from");
        Long to = params.instant("to");
        params.check();
        Set<String> accounts = BearerAuth.caller(ctx).scope().readableAccounts();
        List<Map<String, Object>> rows =
                service.totals(from, to, accounts).stream().map(CallJson::of).toList();
        responses.json(ctx, 200, Map.of("data", rows));
    }

    /** Ids are UUIDs; anything else cannot name a call, so it is simply not found. */
    private static String callId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!UUID.matcher(id).matches()) {
            throw new CallNotFoundException(id.length() > 64 ? id.substring(0, 64) + "..." : id);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static String nextPageUrl(Context ctx, String cursor) {
        StringBuilder url = new StringBuilder(ctx.path()).append("?cursor=").append(cursor);
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            if (param.getKey().equals("cursor")) {
                continue;
            }
            for (String value : param.getValue()) {
                url.append('&').append(encode(param.getKey())).append('=').append(encode(value));
            }
        }
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String outcomeLabel(Throwable error) {
        Throwable cause = Responses.unwrap(error);
        if (cause instanceof CallNotFoundException) {
            return "not_found";
        }
        if (cause instanceof CallConflictException) {
            return "conflict";
        }
        if (cause instanceof IdempotencyKeyReusedException) {
            return "key_reused";
        }
        if (cause instanceof ForbiddenException) {
            return "forbidden";
        }
        return "error";
    }

    /** Query-string validation with the same 422 shape as bodies. */
    private static final class QueryParams {
        private final Context ctx;
        private final Map<String, List<String>> errors = new LinkedHashMap<>();

        QueryParams(Context ctx) {
            this.ctx = ctx;
        }

        String string(String name, int max) {
            String value = ctx.queryParam(name);
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > max) {
                fail(name, "The " + name + " field must not be greater than " + max + " characters.");
                return null;
            }
            return value;
        }

        String oneOf(String name, java.util.Set<String> allowed) {
            String value = string(name, 32);
            if (value != null && !allowed.contains(value)) {
                fail(
                        name,
                        "The " + name + " field must be one of: " + String.join(", ", new java.util.TreeSet<>(allowed))
                                + ".");
                return null;
            }
            return value;
        }

        Long instant(String name) {
            String value = string(name, 64);
            if (value == null) {
                return null;
            }
            OptionalLong parsed = Timestamps.parse(value);
            if (parsed.isEmpty()) {
                fail(
                        name,
                        "The " + name
                                + " field must be an RFC 3339 date-time with an offset, e.g. 2025-01-31T09:15:00.000Z.");
                return null;
            }
            return parsed.getAsLong();
        }

        int integer(String name, int min, int max, int fallback) {
            String value = string(name, 10);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            fail(name, "The " + name + " field must be an integer between " + min + " and " + max + ".");
            return fallback;
        }

        CallQuery.Position cursor(String name) {
            String value = string(name, 200);
            if (value == null) {
                return null;
            }
            Optional<CallQuery.Position> position = Cursors.decode(value);
            if (position.isEmpty()) {
                fail(name, "The " + name + " field is not a cursor this server issued.");
                return null;
            }
            return position.get();
        }

        void check() {
            if (!errors.isEmpty()) {
                throw HttpProblem.validation(errors);
            }
        }

        private void fail(String name, String message) {
            errors.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(message);
        }
    }
}
