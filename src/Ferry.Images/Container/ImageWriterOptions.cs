namespace Ferry.Images;

/// <summary>How an image is written. The defaults favour checkpoint speed with safe storage.</summary>
public sealed class ImageWriterOptions
{
    /// <summary>Compression of sections that don't ask for their own.</summary>
    public ImageCompression Compression { get; init; } = ImageCompression.Lz4;

    /// <summary>Raw bytes per block (the unit of compression and checksums); 64 KiB .. 4 MiB.</summary>
    public int BlockSize { get; init; } = Container.ImageLayout.DefaultBlockSize;

    /// <summary>Blocks compressed in parallel with the producer; 0 compresses on the writing thread.</summary>
    public int CompressionThreads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Flush to stable storage before the image appears at its path.</summary>
    public bool Durable { get; init; } = true;

    internal static readonly ImageWriterOptions Default = new();
}
