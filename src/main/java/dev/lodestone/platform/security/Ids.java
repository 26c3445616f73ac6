package dev.lodestone.platform.security;

import dev.lodestone.platform.errors.ApiException;
import java.util.regex.Pattern;

/** The id syntax shared by every path and body: 1-128 characters, no spaces, commas or controls. */
public final class Ids {

    public static final Pattern PATTERN = Pattern.compile("[^\\s\\p{Cntrl},]{1,128}");

    private Ids() {}

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    public static String require(String field, String id) {
        if (!valid(id)) {
            throw ApiException.badRequest(
                    field, "must be 1-128 characters without spaces, commas or control characters");
        }
        return id;
    }
}
