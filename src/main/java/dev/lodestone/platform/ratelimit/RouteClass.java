package dev.lodestone.platform.ratelimit;

/** The feature a limited request was for: the {@code route} tag of the rejection counter. */
public enum RouteClass {
    INGEST,
    RECOMMEND,
    ACTIVITY,
    PROFILE,
    CATALOG,
    POINTS,
    COMMUNITY,
    CHAT,
    SIGNALS,
    MARKETING,
    OTHER;

    /** The one open API path; everything else under {@code /v1/} draws from a budget. */
    static final String PING = "/v1/ping";

    private static final String API = "/v1/";

    /** Whether a request to this (normalized) path draws from a budget. */
    static boolean limited(String path) {
        return path != null && path.startsWith(API) && !path.equals(PING);
    }

    static RouteClass of(String path) {
        if (path == null || !path.startsWith(API)) {
            return OTHER;
        }
        String[] segments = path.substring(API.length()).split("/", -1);
        return switch (segments[0]) {
            case "events" -> INGEST;
            case "catalog" -> CATALOG;
            case "recommendations", "trending", "items" -> RECOMMEND;
            case "points", "gifts", "coupons" -> POINTS;
            case "community" -> COMMUNITY;
            case "chat", "kb" -> CHAT;
            case "feedback", "funnel" -> SIGNALS;
            case "experiments", "dashboard" -> MARKETING;
            case "users" -> segments.length < 3 ? PROFILE : ofUser(segments[2]);
            default -> OTHER;
        };
    }

    /** {@code /v1/users/{userId}/<what>…} */
    private static RouteClass ofUser(String what) {
        return switch (what) {
            case "activity" -> ACTIVITY;
            case "profile" -> PROFILE;
            case "recommendations" -> RECOMMEND;
            case "points", "gifts" -> POINTS;
            case "feedback" -> SIGNALS;
            default -> OTHER;
        };
    }

    String tag() {
        return name().toLowerCase();
    }
}
