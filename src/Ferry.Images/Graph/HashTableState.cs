namespace Ferry.Images.Graph;

/// <summary>The private slot state of a Dictionary or HashSet, as read by <see cref="HashTableFields"/>.</summary>
internal struct HashTableState
{
    public int[]? Buckets;
    public Array? Entries;
    /// <summary>Slots used so far, live and free (entries at and after it were never used).</summary>
    public int Count;
    /// <summary>First free slot, or -1.</summary>
    public int FreeList;
    public int FreeCount;
    public int Version;
    /// <summary>The comparer the table hashes with (null: the key type's own GetHashCode/Equals).</summary>
    public object? Comparer;
}
