using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Multi-dimensional arrays (and rank-1 arrays with a lower bound): each dimension's length and lower
/// bound where first referenced, then all elements in row-major order.
/// </summary>
internal sealed class MdArrayCodec<T>(CodecRegistry registry, Type arrayType) : TypeCodec(arrayType, CodecKind.Array)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();
    private readonly int _rank = arrayType.GetArrayRank();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var a = (Array)value;
        for (int d = 0; d < _rank; d++)
        {
            w.WriteVarUInt((ulong)a.GetLength(d));
            w.WriteVarInt(a.GetLowerBound(d));
        }
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        var lengths = new int[_rank];
        var lowerBounds = new int[_rank];
        long total = 1;
        for (int d = 0; d < _rank; d++)
        {
            lengths[d] = (int)Math.Min(r.ReadVarUInt(), int.MaxValue);
            long lb = r.ReadVarInt();
            if (lb is < int.MinValue or > int.MaxValue || lb + lengths[d] > (long)int.MaxValue + 1)
            {
                throw r.Bad("array bounds out of range");
            }
            lowerBounds[d] = (int)lb;
            total *= lengths[d];
            if (total > Array.MaxLength)
            {
                throw r.Bad("array too large");
            }
        }
        r.Charge(total * _slots.MinEncodedSize);
        try
        {
            return Array.CreateInstance(typeof(T), lengths, lowerBounds);
        }
        catch (ArgumentException)
        {
            throw r.Bad("array bounds out of range");
        }
    }

    public override void WriteBody(GraphEncoder w, object value) => _slots.Write(w, Elements((Array)value));

    public override void ReadBody(GraphDecoder r, object value) => _slots.Read(r, Elements((Array)value));

    /// <summary>All elements of any-rank array as one span (they are contiguous in memory).</summary>
    private static Span<T> Elements(Array a) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(a)), (int)a.LongLength);
}
