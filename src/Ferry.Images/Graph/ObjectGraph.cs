namespace Ferry.Images.Graph;

/// <summary>The named roots of an object graph read from an image.</summary>
public sealed class ObjectGraph
{
    internal ObjectGraph(IReadOnlyDictionary<string, object?> roots, int objectCount, int typeCount)
    {
        Roots = roots;
        ObjectCount = objectCount;
        TypeCount = typeCount;
    }

    public IReadOnlyDictionary<string, object?> Roots { get; }

    /// <summary>The root named <paramref name="name"/>; throws <see cref="ImageFormatException"/> if the image has none.</summary>
    public object? this[string name] =>
        Roots.TryGetValue(name, out var root) ? root : throw new ImageFormatException($"image has no root '{name}'");

    public int ObjectCount { get; }

    public int TypeCount { get; }
}
