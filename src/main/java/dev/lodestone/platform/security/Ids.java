package dev.lodestone.platform.security;

import dev.lodestone.platform.errors.ApiException;
import java.util.regex.Pattern;

/**
 * The id syntax shared by every path and body: 1-128 visible characters (letters, marks, digits,
 * punctuation, symbols) without commas, and neither {@code .} nor {@code ..}.
 *
 * <p>Everything else is refused because an id must stay readable and forgettable through the API:
 * {@code .}/{@code ..} are removed from URL paths, lone surrogates cannot be encoded in a URL,
 * invisible and bidirectional format characters (Unicode Cf, e.g. U+200B, U+202E) make two ids look
 * alike, and private-use, unassigned, separator and control code points have no agreed meaning.
 * Commas separate ids in query lists.
 */
public final class Ids {

    /**
     * Matched against the whole id; counts code points, so a valid surrogate pair is one character.
     * U+FFFD is what a path's undecodable bytes (a lone surrogate's UTF-8, say) become: refused too.
     */
    public static final Pattern PATTERN =
            Pattern.compile("(?!\\.{1,2}\\z)[[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]&&[^,\\uFFFD]]{1,128}");

    /** What {@link #require} answers, for callers that report the field themselves. */
    public static final String RULE =
            "must be 1-128 visible characters (letters, digits, punctuation, symbols), no commas, not . or ..";

    private Ids() {}

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    public static String require(String field, String id) {
        if (!valid(id)) {
            throw ApiException.badRequest(field, RULE);
        }
        return id;
    }
}
