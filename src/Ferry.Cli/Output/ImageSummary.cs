namespace Ferry.Cli.Output;

/// <summary>What <c>ferry image show</c> prints about an image (also as JSON).</summary>
internal sealed record ImageSummary(
    string Path,
    long Bytes,
    int FormatVersion,
    string RuntimeVersion,
    DateTimeOffset Created,
    IReadOnlyList<ImageSummary.Assembly> Assemblies,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ImageSummary.Section> Sections,
    IReadOnlyList<string> Roots,
    IReadOnlyList<ImageSummary.Thread> Threads,
    IReadOnlyList<ImageSummary.TypeCount> Types,
    int Objects)
{
    internal sealed record Assembly(string Name, string Version, Guid Mvid);

    internal sealed record Section(string Name, string Compression, long RawBytes, long StoredBytes, int Blocks);

    /// <summary>A saved thread: its own values, and its frames outermost first as "Type field=value ...".</summary>
    internal sealed record Thread(string Summary, IReadOnlyList<string> Frames);

    internal sealed record TypeCount(string Type, int Count, long Bytes);
}
