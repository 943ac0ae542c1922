namespace Ferry.Images.Inspection;

/// <summary>A slot's content in an inspected image: null, a plain value, a reference or an inline struct.</summary>
public readonly record struct GraphValue
{
    public GraphValueKind Kind { get; private init; }

    /// <summary>For <see cref="GraphValueKind.Value"/>: the value as a framework value (int, DateTime, BigInteger, ...).</summary>
    public object? Value { get; private init; }

    /// <summary>For <see cref="GraphValueKind.Reference"/>: the id of the object referred to.</summary>
    public int ObjectId { get; private init; }

    /// <summary>For <see cref="GraphValueKind.Struct"/>: its flattened fields.</summary>
    public IReadOnlyList<GraphField> Fields { get; private init; }

    public static GraphValue Null { get; } = new() { Kind = GraphValueKind.Null, Fields = [] };

    internal static GraphValue Of(object value) => new() { Kind = GraphValueKind.Value, Value = value, Fields = [] };

    internal static GraphValue Ref(int id) => new() { Kind = GraphValueKind.Reference, ObjectId = id, Fields = [] };

    internal static GraphValue Struct(IReadOnlyList<GraphField> fields) => new() { Kind = GraphValueKind.Struct, Fields = fields };

    public override string ToString() => Kind switch
    {
        GraphValueKind.Null => "null",
        GraphValueKind.Reference => $"#{ObjectId}",
        GraphValueKind.Struct => "{" + string.Join(", ", Fields.Select(f => $"{f.Name}={f.Value}")) + "}",
        _ => Value is string s ? $"\"{s}\"" : Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
