namespace Ferry.Images.Container;

/// <summary>One block after compression and hashing, waiting to be written in order.</summary>
internal sealed class EncodedBlock
{
    public required byte[] Header { get; init; }
    public required byte[] Stored { get; init; }
    public required int StoredLength { get; init; }
    public required int RawLength { get; init; }
    public required ulong Hash { get; init; }
}
