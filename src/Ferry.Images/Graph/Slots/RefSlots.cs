namespace Ferry.Images.Graph;

/// <summary>Slots of a reference type: one reference each, type-checked on read.</summary>
internal sealed class RefSlots<T> : SlotCodec<T>
{
    public override int MinEncodedSize => 1;

    public override void Write(GraphEncoder w, ReadOnlySpan<T> items)
    {
        foreach (var item in items)
        {
            w.WriteRef(item);
        }
    }

    public override void Read(GraphDecoder r, Span<T> items)
    {
        for (int i = 0; i < items.Length; i++)
        {
            object? o = r.ReadRef();
            if (o is null)
            {
                items[i] = default!;
            }
            else if (o is T t)
            {
                items[i] = t;
            }
            else
            {
                throw r.Bad($"a {TypeNames.Display(o.GetType())} in a slot of {TypeNames.Display(typeof(T))}");
            }
        }
    }
}
