package dev.lodestone.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error shape of the whole API.
 *
 * @param code machine-readable, stable: clients branch on it
 * @param errors the individual problems, when there are several (validation)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(
        description = "The one error shape of the API: every 4xx and 5xx answer has it.",
        requiredProperties = {"status", "code", "message"},
        examples = "{\"status\":400,\"code\":\"invalid_events\",\"message\":\"1 of 1 events are invalid;"
                + " none was accepted\",\"errors\":[{\"index\":0,\"field\":\"type\",\"reason\":\"must be one"
                + " of view, click, ...\"}]}")
public record ApiError(
        @Schema(description = "the HTTP status, repeated") int status,

        @Schema(
                description = "machine-readable and stable: clients branch on it (invalid_events,"
                        + " malformed_json, invalid_request, unauthenticated, forbidden, not_found,"
                        + " payload_too_large, insufficient_points, out_of_stock, coupon_used,"
                        + " idempotency_key_reused, rate_limited, unavailable, rebuilding, ...)",
                examples = "invalid_events")
        String code,

        @Schema(description = "for people; may change between versions")
        String message,

        @Schema(description = "each problem, when there are several (validation); absent otherwise")
        List<FieldError> errors) {

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of());
    }
}
