package dev.lodestone.eval;

import java.util.List;

/** What the evaluation protocol needs from a recommender: learn clicks, then rank items for a session. */
public interface NextItemModel {

    String name();

    /** The settings the model runs with, printed with the results. */
    default java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }

    /** One interaction, in time order: the training log, and in streaming mode the test clicks as well. */
    void learn(Click click);

    /** Called once the training log is replayed and before the first prediction. */
    default void trained() {}

    /**
     * The top {@code k} items for the shopper whose session so far is {@code session} (oldest first,
     * never empty).
     */
    List<String> recommend(List<Click> session, int k);
}
