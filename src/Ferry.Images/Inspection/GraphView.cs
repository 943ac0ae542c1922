namespace Ferry.Images.Inspection;

/// <summary>An image's object graph as generic objects: walk it by root, object id and field name.</summary>
public sealed class GraphView
{
    private readonly IReadOnlyList<GraphObject> _objects;
    private readonly IReadOnlyDictionary<string, GraphValue> _roots;

    internal GraphView(IReadOnlyList<string> rootNames, IReadOnlyDictionary<string, GraphValue> roots, IReadOnlyList<GraphObject> objects)
    {
        RootNames = rootNames;
        _roots = roots;
        _objects = objects;
    }

    public IReadOnlyList<string> RootNames { get; }

    public IReadOnlyList<GraphObject> Objects => _objects;

    public int Count => _objects.Count;

    public GraphObject this[int id] => _objects[id];

    /// <summary>The root named <paramref name="name"/> (null when the root was null).</summary>
    public GraphObject? Root(string name) =>
        _roots.TryGetValue(name, out var v) ? Resolve(v) : throw new KeyNotFoundException($"image has no root '{name}'");

    /// <summary>The object a value refers to, or null for anything else.</summary>
    public GraphObject? Resolve(GraphValue value) => value.Kind == GraphValueKind.Reference ? _objects[value.ObjectId] : null;

    /// <summary>Object counts and bytes by type, largest first.</summary>
    public IReadOnlyList<TypeStatistics> TypeStatistics() =>
        _objects.GroupBy(o => o.TypeName)
            .Select(g => new TypeStatistics(g.Key, g.Count(), g.Sum(o => o.Size)))
            .OrderByDescending(s => s.Bytes).ThenBy(s => s.TypeName, StringComparer.Ordinal)
            .ToList();
}
