namespace Ferry.Images.Graph;

/// <summary>LinkedListNode&lt;T&gt;: the list it belongs to (or null) and its value; the list links it in.</summary>
internal sealed class LinkedListNodeCodec<T>(CodecRegistry registry) : TypeCodec(typeof(LinkedListNode<T>), CodecKind.LinkedListNode)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new LinkedListNode<T>(default!);

    public override void WriteBody(GraphEncoder w, object value)
    {
        var node = (LinkedListNode<T>)value;
        w.WriteRef(node.List);
        T item = node.Value;
        _slots.Write(w, new ReadOnlySpan<T>(in item));
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var node = (LinkedListNode<T>)value;
        r.ReadRefAs<LinkedList<T>>();
        T item = default!;
        _slots.Read(r, new Span<T>(ref item));
        node.Value = item;
    }
}
