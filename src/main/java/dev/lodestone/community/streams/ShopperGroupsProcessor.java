package dev.lodestone.community.streams;

import dev.lodestone.community.GroupEvent;
import dev.lodestone.platform.kafka.streams.IndexScan;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Files each shopper an event names (member, author, the muted or banned, and a report's reporter, its
 * {@code actor}) under the group, and answers a {@code FORGET_SHOPPER} with a {@code FORGOTTEN} event
 * for each of the shopper's groups on this partition. Other actors are staff or the rules: not indexed.
 */
final class ShopperGroupsProcessor implements Processor<String, GroupEvent, String, GroupEvent> {

    private ProcessorContext<String, GroupEvent> context;
    private KeyValueStore<String, String> index;

    @Override
    public void init(ProcessorContext<String, GroupEvent> context) {
        this.context = context;
        this.index = context.getStateStore(ShopperGroupsTopology.SHOPPER_GROUP_STORE);
    }

    @Override
    public void process(Record<String, GroupEvent> record) {
        GroupEvent e = record.value();
        if (e == null || e.type() == null) {
            return;
        }
        switch (e.type()) {
            case FORGET_SHOPPER -> {
                if (e.userId() != null) {
                    forget(record, e);
                }
            }
            // Already forgotten here; CREATED and RULES_CHANGED name staff only.
            case FORGOTTEN, CREATED, RULES_CHANGED -> {}
            default -> {
                file(e.userId(), e.groupId());
                if (e.type() == GroupEvent.Type.REPORTED) {
                    // A report's actor is the member who reported.
                    file(e.actor(), e.groupId());
                }
            }
        }
    }

    private void file(String userId, String groupId) {
        if (userId == null || userId.isEmpty() || groupId == null) {
            return;
        }
        String key = prefix(userId) + groupId;
        if (index.get(key) == null) {
            index.put(key, "");
        }
    }

    private void forget(Record<String, GroupEvent> record, GroupEvent e) {
        for (KeyValue<String, String> entry : IndexScan.entries(index, prefix(e.userId()))) {
            String key = entry.key;
            index.delete(key);
            String groupId = key.substring(prefix(e.userId()).length());
            GroupEvent forgotten =
                    GroupEvent.of(GroupEvent.Type.FORGOTTEN, e.eventId() + "-" + groupId, groupId, e.userId(), e.at());
            context.forward(record.withKey(groupId).withValue(forgotten));
        }
    }

    private static String prefix(String userId) {
        return "u:" + userId + ",";
    }
}
