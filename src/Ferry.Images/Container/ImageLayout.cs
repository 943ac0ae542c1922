namespace Ferry.Images.Container;

/// <summary>Byte-level constants of the container format (docs/image-format.md is the contract).</summary>
internal static class ImageLayout
{
    public static ReadOnlySpan<byte> Magic => "FERRYIMG"u8;
    public static ReadOnlySpan<byte> EndMagic => "FERRYEND"u8;

    /// <summary>The container version this build writes and the only one it reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>magic(8) version(2) flags(2) bodyLength(4).</summary>
    public const int HeaderPrefix = 16;
    public const int MaxHeaderBody = 1 << 20;

    public const byte TagSection = (byte)'S';
    public const byte TagBlock = (byte)'B';
    public const byte TagSectionEnd = (byte)'E';
    public const byte TagImageEnd = (byte)'X';

    /// <summary>tag(1) codec(1) reserved(2) rawLength(4) storedLength(4); the data and an 8-byte hash follow.</summary>
    public const int BlockHeader = 12;
    public const int BlockTrailer = 8;

    /// <summary>Largest raw block a reader accepts; writers use <see cref="DefaultBlockSize"/>.</summary>
    public const int MaxBlockSize = 4 << 20;
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>tag(1) codec(1) nameLength(1) reserved(1) name hash(8).</summary>
    public const int SectionStartFixed = 4;
    public const int MaxSectionName = 64;

    /// <summary>tag(1) reserved(3) blockCount(4) rawLength(8) digest(8) hash(8).</summary>
    public const int SectionEnd = 32;

    /// <summary>tag(1) reserved(3) sectionCount(4) endOffset(8) hash(8) magic(8).</summary>
    public const int ImageEnd = 32;

    /// <summary>Running digest of a section's block hashes, so dropped or reordered blocks are caught.</summary>
    public static ulong ChainDigest(ulong digest, ulong blockHash) =>
        (System.Numerics.BitOperations.RotateLeft(digest, 29) ^ blockHash) * 0x9E3779B185EBCA87UL;

    public static bool IsValidSectionName(string name)
    {
        if (name.Length is 0 or > MaxSectionName)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
