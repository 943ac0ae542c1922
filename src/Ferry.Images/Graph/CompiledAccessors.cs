namespace Ferry.Images.Graph;

// The shapes of the per-type code compiled once by LayoutEmitter.

/// <summary>Writes the fields of a class instance (or of a boxed struct).</summary>
internal delegate void ObjectWriter(GraphEncoder writer, object instance);

/// <summary>Fills the fields of an uninitialized class instance (or of a boxed struct).</summary>
internal delegate void ObjectReader(GraphDecoder reader, object instance);

/// <summary>Writes a value-type value in place (an array element, a list slot...).</summary>
internal delegate void ValueWriter(GraphEncoder writer, ref byte value);

/// <summary>Reads a value-type value in place.</summary>
internal delegate void ValueReader(GraphDecoder reader, ref byte value);

/// <summary>Prefetches the object-table slots of a class instance's reference fields.</summary>
internal delegate void RefPrefetcher(ObjectIdMap ids, object instance);

/// <summary>Reads the slot state of a Dictionary or HashSet.</summary>
internal delegate HashTableState HashTableStateReader(object table);

/// <summary>Sets a Dictionary's or HashSet's used slots, free list head, free count and version.</summary>
internal delegate void HashTableStateWriter(object table, int count, int freeList, int freeCount, int version);

/// <summary>An entry's chain link.</summary>
internal delegate int EntryNextReader(Array entries, int index);

internal delegate void EntryNextWriter(Array entries, int index, int next);

/// <summary>Writes a whole Dictionary entry.</summary>
internal delegate void DictionaryEntryWriter<TKey, TValue>(Array entries, int index, uint hashCode, int next, TKey key, TValue value);

/// <summary>Writes a whole HashSet entry.</summary>
internal delegate void SetEntryWriter<T>(Array entries, int index, int hashCode, int next, T value);
