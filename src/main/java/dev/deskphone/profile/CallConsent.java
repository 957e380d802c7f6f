package dev.deskphone.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which calls a profile's accounts place without asking the agent. A clicked {@code sip:} or
 * {@code tel:} link comes from any web page the agent opens, so the page asks the agent before
 * dialling it unless it matches {@link #allowLinks}; a REFER (RFC 3515) from the far end asks the
 * phone to call someone, and is followed only when {@link #refer} says so.
 *
 * <p>Patterns, matched by the page ({@code web/src/link-policy.js}):
 * <ul>
 * <li>a host name, {@code crm.example.com}: {@code sip:} links to that host; {@code *.example.com}: to its
 * sub-domains</li>
 * <li>a number, {@code +4930123}, or a number prefix ending in {@code *}, {@code +4930*}: {@code tel:} links,
 * and {@code sip:} links to the profile's own domain, whose user part is that number</li>
 * <li>{@code *} alone: every link</li>
 * </ul>
 *
 * @param allowLinks patterns of links dialled without asking, lower case, in the order given
 * @param refer what a REFER from the far end gets
 */
public record CallConsent(List<String> allowLinks, ReferPolicy refer) {
    public static final int MAX_ALLOW_LINKS = 50;
    public static final CallConsent DEFAULT = new CallConsent(List.of(), ReferPolicy.REFUSE);

    // Digits with an optional leading '+', optionally ending in '*' (any further digits).
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}\\*?");
    private static final Pattern DOMAIN = Pattern.compile("(\\*\\.)?" + FieldRules.HOST_NAME.pattern());

    public CallConsent {
        allowLinks = List.copyOf(allowLinks);
    }

    /** What a REFER gets: 603 Decline, or 202 Accepted and a call of its own that the agent sees. */
    public enum ReferPolicy {
        ACCEPT,
        REFUSE;

        /** The name used in files, flags and the page: {@code accept} or {@code refuse}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Holds typed or stored values to the rules; null means "not given" (the defaults). */
    static CallConsent from(List<String> allowLinks, String refer, Validation v) {
        List<String> patterns = new ArrayList<>();
        List<String> given = allowLinks == null ? List.of() : allowLinks;
        if (given.size() > MAX_ALLOW_LINKS) {
            v.reject(Fields.ALLOW_LINKS, "at most " + MAX_ALLOW_LINKS + " patterns (got " + given.size() + ")");
        }
        for (String value : given) {
            String pattern = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (pattern.equals("*")
                    || NUMBER.matcher(pattern).matches()
                    || DOMAIN.matcher(pattern).matches()) {
                if (!patterns.contains(pattern)) {
                    patterns.add(pattern);
                }
            } else {
                v.reject(
                        Fields.ALLOW_LINKS,
                        "must be a host name (crm.example.com, *.example.com), a number or number"
                                + " prefix (+4930123, +4930*), or * for every link (got '" + value + "')");
            }
        }
        ReferPolicy policy = ReferPolicy.REFUSE;
        if (refer != null) {
            String wanted = refer.strip().toLowerCase(Locale.ROOT);
            if (wanted.equals("accept")) {
                policy = ReferPolicy.ACCEPT;
            } else if (!wanted.equals("refuse")) {
                v.reject(Fields.REFER, "must be 'accept' or 'refuse' (got '" + refer + "')");
            }
        }
        return new CallConsent(patterns, policy);
    }
}
