package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * A group's moderation rules.
 *
 * @param bannedWords words and phrases matched anywhere in the normalised text ({@link TextModeration})
 * @param bannedWordAction what a banned word does: {@code block} (refused), {@code hold} (waits for a
 *     moderator), {@code flag} (published, marked for review)
 * @param links what a link does: {@code allow}, {@code block}, {@code hold} or {@code flag}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupRules(List<String> bannedWords, String bannedWordAction, String links) {

    public static final String ALLOW = "allow";
    public static final String BLOCK = "block";
    public static final String HOLD = "hold";
    public static final String FLAG = "flag";
    public static final Set<String> ACTIONS = Set.of(BLOCK, HOLD, FLAG);
    public static final Set<String> LINK_POLICIES = Set.of(ALLOW, BLOCK, HOLD, FLAG);

    public static final GroupRules DEFAULT = new GroupRules(List.of(), BLOCK, ALLOW);

    public List<String> bannedWordsOrNone() {
        return bannedWords == null ? List.of() : bannedWords;
    }

    public String bannedWordActionOrDefault() {
        return bannedWordAction == null ? BLOCK : bannedWordAction;
    }

    public String linksOrDefault() {
        return links == null ? ALLOW : links;
    }
}
