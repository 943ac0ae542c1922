namespace Ferry.Weaver.Barriers;

/// <summary>
/// The one list of framework members woven code calls without a write barrier: every other call into code
/// that is not woven is assumed to write into its receiver and into the arrays it is given (see
/// <see cref="WriteBarrierRewriter"/>). Only what cannot write into a heap object the app holds belongs here:
/// immutable types, and read-only members that hot loops call (a barrier there costs a load and a branch).
/// </summary>
public static class WriteBarrierTable
{
    /// <summary>Types whose instances never change, or that images never hold: no call on them writes app state.</summary>
    private static readonly HashSet<string> Immutable = new(StringComparer.Ordinal)
    {
        "System.Object", "System.String", "System.Type", "System.Enum", "System.ValueType", "System.Delegate",
        "System.MulticastDelegate", "System.Math", "System.MathF", "System.Console", "System.Convert", "System.BitConverter",
        "System.Char", "System.Int32", "System.Int64", "System.Double", "System.Decimal", "System.Boolean", "System.Guid",
        "System.DateTime", "System.TimeSpan", "System.Globalization.CultureInfo", "System.Text.Encoding",
        "System.StringComparer", "System.Threading.Thread", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
        "System.Threading.Monitor", "System.Threading.Volatile", "System.GC", "System.Environment",
    };

    /// <summary>Members of any framework type that only read (getters and queries of the common collections...).</summary>
    private static readonly HashSet<string> ReadOnlyMembers = new(StringComparer.Ordinal)
    {
        "get_Count", "get_Length", "get_Item", "get_Capacity", "get_Comparer", "get_IsReadOnly", "get_Chars",
        "ContainsKey", "ContainsValue", "Contains", "TryGetValue", "IndexOf", "LastIndexOf", "BinarySearch", "Peek", "TryPeek",
        "ToString", "Equals", "GetHashCode", "CompareTo", "GetType", "ToArray", "Exists", "Find", "FindIndex", "TrueForAll",
        "get_Min", "get_Max", "get_First", "get_Last", "get_Value", "get_Key", "get_Next", "get_Previous", "get_List",
        "get_Current", "get_Elapsed", "get_ElapsedMilliseconds", "get_ElapsedTicks", "get_IsRunning", "Dispose",
    };

    /// <summary>
    /// Members that only read on the framework's collections (System.Collections.*), though not everywhere: a LINQ
    /// iterator's GetEnumerator hands itself out with its state changed.
    /// </summary>
    private static readonly HashSet<string> ReadOnlyInCollections = new(StringComparer.Ordinal)
    {
        "GetEnumerator", "get_Keys", "get_Values", "CopyTo",
    };

    /// <summary>True if a call to <paramref name="method"/> of <paramref name="declaringType"/> (full name, generic definition) cannot write into app state.</summary>
    public static bool IsReadOnly(string declaringType, string method) =>
        Immutable.Contains(declaringType) || ReadOnlyMembers.Contains(method)
        || declaringType.StartsWith("System.Collections.", StringComparison.Ordinal) && ReadOnlyInCollections.Contains(method)
        || declaringType.StartsWith("System.Reflection.", StringComparison.Ordinal)
        || declaringType.StartsWith("Ferry.Runtime.Threading.", StringComparison.Ordinal)
        || declaringType.StartsWith("Ferry.Runtime.Capture.", StringComparison.Ordinal)
        || declaringType.StartsWith("Ferry.Runtime.Time.", StringComparison.Ordinal)
        || declaringType.StartsWith("Ferry.Runtime.Tracking.", StringComparison.Ordinal);
}
