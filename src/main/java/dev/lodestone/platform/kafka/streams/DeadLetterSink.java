package dev.lodestone.platform.kafka.streams;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Where {@link DeadLetterHandler} writes a parked record; returns once the write is durable. */
@FunctionalInterface
public interface DeadLetterSink {

    void write(ProducerRecord<byte[], byte[]> record) throws Exception;
}
