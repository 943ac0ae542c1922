using System.Buffers.Binary;

namespace Ferry.Runtime.Connections;

/// <summary>
/// The runtime's reading of the front's preamble (Ferry.Node's BackendPreamble: "FRY1", connection id, bytes
/// the front sent to the app, bytes it received from the app; 28 bytes, little-endian) and its ack byte.
/// </summary>
public readonly record struct FrontPreamble(ulong ConnectionId, long ToBackend, long FromBackend)
{
    public const int Size = 28;
    public const byte Ack = 0x06;
    private const uint Magic = 0x31595246; // "FRY1"

    /// <summary>The preamble in <paramref name="from"/>, or null when it is not one.</summary>
    public static FrontPreamble? TryRead(ReadOnlySpan<byte> from)
    {
        if (from.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(from) != Magic) return null;
        var preamble = new FrontPreamble(
            BinaryPrimitives.ReadUInt64LittleEndian(from[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(from[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(from[20..]));
        return preamble.ToBackend < 0 || preamble.FromBackend < 0 ? null : preamble;
    }
}
