package dev.lodestone.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A knowledge-base article, as carried on {@code kb-articles} (keyed by its id; a delete is a tombstone). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        description = "A knowledge-base article the bot answers questions from.",
        requiredProperties = {"title", "body"},
        examples = "{\"title\":\"退货政策\",\"body\":\"收货后7天内可无理由退货…\",\"tags\":[\"退货\",\"returns\"]}")
public record KbArticle(
        @Schema(readOnly = true, description = "The article's id, from the path.")
        String articleId,

        @Schema(minLength = 1, maxLength = KbArticle.MAX_TITLE)
        String title,

        @Schema(minLength = 1, maxLength = KbArticle.MAX_BODY)
        String body,

        @Schema(maxItems = KbArticle.MAX_TAGS, description = "Tags of 1-64 characters.")
        List<String> tags,

        @Schema(readOnly = true, description = "When the engine accepted this version.")
        Instant updatedAt) {

    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY = 20_000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG = 64;
}
