using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>List&lt;T&gt;: count and items, read straight into the list's storage.</summary>
internal sealed class ListCodec<T>(CodecRegistry registry) : TypeCodec(typeof(List<T>), CodecKind.List)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new List<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var items = CollectionsMarshal.AsSpan((List<T>)value);
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
        int count = (int)r.ReadCount(_slots.MinEncodedSize);
        CollectionsMarshal.SetCount(list, count);
        _slots.Read(r, CollectionsMarshal.AsSpan(list));
    }
}
