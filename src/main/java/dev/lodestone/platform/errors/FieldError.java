package dev.lodestone.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One reason a request was refused.
 *
 * @param index position of the offending event in a batch, absent for single values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(
        @Schema(description = "position of the offending item in a batch; absent for single values")
        Integer index,

        @Schema(description = "the field at fault, e.g. type, filters.minPrice or body", examples = "type")
        String field,

        @Schema(description = "what is wrong, in plain words")
        String reason) {

    public static FieldError of(String field, String reason) {
        return new FieldError(null, field, reason);
    }
}
