package dev.lodestone.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.chat.ChatKeys;
import dev.lodestone.chat.ChatPublisher;
import dev.lodestone.chat.KbArticle;
import dev.lodestone.chat.store.SearchIndex;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The knowledge base: articles written by staff, searched by the bot and by anyone signed in. */
@Path("/v1/kb")
@Tag(name = ChatResource.TAG, description = "Customer-service chat, the agents' queue and the knowledge base")
public class KbResource {

    /** Longest query, in characters. */
    static final int MAX_QUERY = 500;

    /** Search hits, best first. */
    public record SearchHits(String query, List<SearchIndex.Hit> hits) {}

    private final ChatPublisher publisher;
    private final SearchIndex index;
    private final ReactiveRedisDataSource redis;

    KbResource(ChatPublisher publisher, SearchIndex index, ReactiveRedisDataSource redis) {
        this.publisher = publisher;
        this.index = index;
        this.redis = redis;
    }

    @PUT
    @Path("/articles/{articleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT, Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putKbArticle",
            summary = "Create or replace a knowledge-base article; 200 once the broker has it",
            description = "Agents, marketers and admins: the bot answers shoppers with these articles. The"
                    + " search index follows within a second.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = KbArticle.class)))
    @APIResponse(
            responseCode = "200",
            description = "the article as stored",
            content = @Content(schema = @Schema(implementation = KbArticle.class)))
    @APIResponse(responseCode = "400", description = "invalid_article: errors names each field")
    public Uni<KbArticle> put(@PathParam("articleId") String articleId, byte[] body) {
        Ids.require("articleId", articleId);
        KbArticle article = parse(ChatRequests.object(body), articleId);
        return publisher.putArticle(article).replaceWith(article);
    }

    @DELETE
    @Path("/articles/{articleId}")
    @RolesAllowed({Roles.AGENT, Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "deleteKbArticle",
            summary = "Delete an article: a tombstone on kb-articles; it leaves the index",
            description = "Agents, marketers and admins.")
    @APIResponse(responseCode = "204", description = "the tombstone is on the broker")
    @APIResponse(responseCode = "404", description = "not_found: no such article in the index")
    @ProjectionRead
    public Uni<Response> delete(@PathParam("articleId") String articleId) {
        Ids.require("articleId", articleId);
        return redis.hash(String.class)
                .hexists(ChatKeys.titles(ChatKeys.KB), articleId)
                .chain(exists -> {
                    if (!exists) {
                        throw ApiException.notFound("article", articleId);
                    }
                    return publisher
                            .deleteArticle(articleId)
                            .replaceWith(Response.noContent().build());
                });
    }

    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.MARKETER, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "searchKb",
            summary = "Search the knowledge base (BM25 over analysed Chinese and English text), best first")
    @APIResponse(
            responseCode = "200",
            description = "the hits: article id, title, score",
            content = @Content(schema = @Schema(implementation = SearchHits.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: q is missing, blank or too long")
    @ProjectionRead
    public Uni<SearchHits> search(
            @Parameter(required = true, description = "the question, 1-500 characters") @QueryParam("q") String q,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "50", defaultValue = "5"))
                    @QueryParam("limit")
                    String limit) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q", "is required");
        }
        if (q.length() > MAX_QUERY) {
            throw ApiException.badRequest("q", "must be at most " + MAX_QUERY + " characters");
        }
        int size = ChatRequests.intParam("limit", limit, 5, 1, 50);
        return index.search(ChatKeys.KB, q, size).map(hits -> new SearchHits(q, hits));
    }

    private static KbArticle parse(JsonNode node, String articleId) {
        List<FieldError> errors = new ArrayList<>();
        String title = ChatRequests.text(node, "title", KbArticle.MAX_TITLE, errors);
        String body = ChatRequests.text(node, "body", KbArticle.MAX_BODY, errors);
        List<String> tags = new ArrayList<>();
        JsonNode t = node.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray() || t.size() > KbArticle.MAX_TAGS) {
                errors.add(FieldError.of("tags", "must be an array of at most " + KbArticle.MAX_TAGS + " tags"));
            } else {
                for (JsonNode tag : t) {
                    if (!tag.isTextual()
                            || tag.asText().isBlank()
                            || tag.asText().length() > KbArticle.MAX_TAG) {
                        errors.add(FieldError.of("tags", "every tag is a string of 1-" + KbArticle.MAX_TAG));
                        break;
                    }
                    tags.add(tag.asText());
                }
            }
        }
        JsonNode id = node.get("articleId");
        if (id != null && !id.isNull() && !articleId.equals(id.asText())) {
            errors.add(FieldError.of("articleId", "must match the path"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("invalid_article", "the article is not valid", errors);
        }
        return new KbArticle(articleId, title, body, List.copyOf(tags), Instant.now());
    }
}
