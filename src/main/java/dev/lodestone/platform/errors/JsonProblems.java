package dev.lodestone.platform.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Says in plain words what is wrong with a JSON body, naming the field where the parser knows it.
 * Never passes on the parser's own message: it names Java types and packages.
 */
public final class JsonProblems {

    /** The field of a problem that concerns the body as a whole. */
    public static final String BODY = "body";

    private JsonProblems() {}

    /** The field and reason of an unreadable body. */
    public static FieldError describe(JsonProcessingException e) {
        return FieldError.of(field(e), reason(e));
    }

    /** An {@link ApiException} for an unreadable body: 400 {@code malformed_json} naming the field. */
    public static ApiException refusal(JsonProcessingException e) {
        FieldError problem = describe(e);
        String message = BODY.equals(problem.field())
                ? "the body " + problem.reason()
                : "the body is not valid JSON for this endpoint: " + problem.field() + " " + problem.reason();
        return new ApiException(400, "malformed_json", message, List.of(problem), Map.of());
    }

    /** The JSON path of the value at fault, e.g. {@code filters.minPrice} or {@code context[2]}. */
    static String field(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return BODY;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? BODY : path.toString();
    }

    static String reason(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "is nested too deeply or has a value too large to read";
        }
        if (e instanceof PropertyBindingException) {
            return "is not a known field";
        }
        if (e instanceof ValueInstantiationException) {
            return "has a value that is not allowed";
        }
        if (e instanceof MismatchedInputException mismatch) {
            return expected(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return "has a value this endpoint cannot read";
        }
        return "is not valid JSON" + at(e.getLocation());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has a value of the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "must be a string";
        }
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == BigInteger.class) {
            return "must be an integer";
        }
        if (type.isPrimitive() && type != boolean.class
                || Number.class.isAssignableFrom(type)
                || type == BigDecimal.class) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date-time such as 2026-11-24T10:15:30Z";
        }
        if (type.isEnum()) {
            return "is not one of the allowed values";
        }
        return "must be an object";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
