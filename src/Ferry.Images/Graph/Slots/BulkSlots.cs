using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>Slots whose encoding is their memory (primitives, enums): copied in bulk.</summary>
internal sealed class BulkSlots<T> : SlotCodec<T> where T : unmanaged
{
    public override int MinEncodedSize { get; } = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public override void Write(GraphEncoder w, ReadOnlySpan<T> items) => w.WriteBulk(MemoryMarshal.AsBytes(items));

    public override void Read(GraphDecoder r, Span<T> items)
    {
        r.ReadBulk(MemoryMarshal.AsBytes(items));
        if (typeof(T) == typeof(bool))
        {
            // Only 0 and 1 are valid bools; normalize whatever the image holds.
            foreach (ref byte b in MemoryMarshal.AsBytes(items))
            {
                b = b != 0 ? (byte)1 : (byte)0;
            }
        }
    }
}
