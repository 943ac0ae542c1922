namespace Ferry.Images.Inspection;

/// <summary>
/// One object of an image's graph, seen without loading its type: its type name, what kind of object
/// it is, and its content by field name (class objects), items (arrays and collections) or value.
/// </summary>
public sealed class GraphObject
{
    internal GraphObject(int id, string typeName, string kind, string section)
    {
        Id = id;
        TypeName = typeName;
        Kind = kind;
        Section = section;
    }

    public int Id { get; }

    /// <summary>C#-like type name, e.g. "Ferry.Runtime.Capture.Frame" or "List&lt;string&gt;".</summary>
    public string TypeName { get; }

    /// <summary>"object", "struct", "string", "value", "array", "list", "dictionary", "delegate", "surrogate", "exception", ...</summary>
    public string Kind { get; }

    /// <summary>The section (root) the object was first reached from.</summary>
    public string Section { get; }

    /// <summary>Bytes it takes in the (uncompressed) section.</summary>
    public long Size { get; internal set; }

    public IReadOnlyList<GraphField> Fields { get; internal set; } = [];

    /// <summary>Array elements and collection items (for primitive arrays see <see cref="PrimitiveItems"/>).</summary>
    public IReadOnlyList<GraphValue> Items { get; internal set; } = [];

    /// <summary>Elements of arrays of primitives, as an array of the framework type (int[], double[], ...).</summary>
    public Array? PrimitiveItems { get; internal set; }

    /// <summary>Dictionary entries in their order (for exceptions: their Data entries).</summary>
    public IReadOnlyList<KeyValuePair<GraphValue, GraphValue>> Entries { get; internal set; } = [];

    /// <summary>Strings' text, boxed values, StringBuilder text, well-known objects' names, delegates' methods.</summary>
    public object? Value { get; internal set; }

    /// <summary>Array dimension lengths.</summary>
    public IReadOnlyList<int> Lengths { get; internal set; } = [];

    /// <summary>Number of items (or elements).</summary>
    public long Count => PrimitiveItems?.LongLength ?? Math.Max(Items.Count, Entries.Count);

    /// <summary>The field named <paramref name="name"/>, or throws <see cref="KeyNotFoundException"/>.</summary>
    public GraphValue this[string name] =>
        Fields.FirstOrDefault(f => f.Name == name)?.Value ?? throw new KeyNotFoundException($"{TypeName} has no field '{name}'");

    public override string ToString() => $"#{Id} {TypeName}";
}
