namespace Ferry.Images.Graph;

/// <summary>How instances of a type are encoded (written in every type definition). Part of the format.</summary>
internal enum CodecKind : byte
{
    /// <summary>Never instantiated from an image: interfaces, abstract classes, generic definitions, byrefs.</summary>
    Abstract = 1,
    String = 2,
    /// <summary>Primitives, enums and fixed framework values (DateTime, Guid, decimal...); descriptor: the field kind.</summary>
    Primitive = 3,
    BigInteger = 4,
    /// <summary>Class whose fields are written (app types, tuples, Random); descriptor: the schema.</summary>
    Object = 5,
    /// <summary>Struct whose fields are written flattened; descriptor: the schema.</summary>
    Struct = 6,
    Array = 7,
    List = 8,
    Queue = 9,
    Stack = 10,
    HashSet = 11,
    Dictionary = 12,
    // 13: SortedDictionary, no longer a kind of its own (written by its fields over a SortedSet-coded tree).
    SortedList = 14,
    SortedSet = 15,
    LinkedList = 16,
    LinkedListNode = 17,
    StringBuilder = 18,
    Stopwatch = 19,
    Delegate = 20,
    WellKnown = 21,
    Surrogate = 22,
    /// <summary>System.Exception or a subclass: its message, inner exception, stack trace text...; descriptor: the schema of the subclasses' fields.</summary>
    Exception = 23,
    /// <summary>The enumerator of an ArrayList: list, index, version, current element (or none).</summary>
    ArrayListEnumerator = 24,
    /// <summary>The non-generic Hashtable: comparer and load factor, then version, count, keys, values; rebuilt on read.</summary>
    Hashtable = 25,
    /// <summary>A CancellationTokenSource that is canceled: nothing else (read back as a new canceled source).</summary>
    CanceledTokenSource = 26,
}
