package io.moirai.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import io.moirai.iter.PartitionedSource;
import java.io.Serial;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The entries of a Hazelcast map, partition by partition, numbered as Hazelcast numbers its
 * partitions, so that the distributed context sends partition {@code p}'s chunk to its owner and
 * the chunk reads the entries locally there. Only the map's name travels; the chunk finds the
 * member it runs on through {@link MemberContext} (or, evaluated in a local context, uses the
 * instance it was made on). Each entry is copied into an immutable {@code java.util} entry, so it
 * can travel back in a result and pass the allow-list.
 */
final class MapEntries<K, V> implements PartitionedSource<Map.Entry<K, V>> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Entries fetched per round trip when a partition is read from another member. */
    private static final int FETCH_SIZE = 1_000;

    private final String mapName;
    private final int partitions;
    private final transient HazelcastInstance origin;

    MapEntries(HazelcastInstance origin, IMap<K, V> map) {
        this.origin = origin;
        this.mapName = map.getName();
        this.partitions = origin.getPartitionService().getPartitions().size();
    }

    String mapName() {
        return mapName;
    }

    @Override
    public int partitionCount() {
        return partitions;
    }

    @Override
    public void forEachInPartition(int partition, Consumer<? super Map.Entry<K, V>> action) {
        HazelcastInstance hz = MemberContext.current();
        if (hz == null) {
            hz = origin;
        }
        if (hz == null) {
            throw new IllegalStateException("the entries of map " + mapName
                    + " are read on a member that serves Moirai work or where they were made");
        }
        IMap<K, V> map = hz.getMap(mapName);
        if (map instanceof MapProxyImpl<K, V> proxy) {
            // Hazelcast's partition iterator: reads the partition where it is, in its stored order
            Iterator<Map.Entry<K, V>> entries = proxy.iterator(FETCH_SIZE, partition, true);
            while (entries.hasNext()) {
                Map.Entry<K, V> e = entries.next();
                action.accept(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
            return;
        }
        // another IMap implementation: the keys it holds locally that fall in the partition
        for (K key : map.localKeySet()) {
            if (hz.getPartitionService().getPartition(key).getPartitionId() == partition) {
                action.accept(new AbstractMap.SimpleImmutableEntry<>(key, map.get(key)));
            }
        }
    }

    @Override
    public String toString() {
        return "entries of " + mapName;
    }
}
