namespace Ferry.Images;

/// <summary>How the blocks of a section are compressed. The byte values are part of the format.</summary>
public enum ImageCompression : byte
{
    None = 0,
    Lz4 = 1,
    Zstd = 2,
}
