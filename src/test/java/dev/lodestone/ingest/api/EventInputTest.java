package dev.lodestone.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.ingest.EventValidator;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The documented event schema names exactly the fields the validator accepts. */
class EventInputTest {

    @Test
    void shouldDocumentEveryFieldTheValidatorAcceptsAndNoOther() {
        Set<String> documented = Arrays.stream(EventInput.class.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EventValidator.FIELDS), documented);
    }
}
