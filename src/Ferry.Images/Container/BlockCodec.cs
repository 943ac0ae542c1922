using K4os.Compression.LZ4;
using ZstdSharp;

namespace Ferry.Images.Container;

/// <summary>Compresses and decompresses single blocks; a block that does not shrink is stored raw.</summary>
internal static class BlockCodec
{
    public const int ZstdLevel = 1;

    [ThreadStatic] private static Compressor? t_zstdCompressor;
    [ThreadStatic] private static Decompressor? t_zstdDecompressor;

    public static int MaxStoredLength(int rawLength) =>
        Math.Max(LZ4Codec.MaximumOutputSize(rawLength), (int)Compressor.GetCompressBound(rawLength));

    /// <summary>Compresses into <paramref name="destination"/>; returns the codec really used and the stored length.</summary>
    public static (ImageCompression Codec, int Length) Encode(ImageCompression codec, ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int n = codec switch
        {
            ImageCompression.Lz4 => LZ4Codec.Encode(raw, destination, LZ4Level.L00_FAST),
            ImageCompression.Zstd => (t_zstdCompressor ??= new Compressor(ZstdLevel)).Wrap(raw, destination),
            _ => -1,
        };
        if (n <= 0 || n >= raw.Length)
        {
            raw.CopyTo(destination);
            return (ImageCompression.None, raw.Length);
        }
        return (codec, n);
    }

    /// <summary>Decompresses a block that already passed its checksum; a decoder error still means a bad image.</summary>
    public static void Decode(ImageCompression codec, ReadOnlySpan<byte> stored, Span<byte> raw, string where)
    {
        int n;
        switch (codec)
        {
            case ImageCompression.None:
                if (stored.Length != raw.Length)
                {
                    throw new ImageFormatException($"image is corrupted: {where} has a stored length that differs from its length");
                }
                stored.CopyTo(raw);
                return;
            case ImageCompression.Lz4:
                n = LZ4Codec.Decode(stored, raw);
                break;
            case ImageCompression.Zstd:
                try
                {
                    n = (t_zstdDecompressor ??= new Decompressor()).Unwrap(stored, raw);
                }
                catch (ZstdException)
                {
                    n = -1;
                }
                catch (ArgumentException)
                {
                    n = -1;
                }
                break;
            default:
                throw new ImageFormatException($"image is corrupted: {where} uses unknown compression {(byte)codec}");
        }
        if (n != raw.Length)
        {
            throw new ImageFormatException($"image is corrupted: {where} does not decompress to its recorded length");
        }
    }
}
