package io.eventplatform.registration.persistence;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

/** A transaction refused because a condition did not hold; says which items' conditions failed. */
public class TransactionFailure extends RuntimeException {

    private final transient List<CancellationReason> reasons;

    TransactionFailure(List<CancellationReason> reasons) {
        super("transaction condition failed", null, false, false);
        this.reasons = reasons;
    }

    /** Whether the condition on the item at {@code index} of the transaction failed. */
    public boolean failedAt(int index) {
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** Whether every failed condition is on one of the items at {@code indexes}. */
    public boolean failedOnlyAmong(java.util.Collection<Integer> indexes) {
        for (int i = 0; i < reasons.size(); i++) {
            if (failedAt(i) && !indexes.contains(i)) {
                return false;
            }
        }
        return true;
    }

    /** The item at {@code index} as it was when its condition failed (empty if absent or not returned). */
    public Map<String, AttributeValue> itemAt(int index) {
        if (index >= reasons.size() || !reasons.get(index).hasItem()) {
            return Map.of();
        }
        return reasons.get(index).item();
    }
}
