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
        CheckRootNames(list, name => name == GraphManifest.SectionName);
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

    internal static void CheckRootNames(IReadOnlyList<KeyValuePair<string, object?>> roots, Func<string, bool> reserved)
    {
        foreach (var (name, _) in roots)
        {
            if (reserved(name) || !Container.ImageLayout.IsValidSectionName(name))
            {
                throw new ArgumentException($"'{name}' cannot name a root (1-64 printable ASCII characters, not 'graph', 'round' or 'updates')", nameof(roots));
            }
        }
        if (roots.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count() != roots.Count)
        {
            throw new ArgumentException("root names must be distinct", nameof(roots));
        }
    }

    /// <summary>
    /// Starts writing a graph in rounds (<see cref="GraphSession"/>). <paramref name="tracked"/>: types whose
    /// instances' fields only code that reports changes writes (the app's woven types); an object of another
    /// class that changed is sent with the objects of untracked types and arrays it reaches (a framework
    /// object's internals). Null: the caller reports every changed object itself.
    /// </summary>
    public GraphSession BeginSession(Func<Type, bool>? tracked = null) => new(_registry, Surrogates, tracked);

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
        catch (Exception e) when (IsDataFault(e))
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

    /// <summary>
    /// Reads the rounds of a <see cref="GraphSession"/>, in the order they were written, into one graph: each
    /// round's updates go into the objects read before, a root takes its value from the last round that wrote
    /// it. Refuses rounds of different sessions, missing, repeated or reordered rounds, rounds after the final
    /// one, and a set of rounds in which some object never got its contents.
    /// </summary>
    public ObjectGraph ReadRounds(IReadOnlyList<ImageReader> rounds)
    {
        if (rounds.Count == 0)
        {
            throw new ArgumentException("no rounds to read", nameof(rounds));
        }
        var reader = BeginRounds();
        foreach (var round in rounds)
        {
            reader.Apply(round);
        }
        return reader.Finish();
    }

    /// <summary>Starts reading the rounds of a <see cref="GraphSession"/> one at a time, as they arrive (<see cref="RoundReader"/>).</summary>
    public RoundReader BeginRounds() => new(_registry, Surrogates);

    /// <summary>What bad data makes a codec throw while reading (anything else is a bug or an I/O failure).</summary>
    internal static bool IsDataFault(Exception e) =>
        e is InvalidCastException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or OverflowException or FormatException or NullReferenceException or KeyNotFoundException or NotSupportedException
            or TypeLoadException or OutOfMemoryException or ArithmeticException;
}
