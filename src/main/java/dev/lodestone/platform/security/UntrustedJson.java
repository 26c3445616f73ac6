package dev.lodestone.platform.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** Readers for JSON from outside the engine (request bodies, foreign records), nesting bounded before any tree is built. */
public final class UntrustedJson {

    private UntrustedJson() {}

    /** A reader that refuses documents nested deeper than {@code maxNestingDepth}. */
    public static ObjectReader reader(int maxNestingDepth) {
        return new ObjectMapper(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(maxNestingDepth)
                                .build())
                        .build())
                .reader();
    }
}
