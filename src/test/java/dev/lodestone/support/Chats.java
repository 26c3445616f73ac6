package dev.lodestone.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.kafka.JsonSerde;
import io.restassured.http.ContentType;

/** Chat steps through the REST API, for tests that need conversations; each expects success. */
public final class Chats {

    private Chats() {}

    /** Opens a conversation (straight to the queue when {@code human}); answers its id. */
    public static String open(String bearer, boolean human) {
        return given().header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body("{\"human\":" + human + "}")
                .post("/v1/chat/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("conversationId");
    }

    /** Writes {@code text} in the conversation; answers the entries written (the bot's answer included). */
    public static JsonNode say(String bearer, String conversationId, String text) {
        String body = JsonSerde.MAPPER.createObjectNode().put("text", text).toString();
        String json = given().header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/chat/conversations/{id}/messages", conversationId)
                .then()
                .statusCode(201)
                .extract()
                .asString();
        return JsonSerde.read(json, JsonNode.class);
    }
}
