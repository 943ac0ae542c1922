namespace Ferry.Images;

/// <summary>One section as found in an image's index.</summary>
public sealed record ImageSectionInfo(
    string Name,
    ImageCompression Compression,
    long Offset,
    long RawLength,
    long StoredLength,
    int BlockCount)
{
    internal IReadOnlyList<Container.BlockLocation> Blocks { get; init; } = [];
}
