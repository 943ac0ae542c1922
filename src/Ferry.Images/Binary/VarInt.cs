namespace Ferry.Images.Binary;

/// <summary>LEB128 unsigned varints and zig-zag signed ones, as used throughout the format.</summary>
internal static class VarInt
{
    public const int MaxLength = 10;

    /// <summary>Writes <paramref name="value"/> at <paramref name="buffer"/>[pos]; returns the new position.</summary>
    public static int Write(Span<byte> buffer, int pos, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[pos++] = (byte)value;
        return pos;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
