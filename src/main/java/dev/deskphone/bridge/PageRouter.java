package dev.deskphone.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's messages by {@code type}: the Java twin of the page's {@code bridge.on(type, handler)}.
 * The table is built once, at start-up, where the app is wired; after that it is only read (on the
 * FX thread, where WebKit calls the bridge).
 *
 * <p>A type may have several handlers: they run in the order they were registered. A handler refuses
 * a message by throwing {@link IllegalArgumentException} (the page gets its text); the handlers after
 * it do not run for that message. Whatever a handler throws ends at {@link PageBridge}, which answers
 * the page with an error and goes on taking messages. A type nobody handles is refused, and logged
 * once per type name (a page that keeps sending it does not flood the log).
 */
public final class PageRouter implements PageMessageHandler {
    private static final Logger log = LoggerFactory.getLogger(PageRouter.class);

    private final Map<String, List<PageMessageHandler>> routes;
    private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

    private PageRouter(Map<String, List<PageMessageHandler>> routes) {
        this.routes = routes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The types that have a handler, in the order they were first registered. */
    public Set<String> types() {
        return routes.keySet();
    }

    @Override
    public void onMessage(String type, ObjectNode message) {
        List<PageMessageHandler> handlers = routes.get(type);
        if (handlers == null) {
            if (unknownLogged.add(type)) {
                log.warn("The page sent a message of unknown type '{}': refused (logged once per type)", type);
            }
            throw new UnknownTypeException(type);
        }
        for (PageMessageHandler handler : handlers) {
            handler.onMessage(type, message);
        }
    }

    /** A message whose type has no handler; {@link PageRouter} has logged it already. */
    static final class UnknownTypeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownTypeException(String type) {
            super("unknown message type '" + type + "'");
        }
    }

    /** Registers the handlers, then {@link #build()} fixes the table. */
    public static final class Builder {
        private final Map<String, List<PageMessageHandler>> routes = new LinkedHashMap<>();

        private Builder() {}

        /** Adds {@code handler} for {@code type} (after any registered before). */
        public Builder on(String type, PageMessageHandler handler) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("a page message type must not be blank");
            }
            routes.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
            return this;
        }

        /** Adds a handler that needs only the message. */
        public Builder on(String type, Consumer<ObjectNode> handler) {
            return on(type, (t, message) -> handler.accept(message));
        }

        /** Adds one handler for several types. */
        public Builder on(List<String> types, PageMessageHandler handler) {
            types.forEach(type -> on(type, handler));
            return this;
        }

        public PageRouter build() {
            Map<String, List<PageMessageHandler>> fixed = new LinkedHashMap<>();
            routes.forEach((type, handlers) -> fixed.put(type, List.copyOf(handlers)));
            return new PageRouter(java.util.Collections.unmodifiableMap(fixed));
        }
    }
}
