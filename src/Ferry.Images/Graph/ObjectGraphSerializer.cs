namespace Ferry.Images.Graph;

/// <summary>
/// Writes named roots of a live object graph into an image and reads them back, over one shared object
/// table (an object reachable from two roots is one object after reading). Keep one serializer per
/// process: what it learns about each type (compiled accessors included) is reused by every write and read.
/// </summary>
public sealed class ObjectGraphSerializer
{
    private readonly CodecRegistry _registry;

    public ObjectGraphSerializer(TypeAllowlist allowlist, IObjectSurrogates? surrogates = null)
    {
        Allowlist = allowlist;
        Surrogates = surrogates;
        _registry = new CodecRegistry(allowlist);
    }

    public TypeAllowlist Allowlist { get; }

    public IObjectSurrogates? Surrogates { get; }

    /// <summary>
    /// Writes each root into a section of its name (in the order given) and the "graph" manifest section.
    /// Throws <see cref="ImageWriteException"/> naming the path to anything that cannot be in an image;
    /// the image must then be abandoned (dispose it without committing).
    /// </summary>
    public GraphWriteStats Write(ImageWriter image, IEnumerable<KeyValuePair<string, object?>> roots)
    {
        var list = roots.ToList();
        foreach (var (name, _) in list)
        {
            if (name == GraphManifest.SectionName || !Container.ImageLayout.IsValidSectionName(name))
            {
                throw new ArgumentException($"'{name}' cannot name a root (1-64 printable ASCII characters, not 'graph')", nameof(roots));
            }
        }
        if (list.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new ArgumentException("root names must be distinct", nameof(roots));
        }
        using var encoder = new GraphEncoder(_registry, Surrogates, list);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long before = 0;
        foreach (var (name, root) in list)
        {
            encoder.WriteRoot(image, name, root);
            long now = encoder.RawBytesWritten;
            sizes[name] = now - before;
            before = now;
        }
        image.AddSection(GraphManifest.SectionName, new GraphManifest(list.Select(r => r.Key).ToArray(), encoder.ObjectCount, encoder.TypeCount).Encode());
        return new GraphWriteStats(encoder.ObjectCount, encoder.TypeCount, before, sizes);
    }

    /// <summary>Convenience: writes the roots given as (name, object) pairs.</summary>
    public GraphWriteStats Write(ImageWriter image, params (string Name, object? Root)[] roots) =>
        Write(image, roots.Select(r => new KeyValuePair<string, object?>(r.Name, r.Root)));

    /// <summary>
    /// Reads every root of the image's object graph. The image must have been made by the same .NET
    /// version. Any problem with the data is an <see cref="ImageFormatException"/>; no type outside the
    /// allowlist is instantiated. The surrogates hear <see cref="IObjectSurrogates.GraphRead"/> once the graph is whole.
    /// </summary>
    public ObjectGraph Read(ImageReader image)
    {
        ImageReader.EnsureRuntime(image.Header);
        var manifest = GraphManifest.Read(image);
        long budget = manifest.Roots.Sum(r => image.GetSection(r).RawLength);
        var decoder = new GraphDecoder(_registry, Surrogates, budget);
        var roots = new Dictionary<string, object?>(StringComparer.Ordinal);
        string current = "";
        try
        {
            foreach (var name in manifest.Roots)
            {
                current = name;
                roots[name] = decoder.ReadRoot(image, name);
            }
            current = "";
            decoder.Finish();
        }
        catch (ImageFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or OverflowException or FormatException or NullReferenceException or KeyNotFoundException or NotSupportedException
            or TypeLoadException or OutOfMemoryException or ArithmeticException)
        {
            string where = current.Length > 0 ? $" in section '{current}'" : " while rebuilding collections";
            throw new ImageFormatException($"corrupted object graph{where}: {e.GetType().Name}: {e.Message}", e);
        }
        if (decoder.ObjectCount != manifest.ObjectCount || decoder.TypeCount != manifest.TypeCount)
        {
            throw new ImageFormatException($"corrupted object graph: {decoder.ObjectCount} objects and {decoder.TypeCount} types read, the manifest says {manifest.ObjectCount} and {manifest.TypeCount}");
        }
        Surrogates?.GraphRead();
        return new ObjectGraph(roots, decoder.ObjectCount, decoder.TypeCount);
    }
}
