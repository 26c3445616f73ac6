package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A group a marketer created.
 *
 * @param category optional product category the group is about
 * @param privateGroup only members read its messages
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Group(
        String groupId,
        String name,
        String description,
        String category,
        @JsonProperty("private") boolean privateGroup,
        GroupRules rules,
        String createdBy,
        Instant createdAt) {

    public Group withRules(GroupRules rules) {
        return new Group(groupId, name, description, category, privateGroup, rules, createdBy, createdAt);
    }
}
