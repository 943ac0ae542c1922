namespace Ferry.Images.Graph;

/// <summary>
/// A collection written as its version, count and items in enumeration order (Queue&lt;T&gt;, Stack&lt;T&gt;):
/// read back by adding the items in an order that puts each at the array position an enumerator held
/// across a checkpoint indexes, then setting the version so that enumerator neither throws nor misses
/// a modification.
/// </summary>
internal abstract class SequenceCodec<TCollection, T>(CodecRegistry registry, CodecKind kind) : TypeCodec(typeof(TCollection), kind)
    where TCollection : class, new()
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new TCollection();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var collection = (TCollection)value;
        w.WriteVarUInt((uint)Version(collection));
        T[] items = Items(collection);
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var collection = (TCollection)value;
        int version = ListCodec<T>.ReadVersion(r);
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        Clear(collection); // empty unless an incremental round sends the collection again
        Fill(collection, items);
        Version(collection) = version;
    }

    /// <summary>The items in enumeration order.</summary>
    protected abstract T[] Items(TCollection collection);

    /// <summary>Puts the items (in enumeration order) back into the empty collection.</summary>
    protected abstract void Fill(TCollection collection, T[] items);

    protected abstract ref int Version(TCollection collection);

    protected abstract void Clear(TCollection collection);
}
