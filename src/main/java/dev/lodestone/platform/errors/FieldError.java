package dev.lodestone.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a request was refused.
 *
 * @param index position of the offending event in a batch, absent for single values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String reason) {

    public static FieldError of(String field, String reason) {
        return new FieldError(null, field, reason);
    }
}
