using System.Buffers.Binary;
using System.Text;

namespace Ferry.Images.Binary;

/// <summary>
/// Bounds-checked reader over a small, fully loaded byte span (headers, manifests). Every read past the
/// end or malformed value throws <see cref="ImageFormatException"/> with <c>what</c> in the message.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;

    public SpanReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        Position = 0;
    }

    public int Position { get; private set; }

    public int Remaining => _data.Length - Position;

    public bool AtEnd => Position == _data.Length;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Bad($"needs {count} bytes at offset {Position}, {Remaining} left");
        }
        var s = _data.Slice(Position, count);
        Position += count;
        return s;
    }

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong VarU64()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = U8();
            if (shift == 63 && b > 1)
            {
                throw Bad("varint overflows 64 bits");
            }
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Bad("varint too long");
    }

    /// <summary>A varint that must fit an int and be at most <paramref name="max"/>.</summary>
    public int VarInt32(int max)
    {
        ulong v = VarU64();
        if (v > (ulong)max)
        {
            throw Bad($"value {v} exceeds the limit {max}");
        }
        return (int)v;
    }

    public string Utf8(int maxBytes = 1 << 20)
    {
        int len = VarInt32(maxBytes);
        try
        {
            return Strict.GetString(Take(len));
        }
        catch (DecoderFallbackException)
        {
            throw Bad("invalid UTF-8 text");
        }
    }

    public ImageFormatException Bad(string detail) => new($"corrupted {_what}: {detail}");

    private static readonly UTF8Encoding Strict = new(false, true);
}
