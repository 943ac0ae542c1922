using System.Buffers.Binary;

namespace Ferry.Node.Front;

/// <summary>
/// What the front writes first on every backend leg when the backend is a Ferry instance: which front
/// connection this is and how far each direction has come, so a restored instance can resume a connection
/// at the exact byte (docs/migration.md, "The front"). The runtime's intercepted Accept reads and strips
/// it; the app never sees it.
/// </summary>
public readonly record struct BackendPreamble(ulong ConnectionId, long ToBackend, long FromBackend)
{
    public const int Size = 28;

    /// <summary>
    /// The byte an instance answers a preamble with once the app side holds the connection (accepted, or
    /// bound to a restored socket). Until it arrives the front forwards nothing, so a connection still in
    /// the listen backlog when the instance moves has sent nothing and simply opens anew on the target.
    /// </summary>
    public const byte Ack = 0x06;
    private const uint Magic = 0x31595246; // "FRY1" little-endian

    public void Write(Span<byte> into)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(into, Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(into[4..], ConnectionId);
        BinaryPrimitives.WriteInt64LittleEndian(into[12..], ToBackend);
        BinaryPrimitives.WriteInt64LittleEndian(into[20..], FromBackend);
    }

    public static BackendPreamble Read(ReadOnlySpan<byte> from)
    {
        if (from.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(from) != Magic)
            throw new InvalidDataException("not a Ferry front preamble");
        var preamble = new BackendPreamble(
            BinaryPrimitives.ReadUInt64LittleEndian(from[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(from[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(from[20..]));
        if (preamble.ToBackend < 0 || preamble.FromBackend < 0) throw new InvalidDataException("a front preamble with negative offsets");
        return preamble;
    }
}
