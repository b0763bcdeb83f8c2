package io.incidentstream.domain.filter;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An insertion-ordered map for the one or two entries a connection usually has (its subscriptions):
 * the first entry is held in two fields, a {@link LinkedHashMap} only from the second on. With one
 * entry it is 24 bytes instead of about 120 (map, table and entry), and there is one such map per
 * connection in fan-out and one in the subscription index. Iteration order is insertion order, as
 * in {@link LinkedHashMap}; putting an existing key keeps its place. Null keys and values are
 * refused. {@link #get}, {@link #put}, {@link #remove} and {@link #forEach} allocate nothing with
 * one entry. Not thread-safe.
 */
public final class CompactMap<K, V> extends AbstractMap<K, V> {

  private @Nullable K firstKey;
  private @Nullable V firstValue;

  /** The entries after the first, in order; null while there are none. */
  private @Nullable LinkedHashMap<K, V> rest;

  @Override
  public int size() {
    return firstKey == null ? 0 : 1 + (rest == null ? 0 : rest.size());
  }

  @Override
  public boolean isEmpty() {
    return firstKey == null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public @Nullable V get(Object key) {
    if (firstKey == null) {
      return null;
    }
    if (firstKey.equals(key)) {
      return firstValue;
    }
    return rest == null ? null : rest.get(key);
  }

  @Override
  public @Nullable V put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (firstKey == null) {
      firstKey = key;
      firstValue = value;
      return null;
    }
    if (firstKey.equals(key)) {
      V previous = firstValue;
      firstValue = value;
      return previous;
    }
    if (rest == null) {
      rest = new LinkedHashMap<>(2);
    }
    return rest.put(key, value);
  }

  @Override
  public @Nullable V remove(Object key) {
    if (firstKey == null) {
      return null;
    }
    if (!firstKey.equals(key)) {
      V removed = rest == null ? null : rest.remove(key);
      if (rest != null && rest.isEmpty()) {
        rest = null;
      }
      return removed;
    }
    V removed = firstValue;
    promoteNext();
    return removed;
  }

  /** The first entry is gone: the next one (if any) takes its place. */
  private void promoteNext() {
    if (rest == null) {
      firstKey = null;
      firstValue = null;
      return;
    }
    Iterator<Map.Entry<K, V>> entries = rest.entrySet().iterator();
    Map.Entry<K, V> next = entries.next();
    firstKey = next.getKey();
    firstValue = next.getValue();
    entries.remove();
    if (rest.isEmpty()) {
      rest = null;
    }
  }

  @Override
  public void clear() {
    firstKey = null;
    firstValue = null;
    rest = null;
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    if (firstKey == null) {
      return;
    }
    action.accept(firstKey, firstValue);
    if (rest != null) {
      rest.forEach(action);
    }
  }

  /** An iterator over the entries that yields one part of each (its key or its value). */
  private <T> Iterator<T> projected(Function<Map.Entry<K, V>, T> part) {
    Entries entries = new Entries();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public T next() {
        return part.apply(entries.next());
      }

      @Override
      public void remove() {
        entries.remove();
      }
    };
  }

  /** A new view each call (the inherited one would be kept in a field of every map). */
  @Override
  public Set<K> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<K> iterator() {
        return projected(Map.Entry::getKey);
      }

      @Override
      public int size() {
        return CompactMap.this.size();
      }
    };
  }

  /** A new view each call (the inherited one would be kept in a field of every map). */
  @Override
  public Collection<V> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<V> iterator() {
        return projected(Map.Entry::getValue);
      }

      @Override
      public int size() {
        return CompactMap.this.size();
      }
    };
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Entries();
      }

      @Override
      public int size() {
        return CompactMap.this.size();
      }
    };
  }

  /** The first entry, then the rest; {@link Iterator#remove} is supported. */
  private final class Entries implements Iterator<Map.Entry<K, V>> {

    private @Nullable Iterator<Map.Entry<K, V>> inRest;
    private boolean firstDone;
    private @Nullable K last;

    @Override
    public boolean hasNext() {
      if (!firstDone) {
        return firstKey != null;
      }
      return rest != null && restIterator().hasNext();
    }

    @Override
    public Map.Entry<K, V> next() {
      if (!firstDone) {
        if (firstKey == null) {
          throw new NoSuchElementException();
        }
        firstDone = true;
        last = firstKey;
        return new SimpleImmutableEntry<>(firstKey, firstValue);
      }
      if (rest == null) {
        throw new NoSuchElementException();
      }
      Map.Entry<K, V> entry = restIterator().next();
      last = entry.getKey();
      return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
    }

    @Override
    public void remove() {
      K key = last;
      if (key == null) {
        throw new IllegalStateException();
      }
      last = null;
      if (inRest == null) {
        // The first entry: the next takes its place, and iteration goes on from the rest's start.
        promoteNext();
        firstDone = false;
        return;
      }
      inRest.remove();
      if (rest != null && rest.isEmpty()) {
        rest = null;
      }
    }

    private Iterator<Map.Entry<K, V>> restIterator() {
      if (inRest == null) {
        inRest = rest.entrySet().iterator();
      }
      return inRest;
    }
  }
}
