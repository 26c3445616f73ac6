package dev.lodestone.platform.kafka.streams;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Forwards records from a processor's node while Kafka Streams flushes the task's stores before a commit
 * ({@link WriteBackStore#onHandDown}), outside the processor's own {@code process}: the records then go
 * out once per key and commit, in the commit's transaction, instead of once per input record.
 *
 * <p>This is what the DSL's record cache does for a {@code KTable} (its flush listener), which the
 * Processor API does not offer: the same internal context calls, set around each forward and restored
 * after it. Built in the processor's {@code init}, where the context's current node is the processor's.
 */
public final class CommitForwarder<K, V> {

    private final InternalProcessorContext<K, V> context;
    private final ProcessorNode<?, ?, ?, ?> node;

    private CommitForwarder(InternalProcessorContext<K, V> context) {
        this.context = context;
        this.node = context.currentNode();
        if (node == null) {
            throw new IllegalStateException("a CommitForwarder is built in a processor's init");
        }
    }

    /** For the processor whose {@code init} received {@code context}. */
    public static <K, V> CommitForwarder<K, V> of(ProcessorContext<K, V> context) {
        if (!(context instanceof InternalProcessorContext<K, V> internal)) {
            throw new IllegalStateException("not a Kafka Streams task context: " + context.getClass());
        }
        return new CommitForwarder<>(internal);
    }

    /** Forwards {@code record} to the processor's children, as its own {@code forward} would. */
    public void forward(Record<K, V> record) {
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousRecord = context.recordContext();
        context.setCurrentNode(node);
        // As for a punctuation: no input record, so no input offset, partition or topic.
        context.setRecordContext(new ProcessorRecordContext(record.timestamp(), -1L, -1, null, new RecordHeaders()));
        try {
            context.forward(record);
        } finally {
            context.setRecordContext(previousRecord);
            context.setCurrentNode(previousNode);
        }
    }
}
