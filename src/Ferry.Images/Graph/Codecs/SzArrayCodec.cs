using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>Single-dimension zero-based arrays: length where first referenced, elements in the body.</summary>
internal sealed class SzArrayCodec<T>(CodecRegistry registry) : TypeCodec(typeof(T[]), CodecKind.Array)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value) => w.WriteVarUInt((ulong)((T[])value).Length);

    public override object ReadAllocation(GraphDecoder r)
    {
        int length = (int)r.ReadCount(_slots.MinEncodedSize);
        // Elements are all overwritten by the body, so big unmanaged arrays skip zeroing.
        return RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[length] : GC.AllocateUninitializedArray<T>(length);
    }

    public override void WriteBody(GraphEncoder w, object value) => _slots.Write(w, (T[])value);

    public override void ReadBody(GraphDecoder r, object value) => _slots.Read(r, (T[])value);
}
