using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>
/// List&lt;T&gt;: version, count and items, read straight into the list's storage. The version is kept so that
/// an enumerator held across a checkpoint neither throws nor misses a modification.
/// </summary>
internal sealed class ListCodec<T>(CodecRegistry registry) : TypeCodec(typeof(List<T>), CodecKind.List)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new List<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var list = (List<T>)value;
        w.WriteVarUInt((uint)Version(list));
        var items = CollectionsMarshal.AsSpan(list);
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void PrefetchRefs(GraphEncoder w, object value)
    {
        ObjectIdMap.PrefetchFirst(CollectionsMarshal.AsSpan((List<T>)value));
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var list = (List<T>)value;
        int version = ReadVersion(r);
        int count = (int)r.ReadCount(_slots.MinEncodedSize);
        CollectionsMarshal.SetCount(list, count);
        _slots.Read(r, CollectionsMarshal.AsSpan(list));
        Version(list) = version;
    }

    internal static int ReadVersion(GraphDecoder r)
    {
        ulong v = r.ReadVarUInt();
        return v <= uint.MaxValue ? (int)(uint)v : throw r.Bad($"collection version {v}");
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(List<T> list);
}
