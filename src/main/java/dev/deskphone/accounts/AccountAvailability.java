package dev.deskphone.accounts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each account takes calls: {@link State#AVAILABLE}, {@link State#DND} (set by the agent
 * from the window, the tray or {@code deskphone dnd}, and remembered across restarts), or
 * {@link State#AFTER_CALL_WORK} (while one of the account's wrap-up forms is open, as the page
 * reports). Do not disturb wins over after-call work. Any thread.
 */
public final class AccountAvailability {
    private static final Logger log = LoggerFactory.getLogger(AccountAvailability.class);

    /** An account's availability, with its wire name (page, instance channel) and its label. */
    public enum State {
        AVAILABLE("Available"),
        DND("Do not disturb"),
        AFTER_CALL_WORK("After-call work");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** {@code available}, {@code dnd}, {@code after-call-work}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String label() {
            return label;
        }
    }

    private final Consumer<List<String>> persist;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    // Guarded by this.
    private final Set<String> dnd = new TreeSet<>();
    private final Set<String> afterCallWork = new TreeSet<>();
    private final Set<String> configured = new TreeSet<>();

    /**
     * @param dnd the accounts in Do not disturb when the app last ran
     * @param persist keeps the accounts in Do not disturb (sorted) for the next start, after each change
     */
    public AccountAvailability(Collection<String> dnd, Consumer<List<String>> persist) {
        this.dnd.addAll(dnd);
        this.persist = persist;
    }

    /** Called (on the changing thread) after any account's availability changed. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The accounts the configuration has now (ids {@code profile/extension}). */
    public void configured(Collection<String> accounts) {
        synchronized (this) {
            configured.clear();
            configured.addAll(accounts);
        }
        changed();
    }

    /**
     * Turns Do not disturb on or off for one account or, with no account, for every configured one.
     *
     * @param account an account id ({@code profile/extension}) or an extension that names one account
     * @return the accounts changed (their ids)
     * @throws IllegalArgumentException naming the account when it is unknown or ambiguous, or when no account is configured
     */
    public List<String> setDnd(boolean on, Optional<String> account) {
        List<String> targets;
        synchronized (this) {
            targets = account.isPresent() ? List.of(resolve(account.get())) : new ArrayList<>(configured);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no account is configured yet");
            }
            if (on) {
                dnd.addAll(targets);
            } else {
                targets.forEach(dnd::remove);
            }
        }
        log.info("Do not disturb {} for {}", on ? "on" : "off", targets);
        persist.accept(dnd());
        changed();
        return targets;
    }

    /** The accounts whose wrap-up forms are open now (the page's whole list, replacing the last). */
    public void afterCallWork(Collection<String> accounts) {
        synchronized (this) {
            if (afterCallWork.equals(new TreeSet<>(accounts))) {
                return;
            }
            afterCallWork.clear();
            afterCallWork.addAll(accounts);
        }
        changed();
    }

    /** The accounts in Do not disturb, sorted (kept ones for accounts not configured now included). */
    public synchronized List<String> dnd() {
        return List.copyOf(dnd);
    }

    /** Every configured account's availability, by id in order. */
    public synchronized Map<String, State> snapshot() {
        Map<String, State> states = new LinkedHashMap<>();
        for (String account : configured) {
            states.put(account, stateOf(account));
        }
        return states;
    }

    private State stateOf(String account) {
        if (dnd.contains(account)) {
            return State.DND;
        }
        return afterCallWork.contains(account) ? State.AFTER_CALL_WORK : State.AVAILABLE;
    }

    private String resolve(String wanted) {
        if (configured.contains(wanted)) {
            return wanted;
        }
        List<String> byExtension =
                configured.stream().filter(id -> id.endsWith("/" + wanted)).toList();
        if (byExtension.size() == 1) {
            return byExtension.get(0);
        }
        if (byExtension.isEmpty()) {
            throw new IllegalArgumentException("account '" + wanted + "': no such account (configured: "
                    + (configured.isEmpty() ? "none" : String.join(", ", configured)) + ")");
        }
        throw new IllegalArgumentException("account '" + wanted + "': more than one account has this extension ("
                + String.join(", ", byExtension) + "); give profile/extension");
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
