namespace Ferry.Images.Graph;

/// <summary>Stack&lt;T&gt;: count and items from top to bottom (as enumerated).</summary>
internal sealed class StackCodec<T>(CodecRegistry registry) : TypeCodec(typeof(Stack<T>), CodecKind.Stack)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new Stack<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        T[] items = ((Stack<T>)value).ToArray();
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var stack = (Stack<T>)value;
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        stack.EnsureCapacity(items.Length);
        for (int i = items.Length - 1; i >= 0; i--)
        {
            stack.Push(items[i]);
        }
    }
}
