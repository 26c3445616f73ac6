package dev.lodestone.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one error shape of the whole API.
 *
 * @param code machine-readable, stable: clients branch on it
 * @param errors the individual problems, when there are several (validation)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(int status, String code, String message, List<FieldError> errors) {

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of());
    }
}
