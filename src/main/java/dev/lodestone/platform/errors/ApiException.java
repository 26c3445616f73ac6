package dev.lodestone.platform.errors;

import java.util.List;
import java.util.Map;

/** A refusal the client can act on; mapped to {@link ApiError} with its status. */
public class ApiException extends RuntimeException {

    /** The code of every 429. */
    public static final String RATE_LIMITED = "rate_limited";

    private final int status;
    private final String code;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, List<FieldError> errors, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    public static ApiException badRequest(String field, String reason) {
        return new ApiException(
                400, "invalid_request", field + ": " + reason, List.of(FieldError.of(field, reason)), Map.of());
    }

    public static ApiException invalid(String code, String message, List<FieldError> errors) {
        return new ApiException(400, code, message, errors, Map.of());
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "not_found", what + " '" + id + "' not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(
                503, "unavailable", message, List.of(), Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** The client spent its budget (platform/ratelimit); {@code Retry-After} says when to come back. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(
                429, RATE_LIMITED, message, List.of(), Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ApiError toError() {
        return new ApiError(status, code, getMessage(), errors);
    }
}
