package io.eventplatform.checkin.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The dashboards of one event, grouped by writer thread. A broadcast is one task per event loop
 * that writes the same string to each of its sockets: no per-socket thread hop, no waiting for
 * one write before the next, and the message is encoded once. Not thread-safe: the owning
 * {@link LiveEvent} guards it, and the arrays handed to writer threads are never changed after.
 */
final class Audience {

    private final Map<Executor, List<Outbox>> byWriter = new LinkedHashMap<>();
    /** Per writer, the sockets as of the last change: what broadcasts iterate. */
    private final Map<Executor, Outbox[]> frozen = new LinkedHashMap<>();
    private int size;

    void add(Outbox outbox) {
        if (byWriter.computeIfAbsent(outbox.writer(), w -> new ArrayList<>()).add(outbox)) {
            size++;
            refreeze(outbox.writer());
        }
    }

    boolean remove(Outbox outbox) {
        List<Outbox> group = byWriter.get(outbox.writer());
        if (group == null || !group.remove(outbox)) {
            return false;
        }
        size--;
        if (group.isEmpty()) {
            byWriter.remove(outbox.writer());
        }
        refreeze(outbox.writer());
        return true;
    }

    int size() {
        return size;
    }

    List<Outbox> all() {
        List<Outbox> all = new ArrayList<>(size);
        byWriter.values().forEach(all::addAll);
        return all;
    }

    /** Hands the message to every writer; {@code tooSlow} is called on the writer thread for each client that is. */
    void broadcast(String message, Consumer<Outbox> tooSlow) {
        for (Map.Entry<Executor, Outbox[]> group : frozen.entrySet()) {
            Outbox[] sockets = group.getValue();
            group.getKey().execute(() -> {
                for (Outbox socket : sockets) {
                    if (!socket.write(message)) {
                        tooSlow.accept(socket);
                    }
                }
            });
        }
    }

    private void refreeze(Executor writer) {
        List<Outbox> group = byWriter.get(writer);
        if (group == null) {
            frozen.remove(writer);
        } else {
            frozen.put(writer, group.toArray(Outbox[]::new));
        }
    }
}
