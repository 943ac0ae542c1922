using System.Buffers.Binary;

namespace Ferry.Images.Binary;

/// <summary>Growable little-endian writer for small structures (headers, manifests).</summary>
internal sealed class SpanWriter
{
    private byte[] _buf = new byte[256];
    private int _pos;

    public int Length => _pos;

    public ReadOnlySpan<byte> Written => _buf.AsSpan(0, _pos);

    private Span<byte> Grab(int n)
    {
        if (_pos + n > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _pos + n));
        }
        var s = _buf.AsSpan(_pos, n);
        _pos += n;
        return s;
    }

    public void U8(byte v) => Grab(1)[0] = v;

    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Grab(2), v);

    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Grab(4), v);

    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Grab(8), v);

    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Grab(8), v);

    public void Bytes(ReadOnlySpan<byte> v) => v.CopyTo(Grab(v.Length));

    public void VarU64(ulong v)
    {
        Span<byte> tmp = stackalloc byte[VarInt.MaxLength];
        int n = VarInt.Write(tmp, 0, v);
        Bytes(tmp[..n]);
    }

    public void Utf8(string s)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(s.Length);
        byte[] tmp = new byte[max];
        int n = System.Text.Encoding.UTF8.GetBytes(s, tmp);
        VarU64((ulong)n);
        Bytes(tmp.AsSpan(0, n));
    }
}
